"""Approval requests: a checkout over the buyer's spending limit, waiting for an approver of its location."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.db import models as m
from gateway.orders import approvals
from gateway.platform import ids
from schema import errors
from schema.catalog.types import ProductVariant
from schema.customers.register import CompanyLocation, Customer
from schema.enums import from_domain
from schema.errors import UserError
from schema.orders.order import DraftOrder, Order
from schema.relay import Node
from schema.values import Money

ApprovalRequestStatus = from_domain("ApprovalRequestStatus", approvals.STATUSES, described={
    "EXPIRED": "Nobody decided it within the shop's approvalExpiryDays; it can no longer be approved.",
})


@strawberry.type(description="A line as it was checked out; the order is priced again when it is approved.")
class ApprovalRequestLine:
    sku: str
    quantity: int
    variant_id: strawberry.Private[int]

    @strawberry.field
    async def variant(self, info: strawberry.Info) -> ProductVariant | None:
        row = await info.context.loaders.by_id(m.ProductVariant).load(self.variant_id)
        return ProductVariant.from_row(row) if row else None


@strawberry.type(description="A checkout over the buyer's spending limit: no order yet, nothing charged, no credit "
                 "used, until an approver of the location approves it (the order is placed then) or declines it.")
class ApprovalRequest(Node):
    status: ApprovalRequestStatus
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    reason: str | None = strawberry.field(description="Why it was declined.")
    subtotal: Money = strawberry.field(description="At checkout; the order is priced again on approval.")
    row: strawberry.Private[m.ApprovalRequest]

    @classmethod
    def from_row(cls, row: m.ApprovalRequest) -> "ApprovalRequest":
        return cls(
            id=ids.to_gid("ApprovalRequest", row.id), row=row, status=ApprovalRequestStatus(approvals.status_of(row)),
            created_at=row.created_at, expires_at=row.expires_at, decided_at=row.decided_at, reason=row.reason,
            subtotal=Money.of(row.subtotal, row.currency),
        )

    @strawberry.field(description="The buyer that checked out.")
    async def customer(self, info: strawberry.Info) -> Customer:
        return Customer.from_row(await info.context.loaders.by_id(m.Customer).load(self.row.customer_id))

    @strawberry.field(description="The approver that decided it.")
    async def decided_by(self, info: strawberry.Info) -> Customer | None:
        if self.row.decided_by_id is None:
            return None
        row = await info.context.loaders.by_id(m.Customer).load(self.row.decided_by_id)
        return Customer.from_row(row) if row else None

    @strawberry.field
    async def location(self, info: strawberry.Info) -> CompanyLocation:
        return CompanyLocation.from_row(await info.context.loaders.by_id(m.CompanyLocation).load(self.row.location_id))

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[ApprovalRequestLine]:
        rows = await info.context.loaders.by_fk(m.CartLine.cart_id).load(self.row.cart_id)
        variants = await info.context.loaders.by_id(m.ProductVariant).load_many([r.variant_id for r in rows])
        return [
            ApprovalRequestLine(sku=v.sku, quantity=r.quantity, variant_id=r.variant_id)
            for r, v in zip(rows, variants) if v is not None
        ]

    @strawberry.field(description="The order placed on approval.")
    async def order(self, info: strawberry.Info) -> Order | None:
        if self.row.order_id is None:
            return None
        row = await info.context.loaders.by_id(m.Order).load(self.row.order_id)
        return Order.from_row(row) if row else None

    @strawberry.field(description="The draft order made on approval when the location checks out to draft: it "
                      "then waits for the merchant.")
    async def draft_order(self, info: strawberry.Info) -> DraftOrder | None:
        if self.row.draft_order_id is None:
            return None
        row = await info.context.loaders.by_id(m.DraftOrder).load(self.row.draft_order_id)
        return DraftOrder.from_row(row) if row else None


@strawberry.type
class ApprovalRequestPayload:
    approval_request: ApprovalRequest | None = None
    user_errors: list[UserError] = errors.none()
