"""Storefront catalog queries: the products the viewer may see, priced for its location."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from sqlalchemy import select

from gateway import carts, ids
from gateway.catalog.pricing import visible_products
from gateway.db import models as m
from gateway.pagination import PageArgs
from resolvers.catalog import product_search
from resolvers.connections import keyset_connection
from resolvers.pricing import buyer
from schema.common import Connection, Node
from schema.types.cart import Cart
from schema.types.catalog import Product, ProductVariant


@strawberry.enum
class StorefrontProductSortKey(Enum):
    TITLE = "title"
    CREATED_AT = "created_at"
    ID = "id"


async def products(
    info: strawberry.Info,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    query: Annotated[str | None, strawberry.argument(description="Matches title, handle or any variant's sku.")] = None,
    sort_key: StorefrontProductSortKey = StorefrontProductSortKey.ID,
    reverse: bool = False,
) -> Connection[Product]:
    stmt = product_search(query).where(visible_products(await buyer(info)))
    args = PageArgs(first, after, last, before)
    return await keyset_connection(info, stmt, m.Product, sort_key, args, reverse, Product.from_row)


async def product(info: strawberry.Info, id: strawberry.ID | None = None, handle: str | None = None) -> Product | None:
    """A visible product by id or handle; null when unknown or hidden from the viewer."""
    if id is not None:
        where = m.Product.id == ids.pk_of(id, "Product")
    elif handle is not None:
        where = m.Product.handle == handle
    else:
        return None
    async with info.context.db.reader() as session:
        row = await session.scalar(select(m.Product).where(where, visible_products(await buyer(info))))
    return Product.from_row(row) if row else None


async def variant(info: strawberry.Info, pk: int) -> ProductVariant | None:
    """A variant of a visible product, else None."""
    async with info.context.db.reader() as session:
        row = await session.scalar(
            select(m.ProductVariant).join(m.Product, m.Product.id == m.ProductVariant.product_id)
            .where(m.ProductVariant.id == pk, visible_products(await buyer(info)))
        )
    return ProductVariant.from_row(row) if row else None


async def node(info: strawberry.Info, id: strawberry.ID) -> Node | None:
    """Products and variants the viewer may see, and the viewer's own carts; null for anything else."""
    if id.startswith(carts.CART_PREFIX):
        async with info.context.db.reader() as session:
            row = await carts.find(session, info.context.customer_id, id)
            return Cart.of(await carts.view(session, await info.context.shop(), row)) if row else None
    parsed = ids.parse_gid(id)
    if parsed is None:
        return None
    if parsed[0] == "Product":
        return await product(info, id=id)
    if parsed[0] == "ProductVariant":
        return await variant(info, parsed[1])
    return None
