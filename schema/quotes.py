"""Quotes: a buyer's request for prices, the merchant's answer, and the buyer's decision."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from gateway.db import models as m
from gateway.platform import ids
from gateway.quotes import quotes
from schema import errors
from schema.catalog.types import ProductVariant
from schema.customers.register import CompanyLocation, Customer
from schema.enums import from_domain
from schema.errors import UserError
from schema.orders.cart import CartLineInput
from schema.orders.order import DraftOrder, Order
from schema.relay import Node
from schema.values import Money

QuoteStatus = from_domain("QuoteStatus", quotes.STATUSES, described={
    "REQUESTED": "The buyer asked; the merchant prices it.",
    "SENT": "The merchant sent it; the buyer may accept it until expiresAt.",
    "EXPIRED": "Sent, and past expiresAt: it can no longer be accepted.",
})


@strawberry.type
class QuoteLine(Node):
    sku: str
    title: str
    quantity: int
    unit_price: Money | None = strawberry.field(description="The merchant's price; null until priced.")
    total: Money | None
    variant_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.QuoteLine, currency: str) -> "QuoteLine":
        price = row.unit_price
        return cls(
            id=ids.to_gid("QuoteLine", row.id), sku=row.sku, title=row.title, quantity=row.quantity,
            unit_price=Money.of(price, currency) if price is not None else None,
            total=Money.of(price * row.quantity, currency) if price is not None else None, variant_id=row.variant_id,
        )

    @strawberry.field(description="Null once the variant is deleted.")
    async def variant(self, info: strawberry.Info) -> ProductVariant | None:
        if self.variant_id is None:
            return None
        row = await info.context.loaders.by_id(m.ProductVariant).load(self.variant_id)
        return ProductVariant.from_row(row) if row else None


@strawberry.type(description="A buyer's request for prices; once sent, the buyer accepts it (an order at these "
                 "prices) or declines it.")
class Quote(Node):
    name: str
    status: QuoteStatus
    note: str | None = strawberry.field(description="The buyer's.")
    merchant_note: str | None
    reason: str | None = strawberry.field(description="Why the buyer declined it.")
    expires_at: datetime | None
    sent_at: datetime | None
    created_at: datetime
    row: strawberry.Private[m.Quote]

    @classmethod
    def from_row(cls, row: m.Quote) -> "Quote":
        return cls(
            id=ids.to_gid("Quote", row.id), row=row, name=quotes.name_of(row), status=QuoteStatus(quotes.status_of(row)),
            note=row.note, merchant_note=row.merchant_note, reason=row.reason, expires_at=row.expires_at,
            sent_at=row.sent_at, created_at=row.created_at,
        )

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[QuoteLine]:
        rows = await info.context.loaders.by_fk(m.QuoteLine.quote_id).load(self.row.id)
        return [QuoteLine.from_row(r, self.row.currency) for r in rows]

    @strawberry.field(description="Of the priced lines.")
    async def total(self, info: strawberry.Info) -> Money:
        rows = await info.context.loaders.by_fk(m.QuoteLine.quote_id).load(self.row.id)
        return Money.of(sum((r.unit_price or 0) * r.quantity for r in rows), self.row.currency)

    @strawberry.field(description="The buyer that asked.")
    async def customer(self, info: strawberry.Info) -> Customer:
        return Customer.from_row(await info.context.loaders.by_id(m.Customer).load(self.row.customer_id))

    @strawberry.field
    async def location(self, info: strawberry.Info) -> CompanyLocation | None:
        if self.row.location_id is None:
            return None
        row = await info.context.loaders.by_id(m.CompanyLocation).load(self.row.location_id)
        return CompanyLocation.from_row(row) if row else None

    @strawberry.field(description="The order placed when the buyer accepted it.")
    async def order(self, info: strawberry.Info) -> Order | None:
        if self.row.order_id is None:
            return None
        row = await info.context.loaders.by_id(m.Order).load(self.row.order_id)
        return Order.from_row(row) if row else None


@strawberry.input
class QuoteRequestInput:
    lines: list[CartLineInput]
    note: str | None = strawberry.UNSET


@strawberry.input
class QuoteLineUpdateInput:
    id: strawberry.ID
    price: Decimal | None = strawberry.UNSET
    quantity: int | None = strawberry.UNSET


@strawberry.input
class QuoteUpdateInput:
    lines: list[QuoteLineUpdateInput] | None = strawberry.UNSET
    expires_at: datetime | None = strawberry.UNSET
    note: str | None = strawberry.field(default=strawberry.UNSET, description="The merchant's note to the buyer.")


@strawberry.type
class QuoteRequestPayload:
    quote: Quote | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class QuotePayload:
    quote: Quote | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class QuoteAcceptPayload:
    quote: Quote | None = None
    order: Order | None = None
    draft_order: DraftOrder | None = strawberry.field(
        default=None, description="When the location checks out to draft: the merchant reviews it as a draft."
    )
    user_errors: list[UserError] = errors.none()
