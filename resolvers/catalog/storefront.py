"""Storefront catalog queries: the products the viewer may see, priced for its location (node(id:) is
resolvers/storefront_nodes.py)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import select
from sqlalchemy.orm import Bundle

from gateway.catalog import lists
from gateway.catalog.pricing import visible_products
from gateway.db import models as m
from gateway.platform import ids
from gateway.platform.pagination import PageArgs
from schema.catalog.pricing import buyer
from schema.catalog.types import Product, ProductVariant, StorefrontProductSortKey
from schema.relay import Connection, keys_connection


PRODUCT_ROW = Bundle("product", *m.Product.__table__.c)


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
    # Core rows (PRODUCT_ROW), not ORM entities: the page only reads them.
    stmt = lists.products(query).where(visible_products(await buyer(info))).with_only_columns(PRODUCT_ROW)
    args = PageArgs(first, after, last, before)
    keys = lists.product_keys(sort_key.value)
    connection = await keys_connection(info, stmt, keys, args, reverse, Product.from_row)
    if _selects(info.selected_fields, "variants"):
        await Product.with_variants(info, [edge.node for edge in connection.edges])
    return connection


def _selects(selections: list, name: str) -> bool:
    """Whether the selection asks for a field called name at any depth (fragments included)."""
    return any(getattr(s, "name", None) == name or _selects(s.selections, name) for s in selections)


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
