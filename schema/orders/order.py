"""Orders and draft orders on the Storefront API, with their payment terms, schedules and transactions.

Amounts are snapshots taken at checkout; children (lines, schedules, transactions, location)
load through per-request DataLoaders, so a page of orders costs a fixed number of statements.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.db import models as m
from gateway.orders import drafts, fulfillments, orders, reorder
from gateway.platform import clock, ids
from schema import errors
from schema.catalog.types import PriceRule, PriceSource, ProductVariant
from schema.customers.register import CompanyLocation, Customer, PaymentTermsType
from schema.enums import from_domain
from schema.errors import UserError
from schema.orders.cart import Cart
from schema.relay import Node
from schema.values import MailingAddress, Money

if TYPE_CHECKING:
    from schema.orders.approvals import ApprovalRequest
    from schema.orders.returns import Fulfillment, OrderEvent, Return

_RETURNS = strawberry.lazy("schema.orders.returns")  # fulfillments, returns and events import Order


OrderFinancialStatus = from_domain("OrderFinancialStatus", orders.FINANCIAL_STATUSES)


OrderFulfillmentStatus = from_domain("OrderFulfillmentStatus", fulfillments.FULFILLMENT_STATUSES)


DraftOrderStatus = from_domain("DraftOrderStatus", drafts.STATUSES)


OrderTransactionKind = from_domain("OrderTransactionKind", orders.TRANSACTION_KINDS)


@strawberry.type(description="A line as it was bought: the variant's sku, title and price at checkout.")
class LineItem:
    id: strawberry.ID = strawberry.field(description="gid://gateway/OrderLine/.. (or DraftOrderLine).")
    sku: str
    title: str
    quantity: int
    unit_price: Money
    total: Money
    price_source: str = strawberry.field(
        description="FIXED | PRICE_BREAK | PERCENTAGE | BASE | MANUAL", deprecation_reason="Use priceSourceDetails.rule."
    )
    catalog_title: str | None = strawberry.field(deprecation_reason="Use priceSourceDetails.catalogTitle.")
    variant_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.OrderLine | m.DraftOrderLine, currency: str) -> "LineItem":
        return cls(
            id=ids.to_gid(type(row).__name__, row.id), sku=row.sku, title=row.title, quantity=row.quantity, unit_price=Money.of(row.unit_price, currency),
            total=Money.of(row.total, currency), price_source=row.price_source, catalog_title=row.catalog_title,
            variant_id=row.variant_id,
        )

    @strawberry.field(description="Where the price came from, as CartLine.priceSource and ProductVariant.priceSource "
                      "say it; catalogId is null here (a line keeps the catalog's title as it was).")
    def price_source_details(self) -> PriceSource:
        return PriceSource(catalog_id=None, catalog_title=self.catalog_title, rule=PriceRule(self.price_source))

    @strawberry.field(description="Null once the variant is deleted.")
    async def variant(self, info: strawberry.Info) -> ProductVariant | None:
        if self.variant_id is None:
            return None
        row = await info.context.loaders.by_id(m.ProductVariant).load(self.variant_id)
        return ProductVariant.from_row(row) if row else None


@strawberry.type
class PaymentSchedule:
    due_at: datetime
    amount: Money
    completed_at: datetime | None


@strawberry.type
class PaymentTerms:
    payment_terms_name: str
    payment_terms_type: PaymentTermsType
    due_in_days: int | None
    payment_schedules: list[PaymentSchedule]

    @strawberry.field(description="True past a schedule's dueAt while it is unpaid.")
    def overdue(self) -> bool:
        now = clock.now()
        return any(s.completed_at is None and s.due_at < now for s in self.payment_schedules)


@strawberry.type
class OrderTransaction(Node):
    kind: OrderTransactionKind
    status: str
    amount: Money
    created_at: datetime

    @classmethod
    def from_row(cls, row: m.Transaction) -> "OrderTransaction":
        return cls(
            id=ids.to_gid("OrderTransaction", row.id), kind=OrderTransactionKind(row.kind), status=row.status,
            amount=Money.of(row.amount, row.currency), created_at=row.created_at,
        )


async def _customer(info: strawberry.Info, customer_id: int | None) -> Customer | None:
    """Who placed an order or submitted a draft (null for a guest, or once the customer is deleted)."""
    if customer_id is None:
        return None
    row = await info.context.loaders.by_id(m.Customer).load(customer_id)
    return Customer.from_row(row) if row else None


async def _location(info: strawberry.Info, location_id: int | None) -> CompanyLocation | None:
    """An order's or draft's location (null once the location is deleted)."""
    if location_id is None:
        return None
    row = await info.context.loaders.by_id(m.CompanyLocation).load(location_id)
    return CompanyLocation.from_row(row) if row else None


@strawberry.type
class Order(Node):
    name: str
    created_at: datetime
    po_number: str | None
    note: str | None
    shipping_address: MailingAddress | None
    billing_address: MailingAddress | None
    subtotal: Money
    total: Money
    total_paid: Money
    total_outstanding: Money = strawberry.field(description="Nothing once the order is cancelled.")
    total_refunded: Money = strawberry.field(description="Given back (orderRefund, orderCancel with refund).")
    display_financial_status: OrderFinancialStatus
    cancelled_at: datetime | None
    pk: strawberry.Private[int]
    row: strawberry.Private[m.Order]

    @classmethod
    def from_row(cls, row: m.Order) -> "Order":
        currency = row.currency
        return cls(
            id=ids.to_gid("Order", row.id), pk=row.id, row=row, name=row.name, created_at=row.created_at,
            po_number=row.po_number, note=row.note, shipping_address=MailingAddress.of(row.shipping_address),
            billing_address=MailingAddress.of(row.billing_address), subtotal=Money.of(row.subtotal, currency),
            total=Money.of(row.total, currency), total_paid=Money.of(row.paid_amount, currency),
            total_outstanding=Money.of(0 if row.cancelled_at else row.total - row.paid_amount, currency),
            total_refunded=Money.of(row.refunded_amount, currency), cancelled_at=row.cancelled_at,
            display_financial_status=OrderFinancialStatus(row.financial_status),
        )

    @strawberry.field
    async def location(self, info: strawberry.Info) -> CompanyLocation | None:
        return await _location(info, self.row.location_id)

    @strawberry.field(description="Where the order's emails go: the guest's email, or its customer's (null once "
                      "the customer deleted its account).")
    async def email(self, info: strawberry.Info) -> str | None:
        if self.row.customer_id is None:
            return self.row.email
        customer = await info.context.loaders.by_id(m.Customer).load(self.row.customer_id)
        return customer.email if customer is not None and customer.status != "DELETED" else None

    @strawberry.field(description="Who placed it; null for a guest's order, and for anonymous callers.")
    async def customer(self, info: strawberry.Info) -> Customer | None:
        caller = info.context.caller
        if not caller.staff and caller.customer_id is None:
            return None
        return await _customer(info, self.row.customer_id)

    @strawberry.field
    async def line_items(self, info: strawberry.Info) -> list[LineItem]:
        rows = await info.context.loaders.by_fk(m.OrderLine.order_id).load(self.pk)
        return [LineItem.from_row(r, self.row.currency) for r in rows]

    @strawberry.field(description="Null for orders paid at checkout.")
    async def payment_terms(self, info: strawberry.Info) -> PaymentTerms | None:
        order = self.row
        if order.payment_terms_name is None:
            return None
        rows = await info.context.loaders.by_fk(m.PaymentSchedule.order_id, m.PaymentSchedule.due_at).load(self.pk)
        return PaymentTerms(
            payment_terms_name=order.payment_terms_name, payment_terms_type=PaymentTermsType(order.payment_terms_type),
            due_in_days=order.payment_terms_due_in_days,
            payment_schedules=[
                PaymentSchedule(due_at=r.due_at, amount=Money.of(r.amount, order.currency), completed_at=r.completed_at)
                for r in rows
            ],
        )

    @strawberry.field(description="The charges on this order, oldest first.")
    async def transactions(self, info: strawberry.Info) -> list[OrderTransaction]:
        rows = await info.context.loaders.by_fk(m.Transaction.order_id).load(self.pk)
        return [OrderTransaction.from_row(r) for r in rows]

    # -- fulfillments, returns and the timeline (schema/orders/returns.py) --

    @strawberry.field
    def display_fulfillment_status(self) -> OrderFulfillmentStatus:
        return OrderFulfillmentStatus(self.row.fulfillment_status)

    @strawberry.field(description="The merchant's shipments, oldest first.")
    async def fulfillments(self, info: strawberry.Info) -> list[Annotated[Fulfillment, _RETURNS]]:
        from schema.orders import returns

        return await returns.order_fulfillments(info, self.row)

    @strawberry.field(description="The buyers' return requests, oldest first.")
    async def returns(self, info: strawberry.Info) -> list[Annotated[Return, _RETURNS]]:
        from schema.orders import returns

        return await returns.order_returns(info, self.row)

    @strawberry.field(description="What happened to the order, oldest first.")
    async def events(self, info: strawberry.Info) -> list[Annotated[OrderEvent, _RETURNS]]:
        from schema.orders import returns

        return await returns.order_event_list(info, self.row)


@strawberry.type(description="An order waiting for the merchant's approval.")
class DraftOrder(Node):
    status: DraftOrderStatus
    po_number: str | None
    note: str | None
    subtotal: Money
    created_at: datetime
    pk: strawberry.Private[int]
    row: strawberry.Private[m.DraftOrder]

    @classmethod
    def from_row(cls, row: m.DraftOrder) -> "DraftOrder":
        return cls(
            id=ids.to_gid("DraftOrder", row.id), pk=row.id, row=row, status=DraftOrderStatus(row.status),
            po_number=row.po_number, note=row.note, subtotal=Money.of(row.subtotal, row.currency),
            created_at=row.created_at,
        )

    @strawberry.field
    async def location(self, info: strawberry.Info) -> CompanyLocation | None:
        return await _location(info, self.row.location_id)

    @strawberry.field(description="D1, D2, ...: as the merchant's and the buyer's emails name it.")
    def name(self) -> str:
        return drafts.name_of(self.pk)

    @strawberry.field(description="Who submitted it for approval.")
    async def customer(self, info: strawberry.Info) -> Customer | None:
        return await _customer(info, self.row.customer_id)

    @strawberry.field
    async def line_items(self, info: strawberry.Info) -> list[LineItem]:
        rows = await info.context.loaders.by_fk(m.DraftOrderLine.draft_order_id).load(self.pk)
        return [LineItem.from_row(r, self.row.currency) for r in rows]

    @strawberry.field(description="The order it became, once completed.")
    async def order(self, info: strawberry.Info) -> Order | None:
        if self.row.order_id is None:
            return None
        return Order.from_row(await info.context.loaders.by_id(m.Order).load(self.row.order_id))


@strawberry.type
class CheckoutCompletePayload:
    order: Order | None = None
    draft_order: DraftOrder | None = None
    amount_charged: Money | None = None
    approval_request: Annotated[ApprovalRequest, strawberry.lazy("schema.orders.approvals")] | None = strawberry.field(
        default=None, description="Over the buyer's spending limit: PENDING, and no order yet.")
    user_errors: list[UserError] = errors.none()


@strawberry.type
class OrderPayPayload:
    order: Order | None = None
    transaction: OrderTransaction | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class DraftOrderCompletePayload:
    draft_order: DraftOrder | None = None
    order: Order | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class OrderPayload:
    order: Order | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class OrderRefundPayload:
    order: Order | None = None
    refunds: list[OrderTransaction] = strawberry.field(
        default_factory=list, description="The REFUND transactions this request made, oldest first."
    )
    user_errors: list[UserError] = errors.none()


@strawberry.type
class DraftOrderPayPayload(DraftOrderCompletePayload):
    pass


@strawberry.type
class DraftOrderInvoiceSendPayload:
    draft_order: DraftOrder | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class DraftOrderDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.input
class DraftOrderLineInput:
    variant_id: strawberry.ID
    quantity: int
    unit_price: Decimal | None = strawberry.field(
        default=None,
        description="In the draft's currency; left out: the draft's price for the variant, else its base price.",
    )


@strawberry.input
class DraftOrderUpdateInput:
    po_number: str | None = strawberry.UNSET
    note: str | None = strawberry.UNSET
    lines: list[DraftOrderLineInput] | None = strawberry.field(default=None, description="Replaces every line.")


@strawberry.type
class DraftOrderUpdatePayload:
    draft_order: DraftOrder | None = None
    user_errors: list[UserError] = errors.none()


ReorderUnavailableReason = from_domain("ReorderUnavailableReason", reorder.UNAVAILABLE_REASONS)


ReorderAdjustmentReason = from_domain("ReorderAdjustmentReason", reorder.ADJUSTMENT_REASONS)


@strawberry.type(description="A line of the order that could not go into the new cart.")
class ReorderUnavailableLine:
    sku: str
    title: str
    quantity: int
    reason: ReorderUnavailableReason


@strawberry.type(description="A line whose quantity moved to the nearest one the quantity rule allows.")
class ReorderAdjustedLine:
    sku: str
    requested_quantity: int
    quantity: int
    reason: ReorderAdjustmentReason


@strawberry.type
class OrderReorderPayload:
    cart: Cart | None = None
    unavailable_lines: list[ReorderUnavailableLine] = strawberry.field(default_factory=list)
    adjusted_lines: list[ReorderAdjustedLine] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = errors.none()


@strawberry.type
class OrdersPayPayload:
    orders: list[Order] | None = None
    transactions: list[OrderTransaction] | None = strawberry.field(
        default=None, description="One per order, all of the same charge."
    )
    amount_charged: Money | None = None
    user_errors: list[UserError] = errors.none()
