"""Giving money back: orderCancel(refund: true) gives back every charge, orderRefund part of them.

Each refund is a step of its own transaction: the order row locked, the provider's refund of one
charge and its booking against that charge (gateway/orders/ledger.py) commit together. So a refund
the provider refuses later leaves the earlier ones booked, as they happened, and the answer says
how far it got. Before refunding, a step books the refunds the provider made of that charge that we
do not know of (a step that died after the provider's refund, one made in its dashboard): a retry
never gives back a charge twice. The merchant's idempotency key of orderRefund travels with each
refund, so a retry with it completes the first request instead of refunding again.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.engine import Database
from gateway.db.models import Order, Transaction
from gateway.orders import idempotency, ledger
from gateway.orders.orders import lock
from gateway.payments.provider import Charge, PaymentProvider, ProviderUnavailable
from gateway.platform import clock, ids, money, validation
from gateway.platform.errors import DomainError, Problems, not_found

CANCEL_KEY = "orderCancel"
ROUNDS = 3  # a payment booked while the charges are given back (its event) is given back too


async def cancel(
    db: Database, provider: PaymentProvider, order_gid: str, refund: bool = False, field: str = "orderId"
) -> int:
    """Cancel the order: it owes nothing any more, so its credit is released; unpaid, it is VOIDED.
    With refund, what was received is given back, charge by charge (through the provider for card
    charges; money received outside the shop is booked as refunded outside it too), and the order is
    REFUNDED; without, money received stays booked. The order's id."""
    for _ in range(ROUNDS):
        async with db.transaction() as session:
            order = await ledger.staff_order(session, order_gid, field)
            plan = ledger.refundable(await ledger.transactions_of(session, order.id)) if refund else []
            if not plan:
                order.cancelled_at = clock.now()
                if order.paid_amount == 0:
                    order.financial_status = "VOIDED"
                elif refund:
                    order.financial_status = "REFUNDED"
                return order.id
        await _give_back(db, provider, order.id, [(charge.id, left) for charge, left in plan], CANCEL_KEY, None, None)
    raise DomainError.of("INVALID_STATE", "Payments kept arriving while the order was refunded; try again.", field)


async def refund(
    db: Database, provider: PaymentProvider, order_gid: str, amount: Decimal, reason: str | None, key: str
) -> int:
    """Give back amount of what the order was paid (orderRefund), its oldest charges first, once per
    idempotency key: a retry with the key and the same arguments completes the first request. The
    order's id."""
    problems = Problems()
    key = validation.text(problems, key, (idempotency.FIELD,), required=True, max_length=255)
    reason = validation.text(problems, reason, ("reason",), max_length=500)
    problems.raise_if_any()
    digest = idempotency.fingerprint("orderRefund", {"orderId": order_gid, "amount": str(amount), "reason": reason})
    async with db.transaction() as session:
        found = await ids.lookup(session, Order, order_gid)
        if found is None:
            raise not_found("Order", "orderId")
        order = await lock(session, found.id)
        rows = await ledger.transactions_of(session, order.id)
        mine = [row for row in rows if row.kind == "REFUND" and row.idempotency_key == key]
        if any(row.request_hash != digest for row in mine):
            raise DomainError.of("IDEMPOTENCY_KEY_REUSED", "This idempotency key was used for another request; "
                                 "use a new key.", idempotency.FIELD)
        remaining = _minor(amount, order) - sum(row.amount for row in mine)
        if remaining <= 0:  # a replay: done already
            return order.id
        plan = ledger.refundable(rows)
        available = sum(left for _, left in plan)
        if remaining > available:
            raise DomainError.of("INVALID_AMOUNT", f"At most {money.from_minor(available, order.currency)} "
                                 "can be refunded.", "amount")
        slices = []
        for charge, left in plan:
            if remaining <= 0:
                break
            slices.append((charge.id, min(left, remaining)))
            remaining -= slices[-1][1]
    await _give_back(db, provider, order.id, slices, key, digest, reason)
    return order.id


def _minor(amount: Decimal, order: Order) -> int:
    if not amount.is_finite() or not money.decimals_ok(amount, order.currency) or amount <= 0:
        raise DomainError.of("INVALID_AMOUNT", "The amount must be more than 0, in the order's currency.", "amount")
    return money.to_minor(amount, order.currency)


async def _give_back(
    db: Database, provider: PaymentProvider, order_id: int, slices: list[tuple[int, int]], key: str,
    digest: str | None, reason: str | None,
) -> None:
    done = 0
    for charge_id, amount in slices:
        try:
            done += await _step(db, provider, order_id, charge_id, amount, key, digest, reason)
        except DomainError as error:
            if done == 0 or error.problems[0].code != "REFUND_FAILED":
                raise
            problem = error.problems[0]
            message = (f"{problem.message} The refunds before it ({done} minor units) are made and booked; send the "
                       "request again to retry the rest.")
            raise DomainError.of(problem.code, message, *(problem.field or ())) from None


async def _step(
    db: Database, provider: PaymentProvider, order_id: int, charge_id: int, amount: int, key: str,
    digest: str | None, reason: str | None,
) -> int:
    """Refund up to amount of one charge and book it, in one transaction; what was refunded."""
    async with db.transaction() as session:
        order = await lock(session, order_id)
        charge = await session.get(Transaction, charge_id)
        assert charge is not None  # transactions are never deleted while their order lives
        await reconcile(session, provider, order, [charge])
        left = dict((row.id, left) for row, left in ledger.refundable(await ledger.transactions_of(session, order_id)))
        amount = min(amount, left.get(charge_id, 0))
        if amount <= 0:  # given back meanwhile (a concurrent request, the provider's dashboard)
            return 0
        refunded = Charge(succeeded=True)  # received outside the shop: booked as refunded outside it
        if charge.provider_reference is not None:
            try:
                refunded = await provider.refund(
                    charge.provider_reference, amount, charge.currency,
                    f"refund:{order_id}:{charge.id}:{key}:{left[charge_id]}:{clock.now().timestamp()}", reason,
                    f"{digest or ''}:{key}",
                )
            except ProviderUnavailable:
                raise DomainError.of("PAYMENT_PROVIDER_UNAVAILABLE", "The payment provider did not answer; send the "
                                     "request again (what it refunded meanwhile is booked, not refunded twice).",
                                     "orderId") from None
        if not refunded.succeeded:
            raise DomainError.of("REFUND_FAILED", f"The payment provider refused the refund: "
                                 f"{refunded.message or 'no reason given'}. Nothing was cancelled.", "refund")
        await ledger.record_refund(session, order, charge, amount, refunded, key, digest, reason)
        return amount


async def reconcile(session: AsyncSession, provider: PaymentProvider, order: Order, charges: list[Transaction]) -> int:
    """Book the refunds the provider made of these charges of the (locked) order that no order has
    booked yet; the number booked. A refund made under orderRefund's key is booked under it."""
    booked = 0
    for charge in charges:
        if charge.provider_reference is None:
            continue
        made = await provider.refunds_of(charge.provider_reference)
        if not made:
            continue
        known = set((await session.scalars(select(Transaction.provider_reference).where(
            Transaction.provider_reference.in_([refund.reference for refund in made])
        ))).all())
        for refunded in made:
            if refunded.reference in known:
                continue
            left = dict((row.id, left) for row, left in ledger.refundable(await ledger.transactions_of(session, order.id)))
            amount = min(refunded.amount, left.get(charge.id, 0))
            if amount > 0:
                digest, _, key = (refunded.key or "").partition(":")  # the request it was made for
                await ledger.record_refund(
                    session, order, charge, amount, Charge(succeeded=True, reference=refunded.reference),
                    key or None, digest or None,
                )
                booked += 1
    return booked
