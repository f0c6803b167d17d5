"""What a cart, a draft and an order add up to, computed in one place so the storefront cart shows
the numbers its order will have:

    total = subtotal + shipping + tax           (prices entered without tax)
    total = subtotal + shipping                 (Shop pricesIncludeTax: the tax is inside both)

subtotal is the sum of the lines' totals; tax is the sum of each line's and the shipping's tax
(gateway/orders/taxes.py). Orders then keep paid + outstanding = total (gateway/orders/ledger.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, func, literal
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import Cart, CompanyLocation, ShopSettings
from gateway.orders import taxes


@dataclass(frozen=True)
class Totals:
    currency: str
    subtotal: int
    shipping_title: str | None  # None: no delivery method
    shipping_price: int
    tax: taxes.TaxResult
    included: bool  # the prices include the tax

    @property
    def total_tax(self) -> int:
        return self.tax.total

    @property
    def total(self) -> int:
        return order_total(self.subtotal, self.shipping_price, self.total_tax, self.included)

    def charges(self) -> dict[str, Any]:
        """The columns an order or draft keeps of these (gateway/db/models/orders.py Charges)."""
        return dict(
            shipping_title=self.shipping_title, shipping_price=self.shipping_price, total_tax=self.total_tax,
            taxes_included=self.included, tax_note=self.tax.note,
            tax_lines=[{"title": t.title, "rate_bp": t.rate_bp, "amount": t.amount} for t in self.tax.summary()],
        )


def order_total(subtotal: int, shipping: int, tax: int, included: bool) -> int:
    return subtotal + shipping + (0 if included else tax)


def line_tax(tax: taxes.LineTax | None) -> dict[str, Any]:
    """The tax columns of an order or draft line."""
    if tax is None:
        return dict(tax_title=None, tax_rate_bp=None, tax_amount=0)
    return dict(tax_title=tax.title, tax_rate_bp=tax.rate_bp, tax_amount=tax.amount)


def destination(shop: ShopSettings, shipping_address: dict[str, Any] | None) -> str | None:
    """Where the goods go: the shipping address's country, else the shop's own."""
    return (shipping_address or {}).get("country_code") or shop.country_code


def cart_destination(shop: ShopSettings) -> ColumnElement[str]:
    """destination() of a cart row, as a column (to read its tax rate with the cart)."""
    return func.coalesce(Cart.shipping_address["country_code"].as_string(), literal(shop.country_code, String))


async def compute(
    session: AsyncSession, shop: ShopSettings, location: CompanyLocation | None,
    shipping_address: dict[str, Any] | None, currency: str, amounts: list[int],
    shipping: tuple[str, int] | None,
) -> Totals:
    """The totals of lines (their totals, in order) and an optional (title, price) shipping line."""
    title, price = shipping if shipping else (None, 0)
    request = taxes.TaxRequest(
        currency=currency, amounts=tuple(amounts), shipping=price, destination=destination(shop, shipping_address),
        shop_country=shop.country_code, prices_include_tax=shop.prices_include_tax,
        exempt=bool(location and location.tax_exempt), tax_id=location.tax_id if location else None,
    )
    tax = await taxes.engine().calculate(session, request)
    return Totals(currency, sum(amounts), title, price, tax, shop.prices_include_tax)
