"""Orders on both APIs: the buyer's order, paying and reordering; the merchant's lists, draft orders,
cancelling and marking paid. The lists are gateway/orders/lists.py; the viewer's own are Customer fields."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db import models as m
from gateway.orders import carts, drafts, ledger, lists, orders, refunds, reorder
from gateway.payments import provider_for
from gateway.platform import ids
from gateway.platform.errors import DomainError
from gateway.platform.pagination import PageArgs
from resolvers.platform.errors import mutate
from schema.errors import user_errors
from resolvers.platform.inputs import to_data
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
    OrderRefundPayload,
    OrderReorderPayload,
    OrdersPayPayload,
    OrderTransaction,
    ReorderAdjustedLine,
    ReorderAdjustmentReason,
    ReorderUnavailableLine,
    ReorderUnavailableReason,
)
from schema.relay import Connection, keys_connection
from schema.values import Money


async def order(info: strawberry.Info, id: strawberry.ID) -> Order | None:
    """The viewer's own order, or one of a location where it may VIEW_ALL_ORDERS; else null."""
    async with info.context.db.reader() as session:
        row = await orders.find(session, info.context.customer_id, id)
    return Order.from_row(row) if row else None


async def order_pay(
    info: strawberry.Info, order_id: strawberry.ID, payment_method_id: strawberry.ID, idempotency_key: str,
    amount: Decimal | None = None,
) -> OrderPayPayload:
    """Pay all (amount omitted) or part of what the order owes."""
    context = info.context
    provider = provider_for(context.settings)

    async def work(session: AsyncSession) -> dict:
        result = await ledger.pay(
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
    created_at_min: datetime | None = None, created_at_max: datetime | None = None,
) -> Connection[Order]:
    """All orders, newest first; query matches the order name, PO number or a line's sku. A company or
    location id of the wrong type or unknown matches nothing. createdAtMin/Max bound the date (inclusive)."""
    status = financial_status.value if financial_status is not None else None
    stmt = lists.orders(query, status, company_id, location_id, overdue,
                        created_at_min=created_at_min, created_at_max=created_at_max)
    args = PageArgs(first=first, after=after)
    return await keys_connection(info, stmt, lists.newest_first(m.Order), args, True, Order.from_row)


async def admin_draft_orders(
    info: strawberry.Info, first: int | None = None, after: str | None = None, status: DraftOrderStatus | None = None,
    reverse: Annotated[bool, strawberry.argument(
        description="Oldest first: the queue of drafts to approve, in the order they came in."
    )] = False,
) -> Connection[DraftOrder]:
    """All draft orders, newest first (oldest first with reverse), optionally of one status."""
    stmt = lists.draft_orders(status.value if status is not None else None)
    args = PageArgs(first=first, after=after)
    return await keys_connection(info, stmt, lists.newest_first(m.DraftOrder), args, not reverse, DraftOrder.from_row)


async def admin_draft_order(info: strawberry.Info, id: strawberry.ID) -> DraftOrder | None:
    async with info.context.db.reader() as session:
        row = await ids.lookup(session, m.DraftOrder, id)
    return DraftOrder.from_row(row) if row else None


async def draft_order_complete(
    info: strawberry.Info, id: strawberry.ID, payment_pending: bool = True,
    payment_terms_template_id: strawberry.ID | None = None,
) -> DraftOrderCompletePayload:
    """paymentPending true: an order on paymentTermsTemplateId's terms, else the location's (refused
    with NO_PAYMENT_TERMS when it has none); false: an order marked PAID."""
    context = info.context
    shop = await context.shop()

    async def work(session: AsyncSession) -> dict:
        draft = await drafts.complete(session, context.settings, shop, id, payment_pending, payment_terms_template_id)
        order = await session.get(m.Order, draft.order_id)
        return {"draft_order": DraftOrder.from_row(draft), "order": Order.from_row(order)}

    return await mutate(info, DraftOrderCompletePayload, work)


# orderId, as every other order mutation names it; id is the old name, still answered.
OLD_ID = Annotated[strawberry.ID | None, strawberry.argument(deprecation_reason="Use orderId.")]


async def _staff_change(info: strawberry.Info, change, order_id: strawberry.ID | None, id: strawberry.ID | None):  # noqa: ANN001, ANN202
    """change(session, gid, field) on the order named by orderId (or the old id), reported on that argument."""
    field, gid = ("orderId", order_id) if order_id is not None or id is None else ("id", id)

    async def work(session: AsyncSession) -> dict:
        if gid is None:
            raise DomainError.of("BLANK", "Give the order's id (orderId).", "orderId")
        return {"order": Order.from_row(await change(session, gid, field))}

    return await mutate(info, OrderPayload, work)


async def order_mark_as_paid(
    info: strawberry.Info, order_id: strawberry.ID | None = None, id: OLD_ID = None
) -> OrderPayload:
    """What is outstanding was received outside the shop (a bank transfer)."""
    return await _staff_change(info, ledger.mark_as_paid, order_id, id)


async def order_cancel(
    info: strawberry.Info, order_id: strawberry.ID | None = None, id: OLD_ID = None,
    refund: Annotated[bool, strawberry.argument(
        description="Give back what was received, each charge in its own step: card charges through the payment "
        "provider, money received outside the shop booked as refunded. The order becomes REFUNDED; a refund the "
        "provider refuses (REFUND_FAILED) cancels nothing, and the refunds made before it stay booked."
    )] = False,
) -> OrderPayload:
    """Cancel the order, releasing the credit it used."""
    field, gid = ("orderId", order_id) if order_id is not None or id is None else ("id", id)
    context = info.context
    try:
        if gid is None:
            raise DomainError.of("BLANK", "Give the order's id (orderId).", "orderId")
        pk = await refunds.cancel(context.db, provider_for(context.settings), gid, refund, field)
    except DomainError as error:
        return OrderPayload(user_errors=user_errors(error))
    async with context.db.reader() as session:
        return OrderPayload(order=Order.from_row(await session.get(m.Order, pk)))


async def order_refund(
    info: strawberry.Info, order_id: strawberry.ID, amount: Decimal, idempotency_key: str, reason: str | None = None,
) -> OrderRefundPayload:
    """Give back part (or all) of what the order was paid, its oldest charges first, each refund booked
    against its charge; once per idempotency key (a retry completes the first request)."""
    context = info.context
    try:
        pk = await refunds.refund(context.db, provider_for(context.settings), order_id, amount, reason, idempotency_key)
    except DomainError as error:
        return OrderRefundPayload(user_errors=user_errors(error))
    async with context.db.reader() as session:
        order = await session.get(m.Order, pk)
        made = await session.scalars(select(m.Transaction).where(
            m.Transaction.order_id == pk, m.Transaction.kind == "REFUND", m.Transaction.idempotency_key == idempotency_key
        ).order_by(m.Transaction.id))
        return OrderRefundPayload(order=Order.from_row(order), refunds=[OrderTransaction.from_row(row) for row in made])


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
        draft = await drafts.update(session, await info.context.shop(), id, to_data(input))
        return {"draft_order": DraftOrder.from_row(draft)}

    return await mutate(info, DraftOrderUpdatePayload, work)


async def orders_pay(
    info: strawberry.Info, order_ids: list[strawberry.ID], payment_method_id: strawberry.ID, idempotency_key: str
) -> OrdersPayPayload:
    """Pay what is outstanding on several orders in one charge."""
    context = info.context
    provider = provider_for(context.settings)

    async def work(session: AsyncSession) -> dict:
        result = await ledger.pay_orders(
            session, provider, context.customer_id, list(order_ids), payment_method_id, idempotency_key
        )
        orders = await _by_ids(session, m.Order, result["order_ids"])
        transactions = await _by_ids(session, m.Transaction, result["transaction_ids"])
        return {
            "orders": [Order.from_row(row) for row in orders],
            "transactions": [OrderTransaction.from_row(row) for row in transactions],
            "amount_charged": Money.of(result["amount"], result["currency"]),
        }

    return await mutate(info, OrdersPayPayload, work)


async def _by_ids(session: AsyncSession, model: type[m.Order] | type[m.Transaction], pks: list[int]) -> list:
    """Rows of model in the order of pks, read in one statement (fresh, not the identity map's)."""
    stmt = select(model).where(model.id.in_(pks)).execution_options(populate_existing=True)
    rows = {row.id: row for row in await session.scalars(stmt)}
    return [rows[pk] for pk in pks]
