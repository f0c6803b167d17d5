"""Returns: the buyer asks to send lines of a paid or fulfilled order back (orderRequestReturn), the
merchant approves or declines the request and closes an approved one once the goods are back.

    REQUESTED -> APPROVED -> CLOSED
    REQUESTED -> DECLINED

A line can be asked back at most as often as it was bought, counting every return of the order that
was not declined. Requests of one order run under the order's row lock, so two at once cannot pass
that limit together. Each change emails the buyer who asked and the merchant, in its transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.catalog import stock
from gateway.db.models import Customer, Order, OrderLine, Return, ReturnLine
from gateway.orders import fulfillments, orders
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.platform import clock, ids, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found
from gateway.platform.settings import Settings

REQUESTED, APPROVED, DECLINED, CLOSED = "REQUESTED", "APPROVED", "DECLINED", "CLOSED"
STATUSES = (REQUESTED, APPROVED, DECLINED, CLOSED)
REASONS = ("DEFECTIVE", "WRONG_ITEM", "NOT_AS_DESCRIBED", "SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "UNWANTED", "OTHER")
MAX_NOTE = 1000
MAX_DECLINE_REASON = 2000


def returnable(order: Order) -> bool:
    """Paid in full (every line up to what was bought), or at least partly shipped (up to what was)."""
    return order.financial_status == orders.PAID or order.fulfillment_status != fulfillments.UNFULFILLED


async def requested(session: AsyncSession, order_id: int) -> dict[int, int]:
    """{order line id: quantity} asked back in the order's returns that were not declined."""
    stmt = (
        select(ReturnLine.order_line_id, func.sum(ReturnLine.quantity))
        .join(Return, Return.id == ReturnLine.return_id)
        .where(Return.order_id == order_id, Return.status != DECLINED)
        .group_by(ReturnLine.order_line_id)
    )
    return {line_id: int(quantity) for line_id, quantity in await session.execute(stmt)}


async def request(
    session: AsyncSession, settings: Settings, customer_id: int | None, order_gid: str, items: list[dict[str, Any]]
) -> Return:
    """A REQUESTED return of items ([{order_line_id, quantity, reason, note}]) of an order the customer
    may see (orders.find's rule); nothing is written unless every line is valid."""
    if customer_id is None:
        raise login_required("Log in to request a return.", "orderId")
    found = await orders.find(session, customer_id, order_gid)
    if found is None:
        raise not_found("Order", "orderId")
    order = await orders.lock(session, found.id)
    if order.cancelled_at is not None:
        raise DomainError.of("ORDER_CANCELLED", "This order is cancelled.", "orderId")
    if not returnable(order):
        raise DomainError.of(
            "NOT_RETURNABLE", "Only an order that is paid or has shipped can be returned.", "orderId"
        )
    lines = await fulfillments.order_lines(session, order.id)
    asked = await requested(session, order.id)
    # A paid order may send back what was bought; an unpaid one only what has reached the buyer.
    if order.financial_status == orders.PAID:
        had = {line.id: line.quantity for line in lines}
    else:
        had = await fulfillments.fulfilled(session, order.id)
    left = {line.id: had.get(line.id, 0) - asked.get(line.id, 0) for line in lines}
    problems = Problems()
    picks = fulfillments.pick_lines(problems, items, lines, left, "returned")
    notes = []
    for index, item in enumerate(items[:fulfillments.MAX_LINES]):
        path = ("lines", str(index))
        validation.one_of(problems, item.get("reason"), REASONS, (*path, "reason"))
        notes.append(validation.text(problems, item.get("note"), (*path, "note"), max_length=MAX_NOTE))
    problems.raise_if_any()

    count = await session.scalar(select(func.count()).select_from(Return).where(Return.order_id == order.id))
    created = Return(name=f"{order.name}-R{count + 1}", order_id=order.id, customer_id=customer_id, status=REQUESTED)
    session.add(created)
    await session.flush()
    session.add_all(
        ReturnLine(
            return_id=created.id, order_line_id=pick.line.id, quantity=pick.quantity,
            reason=items[pick.index]["reason"], note=notes[pick.index],
        )
        for pick in picks
    )
    await session.flush()
    await _notify(session, settings, created, order, REQUESTED)
    await webhooks.emit(session, "RETURNS_REQUEST", lambda: payloads.return_request(session, created, order))
    return created


def _move(row: Return, allowed_from: str, to: str, verb: str) -> None:
    if row.status != allowed_from:
        raise DomainError.of(
            "INVALID_STATE",
            f"Return {row.name} is {row.status}; only a {allowed_from} return can be {verb}.", "id",
        )
    row.status = to


async def approve(session: AsyncSession, settings: Settings, return_gid: str) -> Return:
    """Approve a REQUESTED return: its quantities go back to stock (unless the order was cancelled,
    which gave back all of it)."""
    row = await ids.fetch_locked(session, Return, return_gid, "Return", "id")
    _move(row, REQUESTED, APPROVED, "approved")
    row.approved_at = clock.now()
    order = await session.get(Order, row.order_id)
    if order.cancelled_at is None:
        lines = await session.execute(
            select(OrderLine.variant_id, ReturnLine.quantity).join(OrderLine, OrderLine.id == ReturnLine.order_line_id)
            .where(ReturnLine.return_id == row.id)
        )
        back: dict[int, int] = {}
        for variant_id, quantity in lines:
            back[variant_id] = back.get(variant_id, 0) + quantity
        await stock.give_back(session, back)
    await _notify(session, settings, row, order, APPROVED)
    return row


async def not_returned(session: AsyncSession, order_id: int) -> dict[int, int]:
    """{variant id: quantity} of the order's lines less what approved returns gave back to stock already
    (what a cancelled order gives back)."""
    back = await given_back(session, order_id)
    lines = await session.execute(
        select(OrderLine.id, OrderLine.variant_id, OrderLine.quantity).where(OrderLine.order_id == order_id)
    )
    kept: dict[int, int] = {}
    for line_id, variant_id, quantity in lines:
        if variant_id is not None:
            kept[variant_id] = kept.get(variant_id, 0) + quantity - back.get(line_id, 0)
    return kept


async def given_back(session: AsyncSession, order_id: int) -> dict[int, int]:
    """{order line id: quantity} that approved (or since closed) returns of the order put back in stock."""
    stmt = (
        select(ReturnLine.order_line_id, func.sum(ReturnLine.quantity))
        .join(Return, Return.id == ReturnLine.return_id)
        .where(Return.order_id == order_id, Return.status.in_((APPROVED, CLOSED)))
        .group_by(ReturnLine.order_line_id)
    )
    return {line_id: int(quantity) for line_id, quantity in await session.execute(stmt)}


async def decline(session: AsyncSession, settings: Settings, return_gid: str, reason: str | None) -> Return:
    """Decline a REQUESTED return, telling the buyer why; its lines may be asked back again."""
    problems = Problems()
    reason = validation.text(problems, reason, ("reason",), required=True, max_length=MAX_DECLINE_REASON)
    if await ids.lookup(session, Return, return_gid) is None:
        problems.add("NOT_FOUND", "Return not found.", "id")
    problems.raise_if_any()
    row = await ids.fetch_locked(session, Return, return_gid, "Return", "id")
    _move(row, REQUESTED, DECLINED, "declined")
    row.declined_at, row.decline_reason = clock.now(), reason
    await _notify(session, settings, row, await session.get(Order, row.order_id), DECLINED)
    return row


async def close(session: AsyncSession, settings: Settings, return_gid: str) -> Return:
    """Close an APPROVED return once its goods are back."""
    row = await ids.fetch_locked(session, Return, return_gid, "Return", "id")
    _move(row, APPROVED, CLOSED, "closed")
    row.closed_at = clock.now()
    await _notify(session, settings, row, await session.get(Order, row.order_id), CLOSED)
    return row


# -- emails --

BUYER_HEADLINES = {
    REQUESTED: "We received your request to return items of order {order}. We will let you know once it is reviewed.",
    APPROVED: "Your return {name} for order {order} is approved. Please send the items below back to us.",
    DECLINED: "Your return {name} for order {order} was declined.",
    CLOSED: "Your return {name} for order {order} is closed: we received the items.",
}
MERCHANT_HEADLINES = {
    REQUESTED: "{buyer} asked to return items of order {order}. Approve or decline return {name}.",
    APPROVED: "Return {name} for order {order} ({buyer}) was approved.",
    DECLINED: "Return {name} for order {order} ({buyer}) was declined.",
    CLOSED: "Return {name} for order {order} ({buyer}) is closed.",
}


async def _notify(session: AsyncSession, settings: Settings, row: Return, order: Order, change: str) -> None:
    """Email the buyer who asked for the return (else the order's buyer) and the merchant."""
    buyer = None
    for customer_id in (row.customer_id, order.customer_id):
        if buyer is None and customer_id is not None:
            buyer = await session.get(Customer, customer_id)
    stmt = (
        select(ReturnLine, OrderLine).join(OrderLine, OrderLine.id == ReturnLine.order_line_id)
        .where(ReturnLine.return_id == row.id).order_by(ReturnLine.id)
    )
    lines = "\n".join(
        f"{line.quantity} x {order_line.title} ({order_line.sku}): {line.reason.replace('_', ' ').lower()}"
        + (f" ({line.note})" if line.note else "")
        for line, order_line in await session.execute(stmt)
    )
    names = {"name": row.name, "order": order.name, "buyer": buyer.email if buyer else "A former customer"}
    details = f"Reason: {row.decline_reason}" if change == DECLINED else ""
    values = {"return_name": row.name, "order_name": order.name, "status": change.lower(), "lines": lines,
              "details": details}
    if buyer is not None:
        await outbox.enqueue(session, settings, buyer.email, "return_update",
                             {**values, "headline": BUYER_HEADLINES[change].format(**names)})
    await outbox.notify_merchant(session, settings, "return_update_merchant",
                                 {**values, "headline": MERCHANT_HEADLINES[change].format(**names)})
