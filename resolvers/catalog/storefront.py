"""Storefront catalog queries: the products the viewer may see, priced for its location."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from sqlalchemy import and_, func, or_, select

from gateway.catalog.pricing import visible_products
from gateway.db import models as m
from gateway.orders import carts
from gateway.platform import ids
from gateway.platform.errors import DomainError
from gateway.platform.pagination import Page, PageArgs, decode_cursor, encode_cursor, page_size
from resolvers.catalog.admin import product_search
from schema.catalog.pricing import buyer
from schema.catalog.types import Product, ProductVariant
from schema.errors import ClientError
from schema.orders.cart import Cart
from schema.relay import Connection, Node, keyset_connection


@strawberry.enum
class StorefrontProductSortKey(Enum):
    TITLE = "title"
    CREATED_AT = "created_at"
    ID = "id"
    PRICE = strawberry.enum_value("price", description="The lowest base price of the product's variants "
                                  "(base, not the viewer's catalog price, so pages stay stable and indexable).")


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
    if sort_key is StorefrontProductSortKey.PRICE:
        connection = await _by_price(info, stmt, args, reverse)
    else:
        connection = await keyset_connection(info, stmt, m.Product, sort_key, args, reverse, Product.from_row)
    if _selects(info.selected_fields, "variants"):
        await Product.with_variants(info, [edge.node for edge in connection.edges])
    return connection


def _selects(selections: list, name: str) -> bool:
    """Whether the selection asks for a field called name at any depth (fragments included)."""
    return any(getattr(s, "name", None) == name or _selects(s.selections, name) for s in selections)


async def _by_price(info: strawberry.Info, stmt, args: PageArgs, reverse: bool) -> Connection[Product]:  # noqa: ANN001
    """Products by their lowest base price, then id, paged on the pair (price, id)."""
    price = func.coalesce(
        select(func.min(m.ProductVariant.price)).where(m.ProductVariant.product_id == m.Product.id).scalar_subquery(), 0
    )
    try:
        size, backwards = page_size(args)
        for cursor, forward in ((args.after, not reverse), (args.before, reverse)):
            if cursor:
                value, pk = decode_cursor(cursor, int, int)
                later = or_(price > value, and_(price == value, m.Product.id > pk))
                earlier = or_(price < value, and_(price == value, m.Product.id < pk))
                stmt = stmt.where(later if forward else earlier)
    except DomainError as error:
        raise ClientError(error) from None
    ascending = reverse == backwards
    order = (price.asc(), m.Product.id.asc()) if ascending else (price.desc(), m.Product.id.desc())
    async with info.context.db.reader() as session:
        rows = list((await session.execute(stmt.add_columns(price).order_by(*order).limit(size + 1))).all())
    more, rows = len(rows) > size, rows[:size]
    if backwards:
        rows.reverse()
    page = Page(
        [row for row, _ in rows], [encode_cursor(value, row.id) for row, value in rows],
        has_next=more if not backwards else args.before is not None,
        has_previous=args.after is not None if not backwards else more,
    )
    return Connection.of(page, Product.from_row)


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
