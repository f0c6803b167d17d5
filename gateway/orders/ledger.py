"""Money movement: every charge, refund and allocation of money to orders goes through here.

Checkout, draft orders, orderPay, ordersPay and the collection worker charge a vaulted method with
charge() and book what it paid on the (locked) order with record_payment(); the merchant books money
received outside the shop (mark_as_paid); refunds are booked against their charge with
record_refund() (gateway/orders/refunds.py makes them, one step per charge). What an order still
owes is total - paid_amount; what was given back is refunded_amount. A provider's charge or refund
is booked once per order, whether the request or the provider's event (gateway/orders/payment_events.py)
gets there first. The buyer's outstanding orders are read here too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import policy, viewer
from gateway.db.models import DraftOrder, Order, PaymentMethod, PaymentSchedule, Transaction
from gateway.orders import idempotency
from gateway.orders.orders import (
    PAID,
    announce_paid,
    find,
    is_overdue,
    lock,
    status_for,
)
from gateway.payments import methods
from gateway.payments.provider import Charge, PaymentProvider, ProviderUnavailable
from gateway.platform import clock, ids, money
from gateway.platform.errors import DomainError, Problems, login_required, not_found

MAX_ORDERS_PER_PAYMENT = 50
METADATA_VALUE = 500


# -- charging a method and booking what it paid --


def paying_for(orders: dict[int, int]) -> dict[str, str]:
    """The charge's metadata naming the orders it pays, {order id: minor units}: the provider's
    event books it from these when the request that charged never committed (payment_events)."""
    text = ",".join(f"{order_id}:{amount}" for order_id, amount in orders.items())
    # Stripe keeps at most 500 characters a value: ordersPay of 50 orders takes a few keys.
    chunks = [text[i:i + METADATA_VALUE] for i in range(0, len(text), METADATA_VALUE)] or [""]
    return {f"gateway_orders{'' if i == 0 else f'_{i}'}": chunk for i, chunk in enumerate(chunks)}


def orders_paid_by(metadata: dict[str, str]) -> dict[int, int]:
    """paying_for() read back: {} for a charge that names no orders (a checkout's, a draft's)."""
    text = "".join(metadata[key] for key in sorted(
        (k for k in metadata if k == "gateway_orders" or k.startswith("gateway_orders_")),
        key=lambda k: int(k.rpartition("_")[2]) if k != "gateway_orders" else 0,
    ))
    pairs = (item.split(":") for item in text.split(",") if item)
    return {int(order_id): int(amount) for order_id, amount in pairs}


async def charge(
    session: AsyncSession, provider: PaymentProvider, method: PaymentMethod, amount: int, currency: str,
    idempotency_key: str, metadata: dict[str, str],
) -> Charge:
    """Charge the method off-session; a decline is PAYMENT_DECLINED with the provider's reason, a
    card that needs the buyer's authentication PAYMENT_REQUIRES_ACTION with the client secret, and
    the caller's transaction rolls back whole."""
    if method.provider != provider.name:
        raise DomainError.of("INVALID", "This payment method was added with another payment provider; add it "
                             "again.", "paymentMethodId")
    customer = method.customer_reference or await methods.provider_customer(
        session, provider, method.customer_id, "paymentMethodId"
    )
    try:
        result = await provider.charge(method.provider_reference, amount, currency, idempotency_key, customer, metadata)
    except ProviderUnavailable:
        raise DomainError.of(
            "PAYMENT_PROVIDER_UNAVAILABLE", "The payment provider did not answer, so the payment may or may not "
            "have gone through: send the request again with the same idempotency key (it never charges twice).",
            "paymentMethodId",
        ) from None
    if result.client_secret:
        raise DomainError.of(
            "PAYMENT_REQUIRES_ACTION", f"{result.message} Confirm the payment in the buyer's browser with "
            f"Stripe.js (stripe.handleNextAction) using the client secret {result.client_secret}, then send this "
            "request again with the same idempotency key.", "paymentMethodId",
        )
    if not result.succeeded:
        raise DomainError.of(
            "PAYMENT_DECLINED", f"{result.message} ({result.declined_code})", "paymentMethodId"
        )
    return result


async def record_payment(
    session: AsyncSession, order: Order, kind: str, amount: int, charge: Charge, method: PaymentMethod | None,
    announce: bool = True, placed_now: bool = False,
) -> Transaction:
    """Book a successful charge on the (locked) order: paid amount, status, and the schedule once paid.
    method is None for money received outside the shop (a bank transfer the merchant records).
    announce=False leaves ORDERS_PAID to the caller, which places the order and must say so first.
    A charge booked already (by the provider's event, or the request before a retry) is not booked again;
    placed_now: the order was placed in this transaction, so nothing can have booked it (one read less)."""
    if charge.reference is not None and not placed_now:
        booked = await session.scalar(select(Transaction).where(
            Transaction.order_id == order.id, Transaction.provider_reference == charge.reference
        ))
        if booked is not None:
            return booked
    order.paid_amount += amount
    order.financial_status = status_for(order.paid_amount, order.total)
    if order.financial_status == PAID and order.payment_terms_name is not None:  # only orders on terms have one
        await session.execute(
            update(PaymentSchedule)
            .where(PaymentSchedule.order_id == order.id, PaymentSchedule.completed_at.is_(None))
            .values(completed_at=clock.now())
        )
    transaction = Transaction(
        order_id=order.id, kind=kind, amount=amount, currency=order.currency, status="SUCCESS",
        provider_reference=charge.reference, payment_method_id=method.id if method else None,
    )
    session.add(transaction)
    await session.flush()
    if announce and order.financial_status == PAID:  # it owed something before this payment: it just became PAID
        await announce_paid(session, order)
    return transaction


# -- the buyer pays: one order, or several in one charge --


async def pay(
    session: AsyncSession, provider: PaymentProvider, customer_id: int | None, order_gid: str,
    method_gid: str, amount: Decimal | None, key: str,
) -> dict:
    """Pay all (amount None) or part of what the order owes, once per idempotency key."""
    if customer_id is None:
        raise login_required("Log in to pay an order.", "orderId")
    order = await find(session, customer_id, order_gid)
    if order is None:
        raise not_found("Order", "orderId")
    check_may_pay(customer_id, await viewer.location_roles(session, customer_id), order, "orderId")
    arguments = {"orderId": order_gid, "paymentMethodId": method_gid, "amount": None if amount is None else str(amount)}

    async def work() -> dict:
        locked = await lock(session, order.id)
        method = await methods.find(session, customer_id, method_gid)
        minor = _amount(amount, locked)
        paid = await charge(
            session, provider, method, minor, locked.currency, f"orderPay:{customer_id}:{key}",
            paying_for({locked.id: minor}),
        )
        transaction = await record_payment(session, locked, "PAYMENT", minor, paid, method)
        return {"order_id": locked.id, "transaction_id": transaction.id, "amount": minor}

    return await idempotency.once(session, customer_id, key, "orderPay", arguments, work)


PAY_DENIED = "Paying this location's orders takes the PAY_INVOICES permission."


def check_may_pay(customer_id: int, roles: policy.Roles, order: Order | DraftOrder, field: str) -> None:
    """PERMISSION_DENIED unless the buyer may pay what the order (or invoiced draft) owes."""
    if not policy.may_pay(customer_id, roles, order.customer_id, order.location_id):
        raise DomainError.of("PERMISSION_DENIED", PAY_DENIED, field)


def _amount(amount: Decimal | None, order: Order) -> int:
    """The amount in minor units: more than 0 and at most what is outstanding, else INVALID_AMOUNT."""
    owed = order.total - order.paid_amount
    if order.cancelled_at is not None or owed <= 0:
        raise DomainError.of("INVALID_AMOUNT", "Nothing is outstanding on this order.", "amount")
    if amount is None:
        return owed
    if not amount.is_finite() or not money.decimals_ok(amount, order.currency) or amount <= 0:
        raise DomainError.of("INVALID_AMOUNT", "The amount must be more than 0, in the order's currency.", "amount")
    minor = money.to_minor(amount, order.currency)
    if minor > owed:
        raise DomainError.of(
            "INVALID_AMOUNT", f"At most {money.from_minor(owed, order.currency)} is outstanding.", "amount"
        )
    return minor


async def pay_orders(
    session: AsyncSession, provider: PaymentProvider, customer_id: int | None, order_gids: list[str],
    method_gid: str, key: str,
) -> dict[str, Any]:
    """Charge what is outstanding on every order once, in one charge, once per idempotency key.
    Each order is booked as orderPay books it (status, schedules), under its row lock."""
    if customer_id is None:
        raise login_required("Log in to pay orders.", "orderIds")
    found = await _payable(session, customer_id, order_gids)
    arguments = {"orderIds": order_gids, "paymentMethodId": method_gid}

    async def work() -> dict[str, Any]:
        # Locked in id order, so two payments of overlapping orders cannot deadlock.
        locked = {order.id: await lock(session, order.id) for order in sorted(found, key=lambda o: o.id)}
        rows = [locked[order.id] for order in found]
        owed = _owed(rows)
        method = await methods.find(session, customer_id, method_gid)
        total = sum(owed)
        paid = await charge(
            session, provider, method, total, rows[0].currency, f"ordersPay:{customer_id}:{key}",
            paying_for({row.id: amount for row, amount in zip(rows, owed, strict=True)}),
        )
        transactions = [
            (await record_payment(session, row, "PAYMENT", amount, paid, method)).id
            for row, amount in zip(rows, owed, strict=True)
        ]
        return {
            "order_ids": [row.id for row in rows], "transaction_ids": transactions,
            "amount": total, "currency": rows[0].currency,
        }

    return await idempotency.once(session, customer_id, key, "ordersPay", arguments, work)


async def _payable(session: AsyncSession, customer_id: int, order_gids: list[str]) -> list[Order]:
    """The orders, each one the customer may see and listed once; else every problem at its index."""
    problems = Problems()
    if not order_gids:
        problems.add("BLANK", "Choose at least one order to pay.", "orderIds")
    elif len(order_gids) > MAX_ORDERS_PER_PAYMENT:
        problems.add("TOO_MANY", f"Pay at most {MAX_ORDERS_PER_PAYMENT} orders at once.", "orderIds")
    problems.raise_if_any()
    roles = await viewer.location_roles(session, customer_id)
    found: list[Order] = []
    for index, gid in enumerate(order_gids):
        order = await find(session, customer_id, gid)
        if order is None:
            problems.add("NOT_FOUND", "Order not found.", "orderIds", str(index))
        elif not policy.may_pay(customer_id, roles, order.customer_id, order.location_id):
            problems.add("PERMISSION_DENIED", PAY_DENIED, "orderIds", str(index))
        elif any(order.id == other.id for other in found):
            problems.add("DUPLICATE", "This order is listed twice.", "orderIds", str(index))
        else:
            found.append(order)
    problems.raise_if_any()
    return found


def _owed(rows: list[Order]) -> list[int]:
    """What each (locked) order owes; all must owe something, in one currency."""
    problems = Problems()
    owed = [0 if row.cancelled_at else row.total - row.paid_amount for row in rows]
    for index, amount in enumerate(owed):
        if amount <= 0:
            problems.add("NOTHING_OUTSTANDING", "Nothing is outstanding on this order.", "orderIds", str(index))
    if len({row.currency for row in rows}) > 1:
        problems.add("CURRENCY_MISMATCH", "Orders paid together must be in one currency.", "orderIds")
    problems.raise_if_any()
    return owed


# -- what is outstanding --


async def _visible(session: AsyncSession, customer_id: int) -> ColumnElement[bool]:
    """Orders the customer may see (gateway/auth/policy.py) over its current roles."""
    return policy.visible_orders(customer_id, await viewer.location_roles(session, customer_id))


def _unpaid() -> ColumnElement[bool]:
    return Order.cancelled_at.is_(None) & (Order.total > Order.paid_amount)


async def outstanding_orders(session: AsyncSession, customer_id: int) -> list[Order]:
    """The unpaid orders the customer may see: overdue first, then oldest first."""
    overdue_first = case((is_overdue(), 0), else_=1)
    stmt = (
        select(Order).where(await _visible(session, customer_id), _unpaid())
        .order_by(overdue_first, Order.created_at, Order.id)
    )
    return list((await session.scalars(stmt)).all())


async def total_outstanding(session: AsyncSession, customer_id: int) -> list[tuple[int, str]]:
    """(minor units, currency) owed on those orders, one per currency, by currency code."""
    stmt = (
        select(func.sum(Order.total - Order.paid_amount), Order.currency)
        .where(await _visible(session, customer_id), _unpaid())
        .group_by(Order.currency).order_by(Order.currency)
    )
    return [(int(amount), currency) for amount, currency in await session.execute(stmt)]


# -- the merchant: money received outside the shop, cancelling and refunding --


async def staff_order(session: AsyncSession, order_gid: str, field: str) -> Order:
    order = await ids.lookup(session, Order, order_gid)
    if order is None:
        raise not_found("Order", field)
    order = await lock(session, order.id)
    if order.cancelled_at is not None:
        raise DomainError.of("ORDER_CANCELLED", "This order is cancelled.", field)
    return order


async def mark_as_paid(session: AsyncSession, order_gid: str, field: str = "orderId") -> Order:
    """The merchant received what is outstanding outside the shop (a bank transfer): the order is PAID."""
    order = await staff_order(session, order_gid, field)
    owed = order.total - order.paid_amount
    if owed <= 0:
        raise DomainError.of("ALREADY_PAID", "Nothing is outstanding on this order.", field)
    await record_payment(session, order, "PAYMENT", owed, Charge(succeeded=True), None)
    return order


def refundable(transactions: list[Transaction]) -> list[tuple[Transaction, int]]:
    """Of an order's transactions, each charge with what is left to give back of it, oldest first."""
    given: dict[int, int] = {}
    for row in transactions:
        if row.kind == "REFUND" and row.refunded_transaction_id is not None:
            given[row.refunded_transaction_id] = given.get(row.refunded_transaction_id, 0) + row.amount
    charges = sorted((row for row in transactions if row.kind != "REFUND"), key=lambda row: row.id)
    return [(row, row.amount - given.get(row.id, 0)) for row in charges if row.amount > given.get(row.id, 0)]


async def transactions_of(session: AsyncSession, order_id: int) -> list[Transaction]:
    stmt = select(Transaction).where(Transaction.order_id == order_id).order_by(Transaction.id)
    return list((await session.scalars(stmt.execution_options(populate_existing=True))).all())


async def record_refund(
    session: AsyncSession, order: Order, charge: Transaction, amount: int, refunded: Charge,
    key: str | None = None, request_hash: str | None = None, note: str | None = None,
) -> Transaction:
    """Book a refund of amount against its charge on the (locked) order; one the provider's event
    booked already (the same refund reference) is not booked again."""
    if refunded.reference is not None:
        booked = await session.scalar(select(Transaction).where(
            Transaction.order_id == order.id, Transaction.provider_reference == refunded.reference
        ))
        if booked is not None:
            return booked
    order.refunded_amount += amount
    transaction = Transaction(
        order_id=order.id, kind="REFUND", amount=amount, currency=charge.currency, status="SUCCESS",
        provider_reference=refunded.reference, payment_method_id=charge.payment_method_id,
        refunded_transaction_id=charge.id, idempotency_key=key, request_hash=request_hash, note=note,
    )
    session.add(transaction)
    await session.flush()
    return transaction
