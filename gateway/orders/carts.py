"""Carts: bound at creation to the viewer and the location it buys for, priced again on every read.

A cart id is `gid://gateway/Cart/<token>`, the token 32 random characters, so cart ids cannot be
guessed. A cart answers only to the customer that made it (anonymous carts to anonymous callers,
and they are D2C carts); any other caller gets NOT_FOUND, as for an unknown id. A cart bound to a
location is priced by that location's catalogs while the customer still has a role there.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, select
from sqlalchemy import update as update_rows
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import viewer
from gateway.catalog import pricing
from gateway.customers import address_book
from gateway.db.engine import keep
from gateway.db.models import (
    Cart,
    CartLine,
    CompanyContact,
    CompanyLocation,
    Customer,
    PaymentTermsTemplate,
    Product,
    ProductVariant,
    RoleAssignment,
    ShopSettings,
)
from gateway.orders import skus
from gateway.platform import addresses, clock, ids, money, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found

MAX_LINES = 250
CHECKOUT_MODES = ("PAY_NOW", "NET_TERMS", "DEPOSIT", "DRAFT_FOR_APPROVAL")  # what checkout_mode answers
CART_PREFIX = "gid://gateway/Cart/"


@dataclass(frozen=True)
class LineView:
    line: CartLine
    variant: ProductVariant
    terms: pricing.VariantTerms  # the cart buyer's; no offers when the variant is no longer sold to it
    product_title: str

    @property
    def quote(self) -> pricing.Quote | None:
        return self.terms.quote(self.line.quantity)

    @property
    def total(self) -> int | None:
        return self.quote.amount * self.line.quantity if self.quote else None


@dataclass(frozen=True)
class CartView:
    """A cart as its buyer sees it now: lines at today's prices and how checkout will go."""

    cart: Cart
    location: CompanyLocation | None
    lines: list[LineView]
    currency: str
    subtotal: int
    checkout_mode: str  # PAY_NOW | NET_TERMS | DEPOSIT | DRAFT_FOR_APPROVAL
    amount_due_now: int


def gid(cart: Cart) -> str:
    return CART_PREFIX + cart.token


def checkout_mode(location: CompanyLocation | None) -> str:
    """How the location checks out: for approval as a draft, on terms with or without a deposit, or paying now."""
    if location is None:
        return "PAY_NOW"
    if location.checkout_to_draft:
        return "DRAFT_FOR_APPROVAL"
    if location.payment_terms_template_id is not None:
        return "DEPOSIT" if location.deposit_percentage else "NET_TERMS"
    return "PAY_NOW"


def amount_due_now(mode: str, subtotal: int, location: CompanyLocation | None) -> int:
    if mode == "PAY_NOW":
        return subtotal
    if mode == "DEPOSIT":
        return money.percent_of(subtotal, location.deposit_percentage * 100)
    return 0


async def find(session: AsyncSession, customer_id: int | None, cart_gid: str | None) -> Cart | None:
    """The caller's cart by id; None when unknown, malformed or somebody else's."""
    return (await find_with(session, customer_id, cart_gid))[0]


async def find_with(
    session: AsyncSession, customer_id: int | None, cart_gid: str | None, *extra: ColumnElement[Any]
) -> tuple[Cart | None, tuple[Any, ...]]:
    """find(), and the values of extra columns read in the same statement. The statement also loads
    the cart's location, that location's payment terms template and the cart's customer into the
    session, so pricing and checkout then get them from its identity map without a statement."""
    if not isinstance(cart_gid, str) or not cart_gid.startswith(CART_PREFIX):
        return None, ()
    has_role = exists().where(
        RoleAssignment.location_id == Cart.location_id, CompanyContact.id == RoleAssignment.contact_id,
        CompanyContact.customer_id == customer_id,
    )
    row = (await session.execute(
        select(Cart, has_role, CompanyLocation, PaymentTermsTemplate, Customer, *extra)
        .outerjoin(CompanyLocation, CompanyLocation.id == Cart.location_id)
        .outerjoin(PaymentTermsTemplate, PaymentTermsTemplate.id == CompanyLocation.payment_terms_template_id)
        .outerjoin(Customer, Customer.id == Cart.customer_id)
        .where(Cart.token == cart_gid[len(CART_PREFIX):])
    )).first()
    if row is None:
        return None, ()
    cart, role, *related = row[:5]
    if cart.customer_id != customer_id or (cart.location_id is not None and not role):
        return None, ()
    keep(session, *related)
    return cart, tuple(row[5:])


async def _own(session: AsyncSession, customer_id: int | None, cart_gid: str) -> Cart:
    cart = await find(session, customer_id, cart_gid)
    if cart is None:
        raise not_found("Cart", "cartId")
    if cart.completed_at is not None:
        raise DomainError.of("ALREADY_COMPLETED", "This cart has been checked out; start a new one.", "cartId")
    return cart


async def mark_completed(session: AsyncSession, cart: Cart) -> bool:
    """Consume the cart at checkout in one conditional statement: False when it was consumed already
    (by this request's predecessor or a concurrent checkout), so a cart makes at most one order."""
    result = await session.execute(
        update_rows(Cart).where(Cart.id == cart.id, Cart.completed_at.is_(None)).values(completed_at=clock.now())
    )
    return result.rowcount == 1


async def view(session: AsyncSession, shop: ShopSettings, cart: Cart) -> CartView:
    """The cart priced now for its own location."""
    buyer = await pricing.buyer_for(session, shop, cart.customer_id, cart.location_id)
    location = await session.get(CompanyLocation, cart.location_id) if cart.location_id else None
    rows = (
        await session.execute(
            select(CartLine, ProductVariant, pricing.visible_products(buyer), Product.title)
            .join(ProductVariant, ProductVariant.id == CartLine.variant_id)
            .join(Product, Product.id == ProductVariant.product_id)
            .where(CartLine.cart_id == cart.id)
            .order_by(CartLine.id)
        )
    ).all()
    sellable = [pricing.VariantRef(v.id, v.product_id, v.price) for _, v, visible, _ in rows if visible]
    terms = await pricing.variant_terms(session, buyer, sellable)
    unsold = pricing.VariantTerms(pricing.VariantRef(0, 0, 0), shop.currency_code, offers=())
    lines = [LineView(line, variant, terms.get(variant.id, unsold), title) for line, variant, _, title in rows]
    currency = next((ln.quote.currency for ln in lines if ln.quote), shop.currency_code)
    subtotal = sum(ln.total for ln in lines if ln.total is not None)
    mode = checkout_mode(location)
    return CartView(cart, location, lines, currency, subtotal, mode, amount_due_now(mode, subtotal, location))


async def create(
    session: AsyncSession, shop: ShopSettings, customer_id: int | None, location_id: int | None, data: dict[str, Any]
) -> Cart:
    """A new cart for the viewer's location, its addresses taken from the location. A company
    contact must have chosen a location: its cart would otherwise be priced and paid as D2C."""
    if location_id is None and customer_id is not None and await viewer.location_roles(session, customer_id):
        raise DomainError.of(
            "LOCATION_REQUIRED", "Choose the company location you buy for (selectLocation) before making a cart."
        )
    problems = Problems()
    location = await session.get(CompanyLocation, location_id) if location_id else None
    # A D2C cart starts from the customer's default address (address book), a location's from its own.
    own = await address_book.default_address(session, customer_id) if location is None and customer_id else None
    cart = Cart(
        token=secrets.token_urlsafe(24), customer_id=customer_id, location_id=location_id,
        shipping_address=location.shipping_address if location else own,
        billing_address=location.billing_address if location else own,
    )
    _apply_texts(problems, cart, data, ("input",))
    problems.raise_if_any()
    session.add(cart)
    await session.flush()
    await _add(session, shop, cart, data.get("lines") or [], ("input", "lines"), new=True)
    return cart


async def add_lines(
    session: AsyncSession, shop: ShopSettings, customer_id: int | None, cart_gid: str, lines: list[dict[str, Any]]
) -> Cart:
    """Add lines; a variant already in the cart adds to its line."""
    cart = await _own(session, customer_id, cart_gid)
    await _add(session, shop, cart, lines, ("lines",))
    return cart


async def update_lines(
    session: AsyncSession, shop: ShopSettings, customer_id: int | None, cart_gid: str, lines: list[dict[str, Any]]
) -> Cart:
    """Set the quantities of existing lines."""
    cart = await _own(session, customer_id, cart_gid)
    problems = Problems()
    if len(lines) > MAX_LINES:
        problems.add("TOO_MANY_LINES", f"A cart holds at most {MAX_LINES} lines.", "lines")
        problems.raise_if_any()
    current = await _lines(session, cart)
    by_pk = {line.id: line for line in current.values()}
    wanted: dict[int, tuple[int, tuple[str, ...]]] = {}
    for i, item in enumerate(lines):
        path = ("lines", str(i))
        line = by_pk.get(ids.pk_of(item["id"], "CartLine"))
        if line is None:
            problems.add("NOT_FOUND", f"Cart line {item['id']!r} not found in this cart.", *path, "id")
        elif _quantity_ok(problems, item["quantity"], path):
            wanted[line.variant_id] = (item["quantity"], path)
    await _check(session, shop, cart, wanted, current, problems, "id", ("lines",))
    problems.raise_if_any()
    for variant_id, (quantity, _) in wanted.items():
        current[variant_id].quantity = quantity
    return cart


async def remove_lines(
    session: AsyncSession, customer_id: int | None, cart_gid: str, line_ids: list[str]
) -> Cart:
    cart = await _own(session, customer_id, cart_gid)
    problems = Problems()
    by_pk = {line.id: line for line in (await _lines(session, cart)).values()}
    pks = [ids.pk_of(line_id, "CartLine") for line_id in line_ids]
    for i, pk in enumerate(pks):
        if pk not in by_pk:
            problems.add("NOT_FOUND", f"Cart line {line_ids[i]!r} not found in this cart.", "lineIds", str(i))
    problems.raise_if_any()
    await session.execute(delete(CartLine).where(CartLine.id.in_(pks)))
    return cart


async def update(
    session: AsyncSession, customer_id: int | None, cart_gid: str, data: dict[str, Any]
) -> Cart:
    """PO number, note, and the shipping address where the location lets buyers edit it."""
    cart = await _own(session, customer_id, cart_gid)
    problems = Problems()
    _apply_texts(problems, cart, data, ("input",))
    if "shipping_address" in data:
        path = ("input", "shippingAddress")
        location = await session.get(CompanyLocation, cart.location_id) if cart.location_id else None
        if location is not None and not location.editable_shipping_address:
            problems.add(
                "SHIPPING_ADDRESS_NOT_EDITABLE", "This location ships only to its own address; ask the merchant to "
                "change it.", *path,
            )
        else:
            cart.shipping_address = addresses.clean(problems, data["shipping_address"], path)
    problems.raise_if_any()
    return cart


async def adopt(
    session: AsyncSession, customer_id: int | None, location_id: int | None, cart_gid: str
) -> Cart:
    """After a code login, the anonymous cart becomes the viewer's (cartBuyerIdentityUpdate): bound to
    the location it buys for, if any, and from then on priced for it. Only an anonymous cart can be
    taken (its unguessable id is its only key); the viewer's own answers as it is."""
    if customer_id is None:
        raise login_required("Log in first: the cart becomes the logged-in customer's.", "cartId")
    own = await find(session, customer_id, cart_gid)
    if own is not None:
        return own
    cart = await _own(session, None, cart_gid)
    if location_id is None and await viewer.location_roles(session, customer_id):
        raise DomainError.of(
            "LOCATION_REQUIRED", "Choose the company location you buy for (selectLocation) before taking the cart."
        )
    location = await session.get(CompanyLocation, location_id) if location_id else None
    cart.customer_id, cart.location_id = customer_id, location_id
    if location is not None:
        cart.shipping_address, cart.billing_address = location.shipping_address, location.billing_address
    elif cart.shipping_address is None:
        cart.shipping_address = cart.billing_address = await address_book.default_address(session, customer_id)
    await session.flush()
    return cart


def _apply_texts(problems: Problems, cart: Cart, data: dict[str, Any], path: tuple[str, ...]) -> None:
    if "po_number" in data:
        cart.po_number = validation.text(problems, data["po_number"], (*path, "poNumber"), max_length=100)
    if "note" in data:
        cart.note = validation.text(problems, data["note"], (*path, "note"), max_length=5000)
    if "email" in data:  # a guest's, where its order goes; null clears it
        cart.email = validation.email(problems, data["email"], (*path, "email")) if data["email"] is not None else None


def _quantity_ok(problems: Problems, quantity: int, path: tuple[str, ...]) -> bool:
    """1 to validation.MAX_QUANTITY; less than 1 has been INVALID for carts from the start."""
    return validation.quantity(problems, quantity, (*path, "quantity"), below="INVALID") is not None


async def _lines(session: AsyncSession, cart: Cart) -> dict[int, CartLine]:
    """The cart's lines by variant id."""
    rows = await session.scalars(select(CartLine).where(CartLine.cart_id == cart.id))
    return {line.variant_id: line for line in rows}


async def _add(
    session: AsyncSession, shop: ShopSettings, cart: Cart, lines: list[dict[str, Any]], path: tuple[str, ...],
    new: bool = False,
) -> None:
    problems = Problems()
    if len(lines) > MAX_LINES:
        problems.add("TOO_MANY_LINES", f"A cart holds at most {MAX_LINES} lines.", *path)
        problems.raise_if_any()
    lines = await skus.by_sku(session, lines, path)  # quick order: lines by sku
    current = {} if new else await _lines(session, cart)
    added: dict[int, int] = defaultdict(int)
    paths: dict[int, tuple[str, ...]] = {}
    variant_pks = [ids.pk_of(item["variant_id"], "ProductVariant") for item in lines]
    buyer = await pricing.buyer_for(session, shop, cart.customer_id, cart.location_id)
    sellable = await _sellable(session, buyer, [pk for pk in variant_pks if pk is not None] + list(current))
    for i, (item, pk) in enumerate(zip(lines, variant_pks)):
        line_path = (*path, str(i))
        if pk not in sellable:
            problems.add("NOT_FOUND", f"Variant {item['variant_id']!r} not found.", *line_path, "variantId")
        elif _quantity_ok(problems, item["quantity"], line_path):
            added[pk] += item["quantity"]
            paths[pk] = line_path
    wanted = {pk: (quantity + (current[pk].quantity if pk in current else 0), paths[pk]) for pk, quantity in added.items()}
    if len(current.keys() | wanted.keys()) > MAX_LINES:
        problems.add("TOO_MANY_LINES", f"A cart holds at most {MAX_LINES} lines.", *path)
    await _check(session, shop, cart, wanted, current, problems, "variantId", path, buyer=buyer, sellable=sellable)
    problems.raise_if_any()
    for pk, (quantity, _) in wanted.items():
        if pk in current:
            current[pk].quantity = quantity
        else:
            session.add(CartLine(cart_id=cart.id, variant_id=pk, quantity=quantity))
    await session.flush()


async def _check(
    session: AsyncSession, shop: ShopSettings, cart: Cart, wanted: dict[int, tuple[int, tuple[str, ...]]],
    current: dict[int, CartLine], problems: Problems, id_field: str, lines_path: tuple[str, ...], *,
    buyer: pricing.Buyer | None = None, sellable: dict[int, pricing.VariantRef] | None = None,
) -> None:
    """Each wanted (variant: quantity, the line's new total) must be at most validation.MAX_QUANTITY,
    priceable for the cart's buyer and obey the quantity rule of the catalog that prices it at that
    quantity; then the cart with them (its other current lines at their prices) must total at most
    validation.MAX_AMOUNT, or TOTAL_TOO_LARGE at lines_path. sellable must cover wanted and current."""
    if not wanted:
        return
    others = {pk: line.quantity for pk, line in current.items() if pk not in wanted}
    if buyer is None:
        buyer = await pricing.buyer_for(session, shop, cart.customer_id, cart.location_id)
    if sellable is None:
        sellable = await _sellable(session, buyer, [*wanted, *others])
    terms = await pricing.variant_terms(session, buyer, [sellable[pk] for pk in (*wanted, *others) if pk in sellable])
    for pk, (quantity, path) in wanted.items():
        if validation.quantity(problems, quantity, (*path, "quantity")) is None:
            continue
        quote = terms[pk].quote(quantity) if pk in terms else None
        if quote is None:
            problems.add("NOT_FOUND", "This variant is not available to you.", *path, id_field)
            continue
        rule = quote.rule
        if quantity < rule.minimum:
            problems.add("QUANTITY_BELOW_MINIMUM", f"The quantity must be at least {rule.minimum}.", *path, "quantity")
        elif rule.maximum is not None and quantity > rule.maximum:
            problems.add("QUANTITY_ABOVE_MAXIMUM", f"The quantity must be at most {rule.maximum}.", *path, "quantity")
        elif quantity % rule.increment:
            problems.add(
                "QUANTITY_NOT_MULTIPLE_OF_INCREMENT", f"The quantity must be a multiple of {rule.increment}.",
                *path, "quantity",
            )
    if problems:
        return
    quantities = {**others, **{pk: quantity for pk, (quantity, _) in wanted.items()}}
    quotes = [(terms[pk].quote(quantity), quantity) for pk, quantity in quantities.items() if pk in terms]
    priced = [(quote, quantity) for quote, quantity in quotes if quote is not None]  # as view() prices them
    currency = next((quote.currency for quote, _ in priced), shop.currency_code)
    validation.total(problems, sum(quote.amount * quantity for quote, quantity in priced), currency, lines_path)


async def _sellable(session: AsyncSession, buyer: pricing.Buyer, variant_pks: list[int]) -> dict[int, pricing.VariantRef]:
    """The variants among variant_pks whose product the buyer may see (one statement)."""
    if not variant_pks:
        return {}
    rows = await session.execute(
        select(ProductVariant.id, ProductVariant.product_id, ProductVariant.price)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(ProductVariant.id.in_(variant_pks), pricing.visible_products(buyer))
    )
    return {vid: pricing.VariantRef(vid, product_id, price) for vid, product_id, price in rows}

