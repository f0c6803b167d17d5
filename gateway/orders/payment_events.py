"""The payment provider's events (Stripe's webhooks, POST /webhooks/stripe): each handled once,
reconciled with our transactions.

- A payment succeeded: the charge is booked on the orders its metadata names, unless it is booked
  already. This is how a charge that went through while our request died (after the provider's
  success, before our commit) gets booked; the request, its retry and the event all book under the
  order's row lock, once per (order, charge reference). A draft order's payment completes the draft.
  A checkout's charge has no order until the checkout commits: it is logged for the merchant (a
  retry of the checkout with the same idempotency key gets the same PaymentIntent from Stripe and books it).
- A payment failed: nothing was booked (we book only what succeeded); recorded.
- A charge was refunded: the refunds the provider made of it that we have not booked (one made in
  the provider's dashboard, or by a step that died) are booked against the charge.

The event's row (unique by provider and event id) commits with what it booked, so a repeated
event, or two deliveries at once, book nothing twice.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.engine import Database
from gateway.db.models import Cart, DraftOrder, PaymentEvent, PaymentMethod, Transaction
from gateway.orders import drafts, ledger, refunds
from gateway.orders.orders import lock
from gateway.payments.provider import Charge, Event, PaymentProvider
from gateway.platform import ids
from gateway.platform.settings import Settings

log = logging.getLogger("gateway.payments")


async def receive(db: Database, settings: Settings, provider: PaymentProvider, payload: bytes,
                  signature: str | None) -> str:
    """Verify and handle one webhook (InvalidEvent if it does not verify); what it did."""
    event = provider.parse_event(payload, signature)
    async with db.transaction() as session:
        try:
            async with session.begin_nested():  # first: a concurrent delivery waits here, then finds it
                row = PaymentEvent(provider=provider.name, event_id=event.id[:255], type=event.type[:100], outcome="")
                session.add(row)
        except IntegrityError:
            return "handled already"
        row.outcome = (await _handle(session, settings, provider, event))[:255]
        log.info("%s event %s (%s): %s", provider.name, event.id, event.type, row.outcome)
        return row.outcome


async def _handle(session: AsyncSession, settings: Settings, provider: PaymentProvider, event: Event) -> str:
    if event.kind == "PAYMENT_SUCCEEDED" and event.charge_reference:
        return await _succeeded(session, settings, provider, event, event.charge_reference)
    if event.kind == "PAYMENT_FAILED":
        return "payment failed: nothing booked"
    if event.kind == "REFUNDED" and event.charge_reference:
        return await _refunded(session, provider, event.charge_reference)
    return "ignored"


async def _succeeded(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, event: Event, reference: str
) -> str:
    charge = Charge(succeeded=True, reference=reference)
    method = await session.scalar(select(PaymentMethod).where(
        PaymentMethod.provider == provider.name, PaymentMethod.provider_reference == event.method_reference
    ).limit(1)) if event.method_reference else None
    if draft_id := event.metadata.get("gateway_draft_order"):
        return await _draft_paid(session, settings, int(draft_id), event, charge, method)
    paid = ledger.orders_paid_by(event.metadata)
    if not paid:
        if cart_id := event.metadata.get("gateway_cart"):  # a checkout still running holds its cart: wait for it
            await ids.lock(session, Cart, int(cart_id))
        if await _booked(session, reference):
            return "booked already"
        log.warning("%s payment %s of %s %s names no order (a checkout that did not complete?): refund it at the "
                    "provider unless the buyer's retry books it", provider.name, reference, event.amount, event.currency)
        return "no order to book it on"
    booked = unbooked = 0
    for order_id in sorted(paid):  # locked in id order, as ordersPay locks them
        order = await lock(session, order_id)  # None: deleted since
        owed = 0 if order is None or order.cancelled_at else order.total - order.paid_amount
        if order is not None and await session.scalar(select(Transaction.id).where(
            Transaction.order_id == order.id, Transaction.provider_reference == reference
        )):
            continue  # the request (or an earlier event) booked it
        amount = min(paid[order_id], owed)
        if amount > 0:
            await ledger.record_payment(session, order, "PAYMENT", amount, charge, method)
            booked += 1
        unbooked += paid[order_id] - amount
    if unbooked:
        log.error("%s payment %s: %s minor units of it were for orders that no longer owe them (cancelled or paid "
                  "meanwhile); refund them at the provider", provider.name, reference, unbooked)
    return f"booked on {booked} order(s)" if booked else "booked already"


async def _draft_paid(
    session: AsyncSession, settings: Settings, draft_id: int, event: Event, charge: Charge, method: PaymentMethod | None
) -> str:
    draft = await ids.lock(session, DraftOrder, draft_id)
    if draft is None or await _booked(session, charge.reference or ""):
        return "booked already"
    if draft.status != "INVOICE_SENT" or event.amount != draft.subtotal:
        log.error("payment %s for draft order D%s cannot complete it (status %s, %s for %s): refund it at the provider",
                  charge.reference, draft_id, draft.status, event.amount, draft.subtotal)
        return "draft order not payable"
    await drafts.complete_paid(session, settings, draft, charge, method)
    return "draft order completed"


async def _refunded(session: AsyncSession, provider: PaymentProvider, reference: str) -> str:
    charges = (await session.scalars(
        select(Transaction).where(Transaction.provider_reference == reference, Transaction.kind != "REFUND")
        .order_by(Transaction.order_id)
    )).all()
    booked = 0
    for charge in charges:
        order = await lock(session, charge.order_id)
        booked += await refunds.reconcile(session, provider, order, [charge])
    return f"booked {booked} refund(s)" if charges else "no charge of ours"


async def _booked(session: AsyncSession, reference: str) -> bool:
    stmt = select(Transaction.id).where(Transaction.provider_reference == reference).limit(1)
    return await session.scalar(stmt) is not None
