"""Quotes, after the buyer asks and until it accepts.

REQUESTED: a buyer with PLACE_ORDERS at its location asks for prices on lines (by variant or sku)
with a note; the merchant is emailed. The merchant edits prices, quantities, a note and the expiry
(quoteUpdate) and sends it (SENT, the buyer is emailed). The buyer accepts it once: an order on the
location's terms at the quoted prices (priceSource QUOTE), placed through checkout's own path
(gateway/orders/checkout.py place), with its credit checks; or declines it. A SENT quote past
expires_at is EXPIRED and cannot be accepted. Accepting claims the quote with one conditional
UPDATE, so a quote accepted twice (or by two colleagues at once) makes one order; the second
answers that order.

Who sees a quote: the buyer that asked, and the contacts of its location who may see all its
orders (VIEW_ALL_ORDERS) or approve (APPROVE_ORDERS); they may accept it too, within their own
spending limit (over it: SPENDING_LIMIT_EXCEEDED, have an approver accept it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.auth import policy, viewer
from gateway.catalog import pricing
from gateway.customers.roles import APPROVE_ORDERS, VIEW_ALL_ORDERS
from gateway.db.models import (
    Cart,
    CartLine,
    Company,
    CompanyLocation,
    Customer,
    Product,
    ProductVariant,
    Quote,
    QuoteLine,
    ShopSettings,
)
from gateway.orders import carts, governance, idempotency, placing, skus
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.payments import PaymentProvider
from gateway.platform import clock, ids, money, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found
from gateway.platform.settings import Settings

REQUESTED, SENT, ACCEPTED, DECLINED, EXPIRED = "REQUESTED", "SENT", "ACCEPTED", "DECLINED", "EXPIRED"
STATUSES = (REQUESTED, SENT, ACCEPTED, DECLINED, EXPIRED)
MAX_LINES = 250
DEFAULT_DAYS = 30  # a quote sent without an expiry holds this long


def status_of(row: Quote) -> str:
    if row.status == SENT and row.expires_at is not None and row.expires_at <= clock.now():
        return EXPIRED
    return row.status


def _with_status(status: str) -> ColumnElement[bool]:
    now = clock.now()
    if status == SENT:
        return and_(Quote.status == SENT, Quote.expires_at > now)
    if status == EXPIRED:
        return and_(Quote.status == SENT, Quote.expires_at <= now)
    return Quote.status == status


def _sees_all(roles: policy.Roles) -> list[int]:
    return [location for location, grant in roles.items() if grant.may(VIEW_ALL_ORDERS) or grant.may(APPROVE_ORDERS)]


def visible(customer_id: int, roles: policy.Roles) -> Select:
    """The quotes the buyer asked for, and those of the locations where it sees all orders or approves."""
    locations = _sees_all(roles)
    return select(Quote).where(or_(Quote.customer_id == customer_id, Quote.location_id.in_(locations) if locations else false()))


def listed(status: str | None = None) -> Select:
    stmt = select(Quote)
    return stmt.where(_with_status(status)) if status else stmt


async def find(session: AsyncSession, customer_id: int | None, quote_gid: str) -> Quote | None:
    row = await ids.lookup(session, Quote, quote_gid) if customer_id is not None else None
    if row is None or row.customer_id == customer_id:
        return row
    return row if row.location_id in _sees_all(await viewer.location_roles(session, customer_id)) else None


# -- the buyer asks --


async def request(
    session: AsyncSession, settings: Settings, customer_id: int | None, location_id: int | None, data: dict[str, Any]
) -> Quote:
    if customer_id is None:
        raise login_required("Log in to ask for a quote.", "input")
    if location_id is None:
        raise DomainError.of("LOCATION_REQUIRED", "Choose the company location you buy for (selectLocation) first.", "input")
    roles = await viewer.location_roles(session, customer_id)
    if not policy.may_place_orders(roles, location_id):
        raise DomainError.of("PERMISSION_DENIED", "Asking for quotes takes the PLACE_ORDERS permission.", "input")
    problems = Problems()
    note = validation.text(problems, data.get("note"), ("input", "note"), max_length=5000)
    items = data.get("lines") or []
    if not items:
        problems.add("BLANK", "Ask for at least one line.", "input", "lines")
    elif len(items) > MAX_LINES:
        problems.add("TOO_MANY_LINES", f"A quote holds at most {MAX_LINES} lines.", "input", "lines")
    problems.raise_if_any()
    items = await skus.by_sku(session, items, ("input", "lines"))
    variants = await _variants(session, [ids.pk_of(item["variant_id"], "ProductVariant") for item in items])
    for index, item in enumerate(items):
        line = ("input", "lines", str(index))
        pk = ids.pk_of(item["variant_id"], "ProductVariant")
        if pk not in variants:
            problems.add("NOT_FOUND", "Variant not found.", *line, "variantId")
        validation.quantity(problems, item.get("quantity", 1), (*line, "quantity"))
    problems.raise_if_any()
    location = await session.get(CompanyLocation, location_id)
    company = await session.get(Company, location.company_id)
    quote = Quote(
        customer_id=customer_id, company_id=company.id, location_id=location.id, status=REQUESTED,
        currency=company.currency_code, note=note,
    )
    session.add(quote)
    await session.flush()
    lines = []
    for item in items:
        variant, title = variants[ids.pk_of(item["variant_id"], "ProductVariant")]
        lines.append(QuoteLine(
            quote_id=quote.id, variant_id=variant.id, sku=variant.sku, title=title[:255], quantity=item.get("quantity", 1),
        ))
    session.add_all(lines)
    await session.flush()
    buyer = await session.get(Customer, customer_id)
    await outbox.notify_merchant(session, settings, "quote_requested", {
        "quote_name": name_of(quote), "buyer": buyer.email, "location": location.name, "note": note or "-",
        "lines": "\n".join(f"{line.quantity} x {line.title} ({line.sku})" for line in lines),
    })
    await webhooks.emit(session, "QUOTES_CREATE", lambda: payloads.quote(session, quote))
    return quote


def name_of(quote: Quote) -> str:
    return f"Q{quote.id}"


async def _variants(session: AsyncSession, pks: list[int | None]) -> dict[int, tuple[ProductVariant, str]]:
    rows = await session.execute(
        select(ProductVariant, Product.title).join(Product, Product.id == ProductVariant.product_id)
        .where(ProductVariant.id.in_([pk for pk in pks if pk is not None]), Product.status == "ACTIVE")
    )
    return {
        variant.id: (variant, title + ("" if variant.title == "Default" else f" - {variant.title}"))
        for variant, title in rows
    }


# -- the merchant answers --


async def _editable(session: AsyncSession, quote_gid: str) -> Quote:
    quote = await ids.fetch_locked(session, Quote, quote_gid, "Quote", "id")
    if quote.status not in (REQUESTED, SENT):
        raise DomainError.of("INVALID_STATE", f"This quote is {quote.status.lower()}; it can no longer change.", "id")
    return quote


async def update_quote(session: AsyncSession, quote_gid: str, data: dict[str, Any]) -> Quote:
    """Prices and quantities of its lines (by line id), the merchant's note, the expiry."""
    quote = await _editable(session, quote_gid)
    problems = Problems()
    if "note" in data:
        quote.merchant_note = validation.text(problems, data["note"], ("input", "note"), max_length=5000)
    if "expires_at" in data:
        expires = validation.utc(data["expires_at"])
        if expires is not None and expires <= clock.now():
            problems.add("INVALID", "The expiry must be in the future.", "input", "expiresAt")
        quote.expires_at = expires
    rows = {line.id: line for line in await session.scalars(select(QuoteLine).where(QuoteLine.quote_id == quote.id))}
    for index, item in enumerate(data.get("lines") or []):
        path = ("input", "lines", str(index))
        line = rows.get(ids.pk_of(item.get("id"), "QuoteLine"))
        if line is None:
            problems.add("NOT_FOUND", "Quote line not found.", *path, "id")
            continue
        if item.get("price") is not None:
            line.unit_price = validation.amount(problems, item["price"], quote.currency, (*path, "price"))
        if item.get("quantity") is not None:
            line.quantity = validation.quantity(problems, item["quantity"], (*path, "quantity")) or line.quantity
    if not problems:
        total = sum((line.unit_price or 0) * line.quantity for line in rows.values())
        validation.total(problems, total, quote.currency, ("input", "lines"))
    problems.raise_if_any()
    await session.flush()
    await webhooks.emit(session, "QUOTES_UPDATE", lambda: payloads.quote(session, quote))
    return quote


async def send(session: AsyncSession, settings: Settings, quote_gid: str) -> Quote:
    """Every line priced; the buyer is emailed the quote. Sending again resends it."""
    quote = await _editable(session, quote_gid)
    lines = (await session.scalars(select(QuoteLine).where(QuoteLine.quote_id == quote.id).order_by(QuoteLine.id))).all()
    if any(line.unit_price is None for line in lines):
        raise DomainError.of("UNPRICED", "Price every line (quoteUpdate) before sending the quote.", "id")
    if quote.expires_at is None or quote.expires_at <= clock.now():
        quote.expires_at = clock.now() + timedelta(days=DEFAULT_DAYS)
    quote.status, quote.sent_at = SENT, clock.now()
    buyer = await session.get(Customer, quote.customer_id)
    await outbox.enqueue(session, settings, buyer.email, "quote_sent", {
        "quote_name": name_of(quote), "lines": _lines_text(lines, quote.currency),
        "total": money.text(sum(line.unit_price * line.quantity for line in lines), quote.currency),
        "expires": f"{quote.expires_at:%Y-%m-%d}", "note": quote.merchant_note or "-",
        "quotes_url": settings.storefront_url.rstrip("/") + "/account/quotes",
    })
    await webhooks.emit(session, "QUOTES_UPDATE", lambda: payloads.quote(session, quote))
    return quote


def _lines_text(lines: list[QuoteLine], currency: str) -> str:
    return "\n".join(
        f"{line.quantity} x {line.title} ({line.sku}) at {money.text(line.unit_price, currency)} = "
        f"{money.text(line.unit_price * line.quantity, currency)}" for line in lines
    )


# -- the buyer decides --


async def accept(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, shop: ShopSettings, customer_id: int | None,
    quote_gid: str, method_gid: str | None, key: str,
) -> dict[str, Any]:
    """The order of the quote, once per idempotency key; a quote accepted already answers its order."""
    if customer_id is None:
        raise login_required("Log in to accept a quote.", "id")
    arguments = {"id": quote_gid, "paymentMethodId": method_gid}

    async def work() -> dict[str, Any]:
        return await _accept(session, settings, provider, shop, customer_id, quote_gid, method_gid)

    return await idempotency.once(session, customer_id, key, "quoteAccept", arguments, work)


async def _accept(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, shop: ShopSettings, customer_id: int,
    quote_gid: str, method_gid: str | None,
) -> dict[str, Any]:
    quote = await find(session, customer_id, quote_gid)
    if quote is None:
        raise not_found("Quote", "id")
    roles = await viewer.location_roles(session, customer_id)
    if quote.location_id not in roles or not policy.may_place_orders(roles, quote.location_id):
        raise DomainError.of("PERMISSION_DENIED", "Accepting quotes takes the PLACE_ORDERS permission.", "id")
    claimed = await session.execute(
        update(Quote).where(Quote.id == quote.id, Quote.status == SENT, Quote.expires_at > clock.now())
        .values(status=ACCEPTED)
    )
    quote = (await session.scalars(
        select(Quote).where(Quote.id == quote.id).execution_options(populate_existing=True)
    )).one()
    if claimed.rowcount != 1:
        if quote.status == ACCEPTED and quote.order_id is not None:
            return {"quote_id": quote.id, "order_id": quote.order_id}
        if status_of(quote) == EXPIRED:
            raise DomainError.of("EXPIRED", "This quote has expired; ask for a new one.", "id")
        raise DomainError.of("INVALID_STATE", f"This quote is {status_of(quote).lower()}; it cannot be accepted.", "id")
    view = await _view(session, customer_id, quote)
    company = await session.get(Company, quote.company_id)
    why = await governance.over_limit(session, customer_id, roles[quote.location_id], company, quote.location_id, view)
    if why is not None:
        raise DomainError.of(
            "SPENDING_LIMIT_EXCEEDED", f"This quote is {why}; ask a colleague who may approve orders to accept it.", "id"
        )
    placed = await placing.place_for(
        session, settings, provider, shop, view, method_gid, f"quoteAccept:{quote.id}", "id"
    )
    quote.order_id = placed["order_id"]
    await session.flush()
    await outbox.notify_merchant(session, settings, "quote_decided", {
        "quote_name": name_of(quote), "decision": "accepted", "reason": "-",
    })
    await webhooks.emit(session, "QUOTES_UPDATE", lambda: payloads.quote(session, quote))
    return {"quote_id": quote.id, "order_id": quote.order_id, "draft_order_id": placed["draft_order_id"]}


async def _view(session: AsyncSession, customer_id: int, quote: Quote) -> carts.CartView:
    """The quote as checkout sees a cart: its lines at the quoted prices, on the location's terms now.
    The cart is never stored; it carries who buys where and the location's addresses."""
    location = await session.get(CompanyLocation, quote.location_id)
    cart = Cart(
        customer_id=customer_id, location_id=location.id, po_number=f"Quote {name_of(quote)}", note=quote.note,
        shipping_address=location.shipping_address, billing_address=location.billing_address,
    )
    rows = (await session.execute(
        select(QuoteLine, ProductVariant, Product.title).join(ProductVariant, ProductVariant.id == QuoteLine.variant_id)
        .join(Product, Product.id == ProductVariant.product_id)
        .where(QuoteLine.quote_id == quote.id).order_by(QuoteLine.id)
    )).all()
    asked = (await session.scalars(select(QuoteLine.id).where(QuoteLine.quote_id == quote.id))).all()
    if len(rows) != len(asked):  # a variant deleted since (its line keeps the sku, without a variant)
        raise DomainError.of("LINE_UNAVAILABLE", "A product of this quote is no longer sold; ask for a new quote.", "id")
    lines = [
        carts.LineView(
            CartLine(variant_id=variant.id, quantity=line.quantity), variant,
            pricing.AgreedTerms(pricing.Quote(
                amount=line.unit_price, currency=quote.currency, catalog_id=None, catalog_title=None,
                source=pricing.QUOTE, rule=pricing.DEFAULT_RULE, breaks=(),
            )),
            product_title,
        )
        for line, variant, product_title in rows
    ]
    subtotal = sum(line.total for line in lines)
    mode = carts.checkout_mode(location)
    return carts.CartView(cart, location, lines, quote.currency, subtotal, mode, carts.amount_due_now(mode, subtotal, location))


async def decline(session: AsyncSession, settings: Settings, customer_id: int | None, quote_gid: str, reason: str | None) -> Quote:
    if customer_id is None:
        raise login_required("Log in to decline a quote.", "id")
    problems = Problems()
    reason = validation.text(problems, reason, ("reason",), max_length=2000)
    problems.raise_if_any()
    quote = await find(session, customer_id, quote_gid)
    if quote is None:
        raise not_found("Quote", "id")
    quote = await ids.lock(session, Quote, quote.id)
    if quote.status not in (REQUESTED, SENT):
        raise DomainError.of("INVALID_STATE", f"This quote is {quote.status.lower()}; it cannot be declined.", "id")
    quote.status, quote.reason = DECLINED, reason
    await session.flush()
    await outbox.notify_merchant(session, settings, "quote_decided", {
        "quote_name": name_of(quote), "decision": "declined", "reason": reason or "-",
    })
    await webhooks.emit(session, "QUOTES_UPDATE", lambda: payloads.quote(session, quote))
    return quote


