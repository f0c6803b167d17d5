"""Storefront orders: one order, the viewer's orders (newest first), and paying what is outstanding."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db import models as m
from gateway.orders import carts, drafts, orders, reorder
from gateway.payments import provider_for
from gateway.platform import ids, validation
from gateway.platform.pagination import PageArgs
from gateway.platform.search import like_pattern
from resolvers.platform.connections import keyset_connection
from resolvers.platform.errors import mutate
from schema.common import Connection, to_data
from schema.orders.cart import Cart
from schema.orders.order import (
    DraftOrder,
    DraftOrderCompletePayload,
    DraftOrderDeletePayload,
    DraftOrderInvoiceSendPayload,
    DraftOrderPayPayload,
    DraftOrderStatus,
    DraftOrderUpdateInput,
    DraftOrderUpdatePayload,
    Order,
    OrderFinancialStatus,
    OrderPayload,
    OrderPayPayload,
    OrderReorderPayload,
    OrderTransaction,
    ReorderAdjustedLine,
    ReorderAdjustmentReason,
    ReorderUnavailableLine,
    ReorderUnavailableReason,
)


class _SortKey(Enum):
    CREATED_AT = "created_at"


async def order(info: strawberry.Info, id: strawberry.ID) -> Order | None:
    """The viewer's own order, or one of a location it is LOCATION_ADMIN of; else null."""
    async with info.context.db.reader() as session:
        row = await orders.find(session, info.context.customer_id, id)
    return Order.from_row(row) if row else None


async def viewer_orders(
    info: Any, customer_pk: int, first: int | None, after: str | None,
    created_at_min: datetime | None, created_at_max: datetime | None, financial_status: OrderFinancialStatus | None,
    location_id: strawberry.ID | None, query: str | None,
) -> Connection[Order]:
    """The orders the viewer may see (those it placed, and all of the locations it is LOCATION_ADMIN of),
    newest first; empty for any customer but the viewer."""
    context = info.context
    visible = orders.visible_to(customer_pk, await context.viewer_roles())
    stmt = select(m.Order).where(visible if customer_pk == context.customer_id else false())
    if created_at_min is not None:
        stmt = stmt.where(m.Order.created_at >= validation.utc(created_at_min))
    if created_at_max is not None:
        stmt = stmt.where(m.Order.created_at <= validation.utc(created_at_max))
    stmt = _filtered(stmt, query, financial_status, location_id)
    args = PageArgs(first=first, after=after)
    return await keyset_connection(info, stmt, m.Order, _SortKey.CREATED_AT, args, True, Order.from_row)


async def viewer_draft_orders(
    info: Any, customer_pk: int, first: int | None, after: str | None
) -> Connection[DraftOrder]:
    """The draft orders the customer submitted, newest first; empty for any customer but the viewer."""
    stmt = _viewers(info, m.DraftOrder, customer_pk)
    args = PageArgs(first=first, after=after)
    return await keyset_connection(info, stmt, m.DraftOrder, _SortKey.CREATED_AT, args, True, DraftOrder.from_row)


def _filtered(
    stmt: Select, query: str | None, financial_status: OrderFinancialStatus | None, location_id: strawberry.ID | None
) -> Select:
    """Orders whose name, PO number or a line's sku contains query, of one financial status and one
    location; a location id of the wrong type or unknown matches nothing."""
    if query and query.strip():
        like = like_pattern(query.strip())
        sku = select(m.OrderLine.id).where(
            m.OrderLine.order_id == m.Order.id, func.lower(m.OrderLine.sku).like(like, escape="\\")
        )
        names = (func.lower(c).like(like, escape="\\") for c in (m.Order.name, m.Order.po_number))
        stmt = stmt.where(or_(*names, sku.exists()))
    if financial_status is not None:
        stmt = stmt.where(m.Order.financial_status == financial_status.value)
    if location_id is not None:
        stmt = stmt.where(_is(m.Order.location_id, location_id, "CompanyLocation"))
    return stmt


def _is(column: Any, gid: strawberry.ID, type_name: str) -> ColumnElement[bool]:
    """column equals the pk of gid; false for an id of the wrong type or a malformed one."""
    pk = ids.pk_of(gid, type_name)
    return column == pk if pk is not None else false()


def _viewers(info: Any, model: type[m.Order] | type[m.DraftOrder], customer_pk: int):  # noqa: ANN202
    """Rows of model placed by the customer, when the customer is the viewer (else none)."""
    stmt = select(model).where(model.customer_id == customer_pk)
    return stmt if customer_pk == info.context.customer_id else stmt.where(false())


async def order_pay(
    info: strawberry.Info, order_id: strawberry.ID, payment_method_id: strawberry.ID, idempotency_key: str,
    amount: Decimal | None = None,
) -> OrderPayPayload:
    """Pay all (amount omitted) or part of what the order owes."""
    context = info.context
    provider = provider_for(context.settings)

    async def work(session: AsyncSession) -> dict:
        result = await orders.pay(
            session, provider, context.customer_id, order_id, payment_method_id, amount, idempotency_key
        )
        row = await session.get(m.Order, result["order_id"], populate_existing=True)
        transaction = await session.get(m.Transaction, result["transaction_id"])
        return {"order": Order.from_row(row), "transaction": OrderTransaction.from_row(transaction)}

    return await mutate(info, OrderPayPayload, work)


async def order_reorder(info: strawberry.Info, order_id: strawberry.ID) -> OrderReorderPayload:
    """A new cart with the order's variants and quantities at today's prices, and what could not be copied."""
    context = info.context
    shop, selected = await context.shop(), await context.buyer_location_id()

    async def work(session: AsyncSession) -> dict:
        result = await reorder.reorder(session, shop, context.customer_id, selected, order_id)
        await session.flush()
        return {
            "cart": Cart.of(await carts.view(session, shop, result.cart)),
            "unavailable_lines": [
                ReorderUnavailableLine(sku=u.sku, title=u.title, quantity=u.quantity,
                                       reason=ReorderUnavailableReason(u.reason))
                for u in result.unavailable
            ],
            "adjusted_lines": [
                ReorderAdjustedLine(sku=a.sku, requested_quantity=a.requested_quantity, quantity=a.quantity,
                                    reason=ReorderAdjustmentReason(a.reason))
                for a in result.adjusted
            ],
        }

    return await mutate(info, OrderReorderPayload, work)


# -- Admin API: the merchant's orders and draft orders --


async def admin_orders(
    info: strawberry.Info, first: int | None = None, after: str | None = None, query: str | None = None,
    financial_status: OrderFinancialStatus | None = None, company_id: strawberry.ID | None = None,
    location_id: strawberry.ID | None = None, overdue: bool | None = None,
) -> Connection[Order]:
    """All orders, newest first; query matches the order name, PO number or a line's sku. A company or
    location id of the wrong type or unknown matches nothing."""
    stmt = _filtered(select(m.Order), query, financial_status, location_id)
    if company_id is not None:
        stmt = stmt.where(_is(m.Order.company_id, company_id, "Company"))
    if overdue is not None:
        stmt = stmt.where(orders.is_overdue() if overdue else ~orders.is_overdue())
    args = PageArgs(first=first, after=after)
    return await keyset_connection(info, stmt, m.Order, _SortKey.CREATED_AT, args, True, Order.from_row)


async def admin_draft_orders(
    info: strawberry.Info, first: int | None = None, after: str | None = None, status: DraftOrderStatus | None = None
) -> Connection[DraftOrder]:
    """All draft orders, newest first, optionally of one status."""
    stmt = select(m.DraftOrder)
    if status is not None:
        stmt = stmt.where(m.DraftOrder.status == status.value)
    args = PageArgs(first=first, after=after)
    return await keyset_connection(info, stmt, m.DraftOrder, _SortKey.CREATED_AT, args, True, DraftOrder.from_row)


async def admin_draft_order(info: strawberry.Info, id: strawberry.ID) -> DraftOrder | None:
    async with info.context.db.reader() as session:
        row = await ids.lookup(session, m.DraftOrder, id)
    return DraftOrder.from_row(row) if row else None


async def draft_order_complete(
    info: strawberry.Info, id: strawberry.ID, payment_pending: bool = True
) -> DraftOrderCompletePayload:
    """paymentPending true: an order on the location's terms; false: an order marked PAID."""
    context = info.context
    shop = await context.shop()

    async def work(session: AsyncSession) -> dict:
        draft = await drafts.complete(session, context.settings, shop, id, payment_pending)
        order = await session.get(m.Order, draft.order_id)
        return {"draft_order": DraftOrder.from_row(draft), "order": Order.from_row(order)}

    return await mutate(info, DraftOrderCompletePayload, work)


async def _staff_change(info: strawberry.Info, change, id: strawberry.ID) -> OrderPayload:  # noqa: ANN001
    async def work(session: AsyncSession) -> dict:
        return {"order": Order.from_row(await change(session, id))}

    return await mutate(info, OrderPayload, work)


async def order_mark_as_paid(info: strawberry.Info, id: strawberry.ID) -> OrderPayload:
    """What is outstanding was received outside the shop (a bank transfer)."""
    return await _staff_change(info, orders.mark_as_paid, id)


async def order_cancel(
    info: strawberry.Info, id: strawberry.ID,
    refund: Annotated[bool, strawberry.argument(
        description="Give back what was received: card charges through the payment provider, money received "
        "outside the shop booked as refunded. The order becomes REFUNDED."
    )] = False,
) -> OrderPayload:
    """Cancel the order, releasing the credit it used."""
    provider = provider_for(info.context.settings)
    return await _staff_change(info, lambda session, gid: orders.cancel(session, provider, gid, refund), id)


async def draft_order_invoice_send(info: strawberry.Info, id: strawberry.ID) -> DraftOrderInvoiceSendPayload:
    """Email the buyer the total and how to pay; the buyer pays with draftOrderPay."""
    settings = info.context.settings

    async def work(session: AsyncSession) -> dict:
        return {"draft_order": DraftOrder.from_row(await drafts.invoice_send(session, settings, id))}

    return await mutate(info, DraftOrderInvoiceSendPayload, work)


async def draft_order_delete(
    info: strawberry.Info, id: strawberry.ID, reason: str | None = None
) -> DraftOrderDeletePayload:
    """Delete an open draft; the buyer is emailed the reason."""
    settings = info.context.settings

    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": await drafts.remove(session, settings, id, reason)}

    return await mutate(info, DraftOrderDeletePayload, work)


async def draft_order_pay(
    info: strawberry.Info, draft_order_id: strawberry.ID, payment_method_id: strawberry.ID, idempotency_key: str
) -> DraftOrderPayPayload:
    """The buyer pays an invoiced draft order in full: it becomes a PAID order."""
    context = info.context
    provider = provider_for(context.settings)

    async def work(session: AsyncSession) -> dict:
        result = await drafts.pay(
            session, context.settings, provider, context.customer_id, draft_order_id, payment_method_id, idempotency_key
        )
        draft = await session.get(m.DraftOrder, result["draft_order_id"], populate_existing=True)
        order = await session.get(m.Order, result["order_id"])
        return {"draft_order": DraftOrder.from_row(draft), "order": Order.from_row(order)}

    return await mutate(info, DraftOrderPayPayload, work)


async def draft_order_update(
    info: strawberry.Info, id: strawberry.ID, input: DraftOrderUpdateInput
) -> DraftOrderUpdatePayload:
    """Edit an OPEN draft's PO number, note and lines."""

    async def work(session: AsyncSession) -> dict:
        return {"draft_order": DraftOrder.from_row(await drafts.update(session, id, to_data(input)))}

    return await mutate(info, DraftOrderUpdatePayload, work)
