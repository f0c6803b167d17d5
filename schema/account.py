"""The buyer's account on the Storefront API: inputs and payloads of paying several orders,
managing payment methods, and keeping its name and locations' addresses current."""

from __future__ import annotations

import strawberry

from schema.common import Money, UserError
from schema.customers.register import CompanyLocation, Customer
from schema.orders.order import Order, OrderTransaction
from schema.payments import PaymentMethod


@strawberry.type
class OrdersPayPayload:
    orders: list[Order] | None = None
    transactions: list[OrderTransaction] | None = strawberry.field(
        default=None, description="One per order, all of the same charge."
    )
    amount_charged: Money | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PaymentMethodRemovePayload:
    removed_payment_method_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PaymentMethodSetDefaultPayload:
    payment_method: PaymentMethod | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="The viewer's name; the email cannot change here.")
class CustomerNameInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET


@strawberry.type
class CustomerUpdatePayload:
    customer: Customer | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CompanyLocationUpdateAddressPayload:
    location: CompanyLocation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CustomerDeletePayload:
    deleted_customer_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
