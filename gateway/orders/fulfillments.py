"""orderFulfill: the merchant ships what an order still owes the buyer, all of it or chosen lines,
with a carrier and tracking number; the order's fulfillment status follows and the buyer is emailed.

Fulfillments run under the order's row lock (gateway/orders/orders.py:lock), so two at once can never
ship more than was bought.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.db.models import Customer, Fulfillment, FulfillmentLine, Order, OrderLine
from gateway.orders import orders
from gateway.platform import ids, validation
from gateway.platform.errors import DomainError, Problems, not_found
from gateway.platform.settings import Settings

UNFULFILLED, PARTIALLY_FULFILLED, FULFILLED = "UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED"
FULFILLMENT_STATUSES = (UNFULFILLED, PARTIALLY_FULFILLED, FULFILLED)
MAX_LINES = 250
MAX_TRACKING = 100  # carriers' tracking numbers are far shorter; this keeps junk out of emails


@dataclass(frozen=True)
class Pick:
    """An order line and how many of it a fulfillment or return takes; index: its item's place in the input."""

    line: OrderLine
    quantity: int
    index: int


def pick_lines(
    problems: Problems, items: list[dict[str, Any]], lines: list[OrderLine], left: dict[int, int], verb: str
) -> list[Pick]:
    """Each item's order line (one of lines) and quantity, at most left[line id]; every problem is
    added at its path ["lines", index, field]. verb says what the quantity is for ("fulfil", "return")."""
    if not items:
        problems.add("BLANK", "Choose at least one line.", "lines")
        return []
    if len(items) > MAX_LINES:
        problems.add("TOO_MANY_LINES", f"Give at most {MAX_LINES} lines.", "lines")
        return []
    by_id = {line.id: line for line in lines}
    picks: list[Pick] = []
    seen: set[int] = set()
    for index, item in enumerate(items):
        path = ("lines", str(index))
        line = by_id.get(ids.pk_of(item["order_line_id"], "OrderLine"))
        if line is None:
            problems.add("NOT_FOUND", "This order has no such line.", *path, "orderLineId")
            continue
        if line.id in seen:
            problems.add("DUPLICATE", "This line is listed twice.", *path, "orderLineId")
            continue
        seen.add(line.id)
        quantity = item["quantity"]
        if quantity < 1:
            problems.add("LESS_THAN", "Quantity must be at least 1.", *path, "quantity")
        elif quantity > left[line.id]:
            problems.add(
                "GREATER_THAN", f"At most {left[line.id]} of {line.sku} can be {verb} (you asked for {quantity}).",
                *path, "quantity",
            )
        else:
            picks.append(Pick(line, quantity, index))
    return picks


async def order_lines(session: AsyncSession, order_id: int) -> list[OrderLine]:
    stmt = select(OrderLine).where(OrderLine.order_id == order_id).order_by(OrderLine.id)
    return list((await session.scalars(stmt)).all())


async def fulfilled(session: AsyncSession, order_id: int) -> dict[int, int]:
    """{order line id: quantity shipped} over the order's fulfillments."""
    stmt = (
        select(FulfillmentLine.order_line_id, func.sum(FulfillmentLine.quantity))
        .join(Fulfillment, Fulfillment.id == FulfillmentLine.fulfillment_id)
        .where(Fulfillment.order_id == order_id)
        .group_by(FulfillmentLine.order_line_id)
    )
    return {line_id: int(quantity) for line_id, quantity in await session.execute(stmt)}


def status_of(lines: list[OrderLine], shipped: dict[int, int]) -> str:
    if all(shipped.get(line.id, 0) >= line.quantity for line in lines):
        return FULFILLED
    return PARTIALLY_FULFILLED if any(shipped.values()) else UNFULFILLED


async def fulfill(
    session: AsyncSession, settings: Settings, order_gid: str, tracking_number: str | None, carrier: str | None,
    items: list[dict[str, Any]] | None,
) -> Fulfillment:
    """Ship items ([{order_line_id, quantity}]; None: everything not yet shipped) of a placed order
    that is not cancelled; nothing changes unless every line is valid."""
    problems = Problems()
    tracking_number = validation.text(problems, tracking_number, ("trackingNumber",), max_length=MAX_TRACKING)
    carrier = validation.text(problems, carrier, ("carrier",), max_length=100)
    found = await ids.lookup(session, Order, order_gid)
    if found is None:
        raise DomainError(*not_found("Order", "orderId").problems, *problems.items)
    order = await orders.lock(session, found.id)
    if order.cancelled_at is not None:
        raise DomainError.of("ORDER_CANCELLED", "This order is cancelled.", "orderId")
    if order.fulfillment_status == FULFILLED:
        raise DomainError.of("ALREADY_FULFILLED", "Everything in this order has been fulfilled.", "orderId")
    lines = await order_lines(session, order.id)
    shipped = await fulfilled(session, order.id)
    left = {line.id: line.quantity - shipped.get(line.id, 0) for line in lines}
    if items is None:
        picks = [Pick(line, left[line.id], index) for index, line in enumerate(lines) if left[line.id] > 0]
    else:
        picks = pick_lines(problems, items, lines, left, "fulfilled")
    problems.raise_if_any()

    fulfillment = Fulfillment(order_id=order.id, carrier=carrier, tracking_number=tracking_number)
    session.add(fulfillment)
    await session.flush()
    session.add_all(
        FulfillmentLine(fulfillment_id=fulfillment.id, order_line_id=pick.line.id, quantity=pick.quantity)
        for pick in picks
    )
    for pick in picks:
        shipped[pick.line.id] = shipped.get(pick.line.id, 0) + pick.quantity
    order.fulfillment_status = status_of(lines, shipped)
    await session.flush()
    await _email_buyer(session, settings, order, fulfillment, picks)
    return fulfillment


async def _email_buyer(
    session: AsyncSession, settings: Settings, order: Order, fulfillment: Fulfillment, picks: list[Pick]
) -> None:
    buyer = await session.get(Customer, order.customer_id) if order.customer_id else None
    if buyer is None:
        return
    rest = (
        "Everything in your order has now shipped." if order.fulfillment_status == FULFILLED
        else "The rest of your order follows in a later shipment."
    )
    await outbox.enqueue(session, settings, buyer.email, "order_fulfilled", {
        "order_name": order.name, "po_number": order.po_number or "-",
        "carrier": fulfillment.carrier or "-", "tracking_number": fulfillment.tracking_number or "-",
        "lines": "\n".join(f"{pick.quantity} x {pick.line.title} ({pick.line.sku})" for pick in picks),
        "rest": rest,
    })
