"""Draft orders after the buyer submits them: the merchant edits one, completes it as an order (on
the location's terms, or paid), sends an invoice the buyer pays, or deletes it with a reason."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.auth import viewer
from gateway.db.models import (
    CompanyLocation,
    Customer,
    DraftOrder,
    DraftOrderLine,
    Order,
    PaymentMethod,
    PaymentTermsTemplate,
    Product,
    ProductVariant,
    ShopSettings,
)
from gateway.orders import idempotency, ledger, orders
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.payments import PaymentProvider, methods
from gateway.payments.provider import Charge
from gateway.platform import clock, ids, money, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found
from gateway.platform.settings import Settings

OPEN_STATUSES = ("OPEN", "INVOICE_SENT")
STATUSES = (*OPEN_STATUSES, "COMPLETED")
SNAPSHOT = ("customer_id", "company_id", "location_id", "currency", "po_number", "note", "shipping_address",
            "billing_address")
MAX_LINES = 250
LINE = ("variant_id", "sku", "title", "quantity", "unit_price", "total", "price_source", "catalog_title")


async def _open(session: AsyncSession, draft_gid: str, field: str) -> DraftOrder:
    """The draft, locked, while it is still open; NOT_FOUND or ALREADY_COMPLETED otherwise."""
    draft = await ids.fetch_locked(session, DraftOrder, draft_gid, "Draft order", field)
    if draft.status not in OPEN_STATUSES:
        raise DomainError.of("ALREADY_COMPLETED", "This draft order has been completed already.", field)
    return draft


async def _to_order(
    session: AsyncSession, settings: Settings, draft: DraftOrder, template: PaymentTermsTemplate | None,
    location: CompanyLocation | None, payment: tuple[Charge, PaymentMethod | None] | None,
) -> Order:
    """The draft's order, paid in full when payment is given; the draft is COMPLETED."""
    lines = (
        await session.scalars(
            select(DraftOrderLine).where(DraftOrderLine.draft_order_id == draft.id).order_by(DraftOrderLine.id)
        )
    ).all()
    order, order_lines, schedule = await orders.place(
        session, {c: getattr(draft, c) for c in SNAPSHOT}, [{c: getattr(line, c) for c in LINE} for line in lines],
        template, location,
    )
    if payment is not None and order.total > 0:
        charge, method = payment
        await ledger.record_payment(
            session, order, "SALE" if method else "PAYMENT", order.total, charge, method, announce=False,
            placed_now=True,
        )
    draft.status, draft.order_id, draft.completed_at = "COMPLETED", order.id, clock.now()
    await orders.confirm(session, settings, order, order_lines, schedule)
    await session.flush()
    await webhooks.emit(session, "ORDERS_CREATE", lambda: payloads.order(session, order))
    if order.financial_status == orders.PAID:  # subscribers hear of the order before of its payment
        await orders.announce_paid(session, order)
    await webhooks.emit(session, "DRAFT_ORDERS_UPDATE", lambda: payloads.draft_order(session, draft))
    return order


def name_of(draft_id: int) -> str:
    """D1, D2, ...: what the merchant's and the buyer's emails call a draft."""
    return f"D{draft_id}"


async def complete(
    session: AsyncSession, settings: Settings, shop: ShopSettings, draft_gid: str, payment_pending: bool,
    terms_gid: str | None = None,
) -> DraftOrder:
    """Turn an open draft into an order: on the location's terms, or the terms the merchant names
    (payment pending; the company's credit and terms limits apply as at checkout), or marked PAID
    (paid outside the shop). Payment pending with no terms at all is refused: such an order would
    have no due date and could never become overdue."""
    draft = await _open(session, draft_gid, "id")
    location = await session.get(CompanyLocation, draft.location_id) if draft.location_id else None
    template = None
    if payment_pending:
        template = await _terms(session, location, terms_gid)
        if location is not None:
            company = await orders.lock_company(session, location.company_id)
            await orders.check_terms(session, shop, company, template, location, draft.subtotal, field="id")
    paid_outside = None if payment_pending else (Charge(succeeded=True), None)
    await _to_order(session, settings, draft, template, location, paid_outside)
    return draft


async def _terms(
    session: AsyncSession, location: CompanyLocation | None, terms_gid: str | None
) -> PaymentTermsTemplate:
    """The terms a pending order gets: those named, else the location's; refused when neither is."""
    field = "paymentTermsTemplateId"
    if terms_gid is not None:
        template = await ids.fetch(session, PaymentTermsTemplate, terms_gid, "Payment terms template", field)
    elif location is not None and location.payment_terms_template_id is not None:
        template = await session.get(PaymentTermsTemplate, location.payment_terms_template_id)
    else:
        raise DomainError.of(
            "NO_PAYMENT_TERMS", "This draft's location has no payment terms: name terms (paymentTermsTemplateId) "
            "or complete it as paid (paymentPending: false).", "paymentPending",
        )
    if template.terms_type == "FIXED" and (location is None or location.payment_terms_due_at is None):
        raise DomainError.of("NO_PAYMENT_TERMS", "Fixed-date terms need the location's due date.", field)
    return template


async def update(session: AsyncSession, draft_gid: str, data: dict[str, Any]) -> DraftOrder:
    """The merchant edits an OPEN draft: PO number, note, and lines (replacing them all). A line's
    price defaults to the draft's current price for its variant, else the variant's base price;
    a price given is MANUAL. Nothing changes unless every line is valid."""
    draft = await _open(session, draft_gid, "id")
    if draft.status != "OPEN":
        raise DomainError.of("INVOICE_SENT", "The buyer was invoiced this draft; it can no longer change.", "id")
    problems = Problems()
    if "po_number" in data:
        draft.po_number = validation.text(problems, data["po_number"], ("input", "poNumber"), max_length=100)
    if "note" in data:
        draft.note = validation.text(problems, data["note"], ("input", "note"), max_length=5000)
    lines = None
    if data.get("lines") is not None:
        lines = await _lines(session, draft, data["lines"], problems)
    problems.raise_if_any()
    if lines is not None:
        await session.execute(delete(DraftOrderLine).where(DraftOrderLine.draft_order_id == draft.id))
        session.add_all(lines)
        draft.subtotal = sum(line.total for line in lines)
    await session.flush()
    await webhooks.emit(session, "DRAFT_ORDERS_UPDATE", lambda: payloads.draft_order(session, draft))
    return draft


async def _lines(
    session: AsyncSession, draft: DraftOrder, items: list[dict[str, Any]], problems: Problems
) -> list[DraftOrderLine]:
    path = ("input", "lines")
    if not items:
        problems.add("BLANK", "A draft order needs at least one line.", *path)
    if len(items) > MAX_LINES:
        problems.add("TOO_MANY_LINES", f"A draft order holds at most {MAX_LINES} lines.", *path)
        return []
    current = {
        line.variant_id: line
        for line in await session.scalars(select(DraftOrderLine).where(DraftOrderLine.draft_order_id == draft.id))
    }
    pks = [ids.pk_of(item["variant_id"], "ProductVariant") for item in items]
    rows = await session.execute(
        select(ProductVariant, Product.title).join(Product, Product.id == ProductVariant.product_id)
        .where(ProductVariant.id.in_([pk for pk in pks if pk is not None]))
    )
    variants = {variant.id: (variant, title) for variant, title in rows}
    lines = []
    for i, (item, pk) in enumerate(zip(items, pks)):
        line_path = (*path, str(i))
        if pk not in variants:
            problems.add("NOT_FOUND", "Variant not found.", *line_path, "variantId")
            continue
        quantity = validation.quantity(problems, item["quantity"], (*line_path, "quantity"))
        variant, product_title = variants[pk]
        if item.get("unit_price") is not None:
            price = validation.amount(problems, item["unit_price"], draft.currency, (*line_path, "unitPrice"))
            source, catalog_title = "MANUAL", None
        elif pk in current:
            price, source, catalog_title = current[pk].unit_price, current[pk].price_source, current[pk].catalog_title
        else:
            price, source, catalog_title = variant.price, "BASE", None
        if quantity is None or price is None:
            continue
        title = product_title + ("" if variant.title == "Default" else f" - {variant.title}")
        lines.append(DraftOrderLine(
            draft_order_id=draft.id, variant_id=pk, sku=variant.sku, title=title[:255], quantity=quantity,
            unit_price=price, total=price * quantity, price_source=source, catalog_title=catalog_title,
        ))
    if not problems:
        validation.total(problems, sum(line.total for line in lines), draft.currency, path)
    return lines


async def invoice_send(session: AsyncSession, settings: Settings, draft_gid: str) -> DraftOrder:
    """Email the buyer the total and how to pay it; the draft is INVOICE_SENT (sending again resends)."""
    draft = await _open(session, draft_gid, "id")
    buyer = await session.get(Customer, draft.customer_id) if draft.customer_id else None
    if buyer is None:
        raise DomainError.of("NO_BUYER", "This draft order has no buyer to invoice.", "id")
    draft.status = "INVOICE_SENT"
    await outbox.enqueue(session, settings, buyer.email, "draft_order_invoice", {
        "draft_name": name_of(draft.id), "po_number": draft.po_number or "-",
        "total": money.text(draft.subtotal, draft.currency), "pay_url": f"{settings.storefront_url}/account",
    })
    await webhooks.emit(session, "DRAFT_ORDERS_UPDATE", lambda: payloads.draft_order(session, draft))
    return draft


async def pay(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, customer_id: int | None, draft_gid: str,
    method_gid: str, key: str,
) -> dict:
    """The buyer pays an invoiced draft in full, once per idempotency key: it becomes a PAID order."""
    if customer_id is None:
        raise login_required("Log in to pay.", "draftOrderId")
    draft = await ids.lookup(session, DraftOrder, draft_gid)
    if draft is None or draft.customer_id != customer_id:
        raise not_found("Draft order", "draftOrderId")
    ledger.check_may_pay(customer_id, await viewer.location_roles(session, customer_id), draft, "draftOrderId")
    arguments = {"draftOrderId": draft_gid, "paymentMethodId": method_gid}

    async def work() -> dict:
        locked = await _open(session, draft_gid, "draftOrderId")
        if locked.status != "INVOICE_SENT":
            raise DomainError.of("NOT_INVOICED", "This draft order waits for the merchant's approval.", "draftOrderId")
        method = await methods.find(session, customer_id, method_gid)
        charge = await ledger.charge(
            session, provider, method, locked.subtotal, locked.currency, f"draftOrderPay:{customer_id}:{key}",
            {"gateway_draft_order": str(locked.id)},
        )
        order = await complete_paid(session, settings, locked, charge, method)
        return {"draft_order_id": locked.id, "order_id": order.id}

    return await idempotency.once(session, customer_id, key, "draftOrderPay", arguments, work)


async def complete_paid(
    session: AsyncSession, settings: Settings, draft: DraftOrder, charge: Charge, method: PaymentMethod | None
) -> Order:
    """The (locked, invoiced) draft paid in full by charge: a PAID order (draftOrderPay, or the
    provider's event of a payment whose request died)."""
    location = await session.get(CompanyLocation, draft.location_id) if draft.location_id else None
    return await _to_order(session, settings, draft, None, location, (charge, method))


async def remove(session: AsyncSession, settings: Settings, draft_gid: str, reason: str | None) -> str:
    """Delete an open draft; its buyer is told why. Answers the deleted draft's id."""
    problems = Problems()
    reason = validation.text(problems, reason, ("reason",), max_length=2000)
    problems.raise_if_any()
    draft = await _open(session, draft_gid, "id")
    buyer = await session.get(Customer, draft.customer_id) if draft.customer_id else None
    if buyer is not None:
        await outbox.enqueue(session, settings, buyer.email, "draft_order_deleted", {
            "draft_name": name_of(draft.id), "po_number": draft.po_number or "-", "reason": reason or "-",
        })
    await webhooks.emit(session, "DRAFT_ORDERS_UPDATE", payloads.deleted_draft_order(draft, reason))
    await session.execute(delete(DraftOrder).where(DraftOrder.id == draft.id))
    return ids.to_gid("DraftOrder", draft.id)
