"""Carts on the Storefront API: the cart as priced now, its inputs and its payload."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.orders import carts
from gateway.platform import ids
from schema import errors
from schema.catalog.types import PriceSource, ProductVariant
from schema.customers.register import CompanyLocation
from schema.enums import from_domain
from schema.errors import UserError
from schema.relay import Node
from schema.values import AddressInput, MailingAddress, Money


CheckoutMode = from_domain("CheckoutMode", carts.CHECKOUT_MODES)


@strawberry.type
class CartLine(Node):
    quantity: int
    variant: ProductVariant
    unit_price: Money | None = strawberry.field(description="Null when the variant is no longer sold to the buyer.")
    total: Money | None
    price_source: PriceSource | None

    @classmethod
    def of(cls, line: carts.LineView) -> "CartLine":
        quote = line.quote
        return cls(
            id=ids.to_gid("CartLine", line.line.id), quantity=line.line.quantity,
            variant=ProductVariant.priced(line.variant, line.terms),  # the cart's prices, no query of its own
            unit_price=Money.of(quote.amount, quote.currency) if quote else None,
            total=Money.of(line.total, quote.currency) if quote else None,
            price_source=PriceSource.of(quote) if quote else None,
        )


@strawberry.type(description="Lines are priced again on every read, for the location the cart was made for.")
class Cart(Node):
    lines: list[CartLine]
    subtotal: Money
    po_number: str | None
    note: str | None
    location: CompanyLocation | None
    shipping_address: MailingAddress | None
    billing_address: MailingAddress | None
    email: str | None = strawberry.field(description="A guest's email (cartUpdate).")
    checkout_mode: CheckoutMode
    amount_due_now: Money = strawberry.field(
        description="What checkout charges now: the subtotal, the deposit, or nothing on terms or for approval."
    )
    created_at: datetime

    @classmethod
    def of(cls, view: carts.CartView) -> "Cart":
        cart = view.cart
        return cls(
            id=carts.gid(cart), lines=[CartLine.of(line) for line in view.lines],
            subtotal=Money.of(view.subtotal, view.currency), po_number=cart.po_number, note=cart.note,
            location=CompanyLocation.from_row(view.location) if view.location else None,
            shipping_address=MailingAddress.of(cart.shipping_address),
            billing_address=MailingAddress.of(cart.billing_address), email=cart.email,
            checkout_mode=CheckoutMode(view.checkout_mode),
            amount_due_now=Money.of(view.amount_due_now, view.currency), created_at=cart.created_at,
        )


@strawberry.input
class CartLineInput:
    variant_id: strawberry.ID | None = strawberry.field(default=None, description="Either a variant id or a sku.")
    sku: str | None = strawberry.field(default=None, description="Either a variant id or a sku (quick order).")
    quantity: int = 1


@strawberry.input
class CartLineUpdateInput:
    id: strawberry.ID
    quantity: int


@strawberry.input
class CartInput:
    lines: list[CartLineInput] = strawberry.field(default_factory=list)
    po_number: str | None = strawberry.UNSET
    note: str | None = strawberry.UNSET


@strawberry.input
class CartUpdateInput:
    po_number: str | None = strawberry.UNSET
    note: str | None = strawberry.UNSET
    email: str | None = strawberry.field(
        default=strawberry.UNSET, description="A guest's email: where the order and its confirmation go."
    )
    shipping_address: AddressInput | None = strawberry.field(
        default=strawberry.UNSET, description="Only where the location lets buyers edit it."
    )


@strawberry.type
class CartPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = errors.none()
