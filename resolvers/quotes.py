"""Quotes: the buyer's request and decision on the Storefront API, the merchant's answer on the Admin
API; thin calls on gateway/quotes/quotes.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db import models as m
from gateway.orders import lists
from gateway.payments import provider_for
from gateway.platform.pagination import PageArgs
from gateway.quotes import quotes
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.orders.order import DraftOrder, Order
from schema.quotes import (
    Quote,
    QuoteAcceptPayload,
    QuotePayload,
    QuoteRequestInput,
    QuoteRequestPayload,
    QuoteStatus,
    QuoteUpdateInput,
)
from schema.relay import Connection, keys_connection


async def quote_request_create(info: strawberry.Info, input: QuoteRequestInput) -> QuoteRequestPayload:
    """Ask the merchant for prices on lines (by variant or sku) for the location the viewer buys for."""
    context = info.context
    location_id = await context.buyer_location_id()

    async def work(session: AsyncSession) -> dict:
        row = await quotes.request(session, context.settings, context.customer_id, location_id, to_data(input))
        return {"quote": Quote.from_row(row)}

    return await mutate(info, QuoteRequestPayload, work)


async def quote_accept(
    info: strawberry.Info, id: strawberry.ID, idempotency_key: str, payment_method_id: strawberry.ID | None = None
) -> QuoteAcceptPayload:
    """An order at the quoted prices on the location's terms (a paying location charges paymentMethodId);
    once: accepting it again answers the same order."""
    context = info.context
    shop, provider = await context.shop(), provider_for(context.settings)

    async def work(session: AsyncSession) -> dict:
        result = await quotes.accept(
            session, context.settings, provider, shop, context.customer_id, id, payment_method_id, idempotency_key
        )
        order = await session.get(m.Order, result["order_id"]) if result.get("order_id") else None
        draft = await session.get(m.DraftOrder, result["draft_order_id"]) if result.get("draft_order_id") else None
        return {
            "quote": Quote.from_row(await session.get(m.Quote, result["quote_id"])),
            "order": Order.from_row(order) if order else None, "draft_order": DraftOrder.from_row(draft) if draft else None,
        }

    return await mutate(info, QuoteAcceptPayload, work)


async def quote_decline(info: strawberry.Info, id: strawberry.ID, reason: str | None = None) -> QuotePayload:
    context = info.context

    async def work(session: AsyncSession) -> dict:
        return {"quote": Quote.from_row(await quotes.decline(session, context.settings, context.customer_id, id, reason))}

    return await mutate(info, QuotePayload, work)


async def admin_quotes(
    info: strawberry.Info, first: int | None = None, after: str | None = None, status: QuoteStatus | None = None
) -> Connection[Quote]:
    """Every quote, newest first."""
    stmt = quotes.listed(status.value if status else None)
    return await keys_connection(
        info, stmt, lists.newest_first(m.Quote), PageArgs(first=first, after=after), True, Quote.from_row
    )


async def quote_update(info: strawberry.Info, id: strawberry.ID, input: QuoteUpdateInput) -> QuotePayload:
    """Prices and quantities of its lines, the expiry and a note, while it is REQUESTED or SENT."""

    async def work(session: AsyncSession) -> dict:
        return {"quote": Quote.from_row(await quotes.update_quote(session, id, to_data(input)))}

    return await mutate(info, QuotePayload, work)


async def quote_send(info: strawberry.Info, id: strawberry.ID) -> QuotePayload:
    """Email the priced quote to the buyer (expiring in 30 days unless expiresAt says otherwise)."""
    settings = info.context.settings

    async def work(session: AsyncSession) -> dict:
        return {"quote": Quote.from_row(await quotes.send(session, settings, id))}

    return await mutate(info, QuotePayload, work)
