"""Reorder by duplication: a past order's variants and quantities in a new cart at today's prices.

The cart is for the order's location while the buyer still has a role there, else for the location
the buyer buys for now (a contact that has chosen none is asked to, and one with no location left
cannot reorder a company order: LOCATION_REQUIRED). A line is left out, with the reason, when its
variant is deleted, no longer published to that location, or has no price there; a quantity the
location's quantity rule no longer allows moves to the nearest one it does, and the answer says so. The cart itself is made by
gateway/orders/carts.py, which checks every line again as it would for any new cart.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import viewer
from gateway.catalog import pricing
from gateway.db.models import Cart, OrderLine, Product, ProductVariant, ShopSettings
from gateway.orders import carts, orders
from gateway.platform import ids, validation
from gateway.platform.errors import DomainError, login_required, not_found

VARIANT_DELETED, UNPUBLISHED, UNPRICEABLE = "VARIANT_DELETED", "UNPUBLISHED", "UNPRICEABLE"
BELOW_MINIMUM, ABOVE_MAXIMUM, NOT_MULTIPLE = (
    "QUANTITY_BELOW_MINIMUM", "QUANTITY_ABOVE_MAXIMUM", "QUANTITY_NOT_MULTIPLE_OF_INCREMENT",
)
UNAVAILABLE_REASONS = (VARIANT_DELETED, UNPUBLISHED, UNPRICEABLE)
ADJUSTMENT_REASONS = (BELOW_MINIMUM, ABOVE_MAXIMUM, NOT_MULTIPLE)


@dataclass(frozen=True)
class UnavailableLine:
    sku: str
    title: str
    quantity: int
    reason: str  # VARIANT_DELETED | UNPUBLISHED | UNPRICEABLE


@dataclass(frozen=True)
class AdjustedLine:
    sku: str
    requested_quantity: int
    quantity: int
    reason: str  # QUANTITY_BELOW_MINIMUM | QUANTITY_ABOVE_MAXIMUM | QUANTITY_NOT_MULTIPLE_OF_INCREMENT


@dataclass(frozen=True)
class Reorder:
    cart: Cart
    unavailable: list[UnavailableLine]
    adjusted: list[AdjustedLine]


def nearest_quantity(quantity: int, rule: pricing.Rule) -> tuple[int, str | None]:
    """The allowed quantity nearest to quantity and why it moved (None: it did not). Rules are
    validated when saved: minimum and maximum are multiples of the increment, so the allowed
    quantities are the multiples between them; a tie between two rounds up. A line never holds more
    than validation.MAX_QUANTITY, so that caps every rule's maximum (an order placed before the cap
    can hold more)."""
    if quantity < rule.minimum:
        return rule.minimum, BELOW_MINIMUM
    maximum = min(rule.maximum or validation.MAX_QUANTITY, validation.MAX_QUANTITY)
    if quantity > maximum:
        return max(maximum // rule.increment * rule.increment, rule.minimum), ABOVE_MAXIMUM
    down = quantity // rule.increment * rule.increment
    if down == quantity:
        return quantity, None
    up = down + rule.increment
    return (down if quantity - down < up - quantity else up), NOT_MULTIPLE


async def reorder(
    session: AsyncSession, shop: ShopSettings, customer_id: int | None, selected_location_id: int | None,
    order_gid: str,
) -> Reorder:
    """A new cart with what order_gid held, for an order the customer may see (else NOT_FOUND)."""
    if customer_id is None:
        raise login_required("Log in to buy an order again.", "orderId")
    order = await orders.find(session, customer_id, order_gid)
    if order is None:
        raise not_found("Order", "orderId")
    roles = await viewer.location_roles(session, customer_id)
    location_id = order.location_id if order.location_id in roles else selected_location_id
    if order.location_id is not None and not roles:
        # A company order never comes back as a direct cart at base prices (carts.create asks a
        # contact that still has locations to choose one).
        raise DomainError.of(
            "LOCATION_REQUIRED", "This order was for a company location you no longer buy for; "
            "ask your company's admin for a role on a location.", "orderId",
        )
    buyer = await pricing.buyer_for(session, shop, customer_id, location_id)
    rows = (
        await session.execute(
            select(OrderLine, ProductVariant.product_id, ProductVariant.price, pricing.visible_products(buyer))
            .outerjoin(ProductVariant, ProductVariant.id == OrderLine.variant_id)
            .outerjoin(Product, Product.id == ProductVariant.product_id)
            .where(OrderLine.order_id == order.id)
            .order_by(OrderLine.id)
        )
    ).all()
    wanted: dict[int, int] = {}  # variant id: quantity, over every line of that variant
    first_line: dict[int, OrderLine] = {}
    unavailable: list[UnavailableLine] = []
    visible: dict[int, pricing.VariantRef] = {}
    for line, product_id, price, is_visible in rows:
        if line.variant_id is None or not is_visible:
            reason = VARIANT_DELETED if line.variant_id is None else UNPUBLISHED
            unavailable.append(UnavailableLine(line.sku, line.title, line.quantity, reason))
            continue
        visible[line.variant_id] = pricing.VariantRef(line.variant_id, product_id, price)
        wanted[line.variant_id] = wanted.get(line.variant_id, 0) + line.quantity
        first_line.setdefault(line.variant_id, line)
    terms = await pricing.variant_terms(session, buyer, visible.values())
    lines, adjusted = [], []
    for variant_id, quantity in wanted.items():
        line = first_line[variant_id]
        quote = terms[variant_id].quote(quantity)
        if quote is None:
            unavailable.append(UnavailableLine(line.sku, line.title, quantity, UNPRICEABLE))
            continue
        new_quantity, reason = nearest_quantity(quantity, quote.rule)
        if reason:
            adjusted.append(AdjustedLine(line.sku, quantity, new_quantity, reason))
        lines.append({"variant_id": ids.to_gid("ProductVariant", variant_id), "quantity": new_quantity})
    cart = await carts.create(session, shop, customer_id, location_id, {"lines": lines})
    return Reorder(cart, unavailable, adjusted)
