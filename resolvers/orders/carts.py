"""Storefront cart query and mutations: thin calls on gateway/orders/carts.py, the cart read back priced."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import Cart as CartRow
from gateway.orders import carts
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.orders.cart import (
    Cart,
    CartInput,
    CartLineInput,
    CartLineUpdateInput,
    CartPayload,
    CartUpdateInput,
)


async def _change(info: strawberry.Info, work: Callable[[AsyncSession, Any], Awaitable[CartRow]]) -> CartPayload:
    """Run one cart change in a transaction and answer the cart as priced afterwards."""
    shop = await info.context.shop()

    async def run(session: AsyncSession) -> dict:
        cart = await work(session, shop)
        await session.flush()
        return {"cart": Cart.of(await carts.view(session, shop, cart))}

    return await mutate(info, CartPayload, run)


async def cart(info: strawberry.Info, id: strawberry.ID) -> Cart | None:
    """The viewer's cart; null for an unknown id or somebody else's cart."""
    async with info.context.db.reader() as session:
        row = await carts.find(session, info.context.customer_id, id)
        return Cart.of(await carts.view(session, await info.context.shop(), row)) if row else None


async def cart_create(info: strawberry.Info, input: CartInput) -> CartPayload:
    location_id, customer_id = await info.context.buyer_location_id(), info.context.customer_id
    return await _change(info, lambda s, shop: carts.create(s, shop, customer_id, location_id, to_data(input)))


async def cart_lines_add(info: strawberry.Info, cart_id: strawberry.ID, lines: list[CartLineInput]) -> CartPayload:
    customer_id = info.context.customer_id
    return await _change(info, lambda s, shop: carts.add_lines(s, shop, customer_id, cart_id, to_data(lines)))


async def cart_lines_update(
    info: strawberry.Info, cart_id: strawberry.ID, lines: list[CartLineUpdateInput]
) -> CartPayload:
    customer_id = info.context.customer_id
    return await _change(info, lambda s, shop: carts.update_lines(s, shop, customer_id, cart_id, to_data(lines)))


async def cart_lines_remove(info: strawberry.Info, cart_id: strawberry.ID, line_ids: list[strawberry.ID]) -> CartPayload:
    customer_id = info.context.customer_id
    return await _change(info, lambda s, _shop: carts.remove_lines(s, customer_id, cart_id, list(line_ids)))


async def cart_update(info: strawberry.Info, cart_id: strawberry.ID, input: CartUpdateInput) -> CartPayload:
    customer_id = info.context.customer_id
    return await _change(info, lambda s, _shop: carts.update(s, customer_id, cart_id, to_data(input)))


async def cart_buyer_identity_update(info: strawberry.Info, cart_id: strawberry.ID) -> CartPayload:
    """After a code login: the anonymous cart becomes the viewer's, priced for it from now on."""
    location_id, customer_id = await info.context.buyer_location_id(), info.context.customer_id
    return await _change(info, lambda s, _shop: carts.adopt(s, customer_id, location_id, cart_id))
