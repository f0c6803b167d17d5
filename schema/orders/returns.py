"""Fulfillments, returns and the order timeline: the types Order shows, and the inputs and payloads
of orderFulfill, orderRequestReturn and the merchant's return decisions.

Children load through per-request DataLoaders (the same ones Order's fields use), so a page of
orders with fulfillments, returns and events costs a fixed number of statements.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from enum import Enum

import strawberry

from gateway.db import models as m
from gateway.orders import returns, timeline
from gateway.platform import ids
from schema import errors
from schema.enums import from_domain
from schema.errors import UserError
from schema.orders.order import LineItem, Order
from schema.relay import Node
from schema.values import Money


ReturnStatus = from_domain("ReturnStatus", returns.STATUSES)


ReturnReason = strawberry.enum(
    Enum("ReturnReason", {reason: reason for reason in returns.REASONS}),
    description="Why the buyer sends a line back (a subset of Shopify's ReturnReason).",
)


OrderEventKind = strawberry.enum(
    Enum("OrderEventKind", {kind: kind for kind in timeline.KINDS}),
    description="What happened to an order: SUBMITTED_FOR_APPROVAL and APPROVED for orders that began as "
    "a draft, PAYMENT and REFUND for each transaction, PAID once nothing is outstanding, FULFILLED for "
    "each shipment, RETURN_* for each return's steps.",
)


@strawberry.type
class FulfillmentLine:
    quantity: int
    order_line: LineItem = strawberry.field(description="The order's line this shipment carried some of.")


@strawberry.type(description="A shipment of some or all of an order's lines.")
class Fulfillment(Node):
    created_at: datetime
    carrier: str | None
    tracking_number: str | None
    pk: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.Fulfillment) -> "Fulfillment":
        return cls(
            id=ids.to_gid("Fulfillment", row.id), pk=row.id, created_at=row.created_at, carrier=row.carrier,
            tracking_number=row.tracking_number,
        )

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[FulfillmentLine]:
        rows = await info.context.loaders.with_order_lines(m.FulfillmentLine.fulfillment_id).load(self.pk)
        return [
            FulfillmentLine(quantity=row.quantity, order_line=LineItem.from_row(line, currency))
            for row, line, currency in rows
        ]


@strawberry.type
class ReturnLine:
    id: strawberry.ID
    quantity: int
    reason: ReturnReason
    note: str | None
    order_line: LineItem = strawberry.field(description="The order's line asked back.")


@strawberry.type(description="A buyer's request to send lines of an order back, and the merchant's decision.")
class Return(Node):
    name: str = strawberry.field(description="The order's name and a number: #1001-R1.")
    status: ReturnStatus
    created_at: datetime
    decline_reason: str | None = strawberry.field(description="Why the merchant declined it.")
    approved_at: datetime | None
    declined_at: datetime | None
    closed_at: datetime | None
    row: strawberry.Private[m.Return]

    @classmethod
    def from_row(cls, row: m.Return) -> "Return":
        return cls(
            id=ids.to_gid("Return", row.id), row=row, name=row.name,
            status=ReturnStatus(row.status), created_at=row.created_at, decline_reason=row.decline_reason,
            approved_at=row.approved_at, declined_at=row.declined_at, closed_at=row.closed_at,
        )

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[ReturnLine]:
        rows = await info.context.loaders.with_order_lines(m.ReturnLine.return_id).load(self.row.id)
        return [
            ReturnLine(
                id=ids.to_gid("ReturnLine", row.id), quantity=row.quantity, reason=ReturnReason(row.reason),
                note=row.note, order_line=LineItem.from_row(line, currency),
            )
            for row, line, currency in rows
        ]

    @strawberry.field
    async def order(self, info: strawberry.Info) -> Order:
        return Order.from_row(await info.context.loaders.by_id(m.Order).load(self.row.order_id))


@strawberry.type(description="One step of an order's timeline.")
class OrderEvent:
    kind: OrderEventKind
    created_at: datetime
    message: str
    amount: Money | None = strawberry.field(description="Payments and refunds.")
    carrier: str | None
    tracking_number: str | None
    return_name: str | None


# -- Order's fields (schema/orders/order.py delegates here) --


async def order_fulfillments(info: strawberry.Info, order: m.Order) -> list[Fulfillment]:
    rows = await info.context.loaders.by_fk(m.Fulfillment.order_id).load(order.id)
    return [Fulfillment.from_row(r) for r in rows]


async def order_returns(info: strawberry.Info, order: m.Order) -> list[Return]:
    rows = await info.context.loaders.by_fk(m.Return.order_id).load(order.id)
    return [Return.from_row(r) for r in rows]


async def order_event_list(info: strawberry.Info, order: m.Order) -> list[OrderEvent]:
    loaders = info.context.loaders
    drafts, transactions, shipments, returns = await asyncio.gather(
        loaders.by_fk(m.DraftOrder.order_id).load(order.id),
        loaders.by_fk(m.Transaction.order_id).load(order.id),
        loaders.by_fk(m.Fulfillment.order_id).load(order.id),
        loaders.by_fk(m.Return.order_id).load(order.id),
    )
    return [
        OrderEvent(
            kind=OrderEventKind(e.kind), created_at=e.at, message=e.message,
            amount=Money.of(e.amount, order.currency), carrier=e.carrier, tracking_number=e.tracking_number,
            return_name=e.return_name,
        )
        for e in timeline.timeline(order, drafts, transactions, shipments, returns)
    ]


# -- inputs and payloads --


@strawberry.input
class FulfillmentLineInput:
    order_line_id: strawberry.ID
    quantity: int


@strawberry.input
class ReturnLineInput:
    order_line_id: strawberry.ID
    quantity: int
    reason: ReturnReason
    note: str | None = strawberry.UNSET


@strawberry.type
class OrderFulfillPayload:
    fulfillment: Fulfillment | None = None
    order: Order | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class ReturnPayload:
    return_: Return | None = strawberry.field(name="return", default=None)
    user_errors: list[UserError] = errors.none()


@strawberry.type
class OrderRequestReturnPayload(ReturnPayload):
    pass


@strawberry.type
class ReturnApprovePayload(ReturnPayload):
    pass


@strawberry.type
class ReturnDeclinePayload(ReturnPayload):
    pass


@strawberry.type
class ReturnClosePayload(ReturnPayload):
    pass
