"""Fulfillments and returns: thin calls on gateway/orders/fulfillments.py and gateway/orders/returns.py."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db import models as m
from gateway.orders import fulfillments, lists, returns
from gateway.platform.pagination import PageArgs
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.orders.order import Order
from schema.orders.returns import (
    Fulfillment,
    FulfillmentLineInput,
    OrderFulfillPayload,
    OrderRequestReturnPayload,
    Return,
    ReturnApprovePayload,
    ReturnClosePayload,
    ReturnDeclinePayload,
    ReturnLineInput,
    ReturnStatus,
)
from schema.relay import Connection, keys_connection


async def order_fulfill(
    info: strawberry.Info, order_id: strawberry.ID, tracking_number: str | None = None, carrier: str | None = None,
    lines: Annotated[list[FulfillmentLineInput] | None, strawberry.argument(
        description="The lines and quantities shipped; left out: everything not yet shipped."
    )] = None,
) -> OrderFulfillPayload:
    """Ship an order's lines with a carrier and tracking number; the buyer is emailed."""
    settings = info.context.settings

    async def work(session: AsyncSession) -> dict:
        row = await fulfillments.fulfill(
            session, settings, order_id, tracking_number, carrier, None if lines is None else to_data(lines)
        )
        order = await session.get(m.Order, row.order_id)
        return {"fulfillment": Fulfillment.from_row(row), "order": Order.from_row(order)}

    return await mutate(info, OrderFulfillPayload, work)


async def order_request_return(
    info: strawberry.Info, order_id: strawberry.ID, lines: list[ReturnLineInput]
) -> OrderRequestReturnPayload:
    """Ask to send lines of a paid or shipped order back; the buyer and the merchant are emailed."""
    context = info.context

    async def work(session: AsyncSession) -> dict:
        row = await returns.request(session, context.settings, context.customer_id, order_id, to_data(lines))
        return {"return_": Return.from_row(row)}

    return await mutate(info, OrderRequestReturnPayload, work)


async def return_approve(info: strawberry.Info, id: strawberry.ID) -> ReturnApprovePayload:
    """REQUESTED -> APPROVED: the buyer may send the lines back."""
    settings = info.context.settings

    async def work(session: AsyncSession) -> dict:
        return {"return_": Return.from_row(await returns.approve(session, settings, id))}

    return await mutate(info, ReturnApprovePayload, work)


async def return_decline(info: strawberry.Info, id: strawberry.ID, reason: str) -> ReturnDeclinePayload:
    """REQUESTED -> DECLINED, with the reason the buyer is told."""
    settings = info.context.settings

    async def work(session: AsyncSession) -> dict:
        return {"return_": Return.from_row(await returns.decline(session, settings, id, reason))}

    return await mutate(info, ReturnDeclinePayload, work)


async def return_close(info: strawberry.Info, id: strawberry.ID) -> ReturnClosePayload:
    """APPROVED -> CLOSED, once the goods are back."""
    settings = info.context.settings

    async def work(session: AsyncSession) -> dict:
        return {"return_": Return.from_row(await returns.close(session, settings, id))}

    return await mutate(info, ReturnClosePayload, work)


async def admin_returns(
    info: strawberry.Info, first: int | None = None, after: str | None = None, status: ReturnStatus | None = None
) -> Connection[Return]:
    """Every order's returns, newest first, optionally of one status."""
    stmt = lists.returns(status.value if status is not None else None)
    args = PageArgs(first=first, after=after)
    return await keys_connection(info, stmt, lists.newest_first(m.Return), args, True, Return.from_row)
