"""Quick order and shopping lists on the Storefront API: thin calls on gateway/orders/quick_order.py
and gateway/orders/shopping_lists.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import Cart as CartRow
from gateway.orders import carts, quick_order, shopping_lists
from gateway.platform import ids
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.orders.cart import Cart, CartLineInput, CartPayload
from schema.orders.shopping_lists import (
    ShoppingList,
    ShoppingListDeletePayload,
    ShoppingListInput,
    ShoppingListPayload,
)


async def _cart(info: strawberry.Info, session: AsyncSession, row: CartRow) -> dict:
    await session.flush()
    return {"cart": Cart.of(await carts.view(session, await info.context.shop(), row))}


async def cart_lines_add_from_csv(info: strawberry.Info, cart_id: strawberry.ID, csv: str) -> CartPayload:
    """Add "sku,quantity" rows (a header row "sku,quantity" is skipped); each problem names its line
    (field ["csv", "<line number>"]) and nothing is added unless every row is good."""
    customer_id, shop = info.context.customer_id, await info.context.shop()

    async def work(session: AsyncSession) -> dict:
        return await _cart(info, session, await quick_order.add_from_csv(session, shop, customer_id, cart_id, csv))

    return await mutate(info, CartPayload, work)


async def shopping_list_create(info: strawberry.Info, input: ShoppingListInput) -> ShoppingListPayload:
    """A list for the location the viewer buys for, shared with its colleagues there."""
    context = info.context
    location_id = await context.buyer_location_id()

    async def work(session: AsyncSession) -> dict:
        row = await shopping_lists.create(session, context.customer_id, location_id, to_data(input))
        return {"shopping_list": ShoppingList.from_row(row)}

    return await mutate(info, ShoppingListPayload, work)


async def shopping_list_update(info: strawberry.Info, id: strawberry.ID, name: str) -> ShoppingListPayload:
    """Rename it."""
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        return {"shopping_list": ShoppingList.from_row(await shopping_lists.rename(session, customer_id, id, name))}

    return await mutate(info, ShoppingListPayload, work)


async def shopping_list_delete(info: strawberry.Info, id: strawberry.ID) -> ShoppingListDeletePayload:
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": ids.to_gid("ShoppingList", await shopping_lists.remove(session, customer_id, id))}

    return await mutate(info, ShoppingListDeletePayload, work)


async def shopping_list_lines_add(
    info: strawberry.Info, id: strawberry.ID, lines: list[CartLineInput]
) -> ShoppingListPayload:
    """By variant or sku; a variant already listed adds to its line."""
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        row = await shopping_lists.add_lines(session, customer_id, id, to_data(lines))
        return {"shopping_list": ShoppingList.from_row(row)}

    return await mutate(info, ShoppingListPayload, work)


async def shopping_list_lines_remove(
    info: strawberry.Info, id: strawberry.ID, line_ids: list[strawberry.ID]
) -> ShoppingListPayload:
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        row = await shopping_lists.remove_lines(session, customer_id, id, list(line_ids))
        return {"shopping_list": ShoppingList.from_row(row)}

    return await mutate(info, ShoppingListPayload, work)


async def shopping_list_to_cart(info: strawberry.Info, id: strawberry.ID) -> CartPayload:
    """A new cart for the list's location with its lines, priced for the location now."""
    customer_id, shop = info.context.customer_id, await info.context.shop()

    async def work(session: AsyncSession) -> dict:
        return await _cart(info, session, await shopping_lists.to_cart(session, shop, customer_id, id))

    return await mutate(info, CartPayload, work)
