"""Approval requests: the approver's decisions and the buyer's new cart on the Storefront API, the
merchant's list on the Admin API; thin calls on gateway/orders/approvals.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db import models as m
from gateway.orders import approvals, carts, lists
from gateway.payments import provider_for
from gateway.platform.pagination import PageArgs
from resolvers.platform.errors import mutate
from schema.orders.approvals import ApprovalRequest, ApprovalRequestPayload, ApprovalRequestStatus
from schema.orders.cart import Cart, CartPayload
from schema.relay import Connection, keys_connection


async def approval_request_approve(info: strawberry.Info, id: strawberry.ID) -> ApprovalRequestPayload:
    """Places the order on the location's terms now (credit, stock and prices checked now); approving an
    approved request answers it again, with its one order."""
    context = info.context
    shop, provider = await context.shop(), provider_for(context.settings)

    async def work(session: AsyncSession) -> dict:
        row = await approvals.approve(session, context.settings, provider, shop, context.customer_id, id)
        return {"approval_request": ApprovalRequest.from_row(row)}

    return await mutate(info, ApprovalRequestPayload, work)


async def approval_request_decline(
    info: strawberry.Info, id: strawberry.ID, reason: str | None = None
) -> ApprovalRequestPayload:
    context = info.context

    async def work(session: AsyncSession) -> dict:
        row = await approvals.decline(session, context.settings, context.customer_id, id, reason)
        return {"approval_request": ApprovalRequest.from_row(row)}

    return await mutate(info, ApprovalRequestPayload, work)


async def approval_request_to_cart(info: strawberry.Info, id: strawberry.ID) -> CartPayload:
    """The buyer's own request as a new cart, to change and check out again (after a decline, say)."""
    context = info.context
    shop = await context.shop()

    async def work(session: AsyncSession) -> dict:
        cart = await approvals.to_cart(session, shop, context.customer_id, id)
        await session.flush()
        return {"cart": Cart.of(await carts.view(session, shop, cart))}

    return await mutate(info, CartPayload, work)


async def admin_approval_requests(
    info: strawberry.Info, first: int | None = None, after: str | None = None,
    status: ApprovalRequestStatus | None = None,
) -> Connection[ApprovalRequest]:
    """Every company's approval requests, newest first."""
    stmt = approvals.listed(status.value if status else None)
    args = PageArgs(first=first, after=after)
    return await keys_connection(
        info, stmt, lists.newest_first(m.ApprovalRequest), args, True, ApprovalRequest.from_row
    )
