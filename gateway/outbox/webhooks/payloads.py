"""Webhook payloads: each object as the GraphQL APIs show it (camelCase, gids, money as decimal
strings, times in ISO 8601 UTC), built from rows without GraphQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import (
    AccountRequest,
    ApprovalRequest,
    CartLine,
    ProductVariant,
    Quote,
    QuoteLine,
    Company,
    Customer,
    DraftOrder,
    DraftOrderLine,
    Order,
    OrderLine,
    Return,
    ReturnLine,
)
from gateway.platform import addresses, money
from gateway.platform.ids import to_gid


def _money(minor: int | None, currency: str) -> dict[str, str] | None:
    return None if minor is None else {"amount": str(money.from_minor(minor, currency)), "currencyCode": currency}


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _gid(type_name: str, pk: int | None) -> str | None:
    return to_gid(type_name, pk) if pk is not None else None


def _address(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {addresses.CAMEL.get(k, k): v for k, v in data.items()}


def _lines(rows: list[OrderLine] | list[DraftOrderLine], currency: str) -> list[dict[str, Any]]:
    return [
        {
            "sku": row.sku, "title": row.title, "quantity": row.quantity, "variantId": _gid("ProductVariant", row.variant_id),
            "unitPrice": _money(row.unit_price, currency), "total": _money(row.total, currency),
            "priceSource": row.price_source,
        }
        for row in rows
    ]


async def order(session: AsyncSession, row: Order) -> dict[str, Any]:
    await session.flush()
    lines = (await session.scalars(select(OrderLine).where(OrderLine.order_id == row.id).order_by(OrderLine.id))).all()
    currency = row.currency
    return {
        "id": to_gid("Order", row.id), "name": row.name, "createdAt": _time(row.created_at),
        "poNumber": row.po_number, "note": row.note, "currencyCode": currency,
        "displayFinancialStatus": row.financial_status, "cancelledAt": _time(row.cancelled_at),
        "customer": {"id": _gid("Customer", row.customer_id)} if row.customer_id else None,
        "company": {"id": _gid("Company", row.company_id)} if row.company_id else None,
        "location": {"id": _gid("CompanyLocation", row.location_id)} if row.location_id else None,
        "shippingAddress": _address(row.shipping_address), "billingAddress": _address(row.billing_address),
        "subtotal": _money(row.subtotal, currency), "total": _money(row.total, currency),
        "totalPaid": _money(row.paid_amount, currency),
        "totalOutstanding": _money(0 if row.cancelled_at else row.total - row.paid_amount, currency),
        "paymentTerms": {
            "paymentTermsName": row.payment_terms_name, "paymentTermsType": row.payment_terms_type,
            "dueInDays": row.payment_terms_due_in_days,
        } if row.payment_terms_name else None,
        "lineItems": _lines(list(lines), currency),
    }


async def draft_order(session: AsyncSession, row: DraftOrder) -> dict[str, Any]:
    await session.flush()
    lines = (
        await session.scalars(
            select(DraftOrderLine).where(DraftOrderLine.draft_order_id == row.id).order_by(DraftOrderLine.id)
        )
    ).all()
    return {
        "id": to_gid("DraftOrder", row.id), "status": row.status, "createdAt": _time(row.created_at),
        "poNumber": row.po_number, "note": row.note, "currencyCode": row.currency,
        "customer": {"id": _gid("Customer", row.customer_id)} if row.customer_id else None,
        "company": {"id": _gid("Company", row.company_id)} if row.company_id else None,
        "location": {"id": _gid("CompanyLocation", row.location_id)} if row.location_id else None,
        "subtotal": _money(row.subtotal, row.currency), "order": {"id": _gid("Order", row.order_id)} if row.order_id else None,
        "lineItems": _lines(list(lines), row.currency),
    }


def deleted_draft_order(row: DraftOrder, reason: str | None) -> dict[str, Any]:
    return {"id": to_gid("DraftOrder", row.id), "status": "DELETED", "deleted": True, "reason": reason}


async def company(session: AsyncSession, row: Company) -> dict[str, Any]:
    await session.flush()
    return {
        "id": to_gid("Company", row.id), "name": row.name, "externalId": row.external_id,
        "customerNumber": row.customer_number, "orgNumber": row.org_number, "website": row.website,
        "note": row.note, "creditLimit": _money(row.credit_limit, row.currency_code),
        "maxPaymentDays": row.max_payment_days, "riskRating": row.risk_rating,
        "mainContact": {"id": _gid("CompanyContact", row.main_contact_id)} if row.main_contact_id else None,
        "createdAt": _time(row.created_at), "updatedAt": _time(row.updated_at),
    }


async def customer(session: AsyncSession, row: Customer) -> dict[str, Any]:
    await session.flush()
    return {
        "id": to_gid("Customer", row.id), "email": row.email, "firstName": row.first_name,
        "lastName": row.last_name, "phone": row.phone, "status": row.status, "createdAt": _time(row.created_at),
    }


async def account_request(session: AsyncSession, row: AccountRequest) -> dict[str, Any]:
    await session.flush()
    return {
        "id": to_gid("AccountRequest", row.id), "status": row.status, "companyName": row.company_name,
        "orgNumber": row.org_number, "email": row.email, "firstName": row.first_name, "lastName": row.last_name,
        "phone": row.phone, "address": _address(row.address), "message": row.message,
        "createdAt": _time(row.created_at),
    }


async def return_request(session: AsyncSession, row: Return, order: Order) -> dict[str, Any]:
    await session.flush()
    lines = await session.execute(
        select(ReturnLine, OrderLine.sku, OrderLine.title)
        .join(OrderLine, OrderLine.id == ReturnLine.order_line_id)
        .where(ReturnLine.return_id == row.id).order_by(ReturnLine.id)
    )
    return {
        "id": to_gid("Return", row.id), "name": row.name, "status": row.status, "createdAt": _time(row.created_at),
        "order": {"id": to_gid("Order", order.id), "name": order.name},
        "customer": {"id": _gid("Customer", row.customer_id)} if row.customer_id else None,
        "lines": [
            {"orderLine": {"id": to_gid("OrderLine", line.order_line_id), "sku": sku, "title": title},
             "quantity": line.quantity, "reason": line.reason, "note": line.note}
            for line, sku, title in lines
        ],
    }


async def approval_request(session: AsyncSession, row: ApprovalRequest) -> dict[str, Any]:
    """A request with its cart's lines (what was checked out; the order is priced again on approval)."""
    await session.flush()
    lines = await session.execute(
        select(ProductVariant.id, ProductVariant.sku, CartLine.quantity)
        .join(ProductVariant, ProductVariant.id == CartLine.variant_id)
        .where(CartLine.cart_id == row.cart_id).order_by(CartLine.id)
    )
    return {
        "id": to_gid("ApprovalRequest", row.id), "status": row.status, "createdAt": _time(row.created_at),
        "expiresAt": _time(row.expires_at), "decidedAt": _time(row.decided_at), "reason": row.reason,
        "customer": {"id": _gid("Customer", row.customer_id)},
        "company": {"id": _gid("Company", row.company_id)},
        "location": {"id": _gid("CompanyLocation", row.location_id)},
        "decidedBy": {"id": _gid("Customer", row.decided_by_id)} if row.decided_by_id else None,
        "subtotal": _money(row.subtotal, row.currency),
        "order": {"id": _gid("Order", row.order_id)} if row.order_id else None,
        "draftOrder": {"id": _gid("DraftOrder", row.draft_order_id)} if row.draft_order_id else None,
        "lines": [{"variantId": _gid("ProductVariant", vid), "sku": sku, "quantity": q} for vid, sku, q in lines],
    }


async def quote(session: AsyncSession, row: Quote) -> dict[str, Any]:
    await session.flush()
    lines = (await session.scalars(select(QuoteLine).where(QuoteLine.quote_id == row.id).order_by(QuoteLine.id))).all()
    return {
        "id": to_gid("Quote", row.id), "status": row.status, "createdAt": _time(row.created_at),
        "expiresAt": _time(row.expires_at), "sentAt": _time(row.sent_at), "note": row.note,
        "merchantNote": row.merchant_note, "reason": row.reason, "currencyCode": row.currency,
        "customer": {"id": _gid("Customer", row.customer_id)},
        "company": {"id": _gid("Company", row.company_id)} if row.company_id else None,
        "location": {"id": _gid("CompanyLocation", row.location_id)} if row.location_id else None,
        "order": {"id": _gid("Order", row.order_id)} if row.order_id else None,
        "lines": [
            {"id": to_gid("QuoteLine", line.id), "variantId": _gid("ProductVariant", line.variant_id), "sku": line.sku,
             "title": line.title, "quantity": line.quantity, "unitPrice": _money(line.unit_price, row.currency)}
            for line in lines
        ],
    }
