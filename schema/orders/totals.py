"""Tax and shipping: tax lines, shipping lines, delivery methods and tax rates, their inputs and payloads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from gateway.db import models as m
from gateway.orders import shipping, taxes
from gateway.platform import ids
from schema import errors
from schema.errors import UserError
from schema.values import Money


@strawberry.type(description="Tax at one rate: on a line, or summed over a cart or order.")
class TaxLine:
    title: str
    rate: Decimal = strawberry.field(description='A percentage: "19.0".')
    amount: Money

    @classmethod
    def of(cls, tax: taxes.LineTax, currency: str) -> "TaxLine":
        return cls(title=tax.title, rate=taxes.rate_text(tax.rate_bp), amount=Money.of(tax.amount, currency))

    @classmethod
    def stored(cls, lines: list[dict[str, Any]] | None, currency: str) -> list["TaxLine"]:
        """The tax lines an order or draft keeps (Charges.tax_lines)."""
        return [cls.of(taxes.LineTax(t["title"], t["rate_bp"], t["amount"]), currency) for t in lines or ()]


@strawberry.type(description="How the order ships and what that costs.")
class ShippingLine:
    title: str
    price: Money

    @classmethod
    def stored(cls, row: m.Order | m.DraftOrder) -> "ShippingLine | None":
        if row.shipping_title is None:
            return None
        return cls(title=row.shipping_title, price=Money.of(row.shipping_price, row.currency))


@strawberry.type(description="A way to ship. On a cart, price is what this cart would pay (0 from freeAbove on).")
class DeliveryMethod:
    id: strawberry.ID
    title: str
    price: Money
    country_codes: list[str] = strawberry.field(description="Where it ships; empty: every country.")
    free_above: Money | None = strawberry.field(description="From this subtotal on it costs nothing.")

    @classmethod
    def from_row(cls, row: m.DeliveryMethod, currency: str, price: int | None = None) -> "DeliveryMethod":
        return cls(
            id=ids.to_gid("DeliveryMethod", row.id), title=row.title,
            price=Money.of(row.price if price is None else price, currency), country_codes=list(row.country_codes),
            free_above=Money.of(row.free_above, currency),
        )

    @classmethod
    def offered(cls, offer: shipping.Offer, currency: str) -> "DeliveryMethod":
        return cls.from_row(offer.method, currency, offer.price)


@strawberry.type
class TaxRate:
    country_code: str
    rate: Decimal = strawberry.field(description='A percentage: "25.0".')
    title: str

    @classmethod
    def from_row(cls, row: m.TaxRate) -> "TaxRate":
        return cls(country_code=row.country_code, rate=taxes.rate_text(row.rate_bp), title=row.title)


@strawberry.input
class DeliveryMethodInput:
    title: str
    price: Decimal = strawberry.field(description="In the shop's currency.")
    country_codes: list[str] = strawberry.field(
        default_factory=list, description="ISO 3166-1 alpha-2 codes it ships to; empty: every country."
    )
    free_above: Decimal | None = strawberry.field(default=None, description="Free from this subtotal on.")


@strawberry.type
class DeliveryMethodCreatePayload:
    delivery_method: DeliveryMethod | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class DeliveryMethodDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class TaxRateSetPayload:
    tax_rate: TaxRate | None = None
    user_errors: list[UserError] = errors.none()
