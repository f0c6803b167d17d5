"""The merchant's side of draft orders: completing one as an order, on the location's terms or paid."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import clock, ids, orders
from gateway.db.models import CompanyLocation, DraftOrder, DraftOrderLine, PaymentTermsTemplate, ShopSettings
from gateway.errors import DomainError, not_found
from gateway.payments.provider import Charge
from gateway.settings import Settings

OPEN_STATUSES = ("OPEN", "INVOICE_SENT")
SNAPSHOT = ("customer_id", "company_id", "location_id", "currency", "po_number", "note", "shipping_address",
            "billing_address")
LINE = ("variant_id", "sku", "title", "quantity", "unit_price", "total", "price_source", "catalog_title")


async def complete(
    session: AsyncSession, settings: Settings, shop: ShopSettings, draft_gid: str, payment_pending: bool
) -> DraftOrder:
    """Turn an open draft into an order: on the location's terms (payment pending; the company's
    credit and terms limits apply as at checkout) or marked PAID (paid outside the shop)."""
    draft = await ids.lookup(session, DraftOrder, draft_gid)
    if draft is None:
        raise not_found("Draft order", "id")
    locked = (
        await session.scalars(
            select(DraftOrder).where(DraftOrder.id == draft.id).with_for_update()
            .execution_options(populate_existing=True)
        )
    ).one()
    if locked.status not in OPEN_STATUSES:
        raise DomainError.of("ALREADY_COMPLETED", "This draft order has been completed already.", "id")
    location = await session.get(CompanyLocation, locked.location_id) if locked.location_id else None
    template = None
    if payment_pending and location is not None and location.payment_terms_template_id is not None:
        template = await session.get(PaymentTermsTemplate, location.payment_terms_template_id)
        company = await orders.lock_company(session, location.company_id)
        await orders.check_terms(session, shop, company, template, location, locked.subtotal, field="id")
    lines = (
        await session.scalars(select(DraftOrderLine).where(DraftOrderLine.draft_order_id == locked.id)
                              .order_by(DraftOrderLine.id))
    ).all()
    order, order_lines = await orders.place(
        session, {c: getattr(locked, c) for c in SNAPSHOT}, [{c: getattr(line, c) for c in LINE} for line in lines],
        template, location,
    )
    if not payment_pending and order.total > 0:
        await orders.record_payment(session, order, "PAYMENT", order.total, Charge(succeeded=True), None)
    locked.status, locked.order_id, locked.completed_at = "COMPLETED", order.id, clock.now()
    await orders.confirm(session, settings, order, order_lines)
    await session.flush()
    return locked
