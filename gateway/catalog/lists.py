"""What the catalog's lists hold: products by title, handle or sku, catalogs by title, and the keys
each list may be sorted by (keyset keys, the id last so they are unique; gateway/platform/pagination.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, exists, func, or_, select

from gateway.db.models import Catalog, Product, ProductVariant
from gateway.platform.search import like_pattern

PRODUCT_SORT_KEYS = ("TITLE", "CREATED_AT", "UPDATED_AT", "ID")  # the Admin API's
STOREFRONT_PRODUCT_SORT_KEYS = ("TITLE", "CREATED_AT", "ID", "PRICE")
CATALOG_SORT_KEYS = ("TITLE", "CREATED_AT", "ID")


def products(query: str | None) -> Select:
    """Products whose title, handle or any sku contains the query (case-insensitive)."""
    stmt = select(Product)
    if query and query.strip():
        like = like_pattern(query.strip())
        sku = exists().where(ProductVariant.product_id == Product.id, func.lower(ProductVariant.sku).like(like, escape="\\"))
        stmt = stmt.where(
            or_(func.lower(Product.title).like(like, escape="\\"), func.lower(Product.handle).like(like, escape="\\"), sku)
        )
    return stmt


def catalogs(query: str | None) -> Select:
    """Catalogs whose title contains the query (case-insensitive)."""
    stmt = select(Catalog)
    if query and query.strip():
        stmt = stmt.where(func.lower(Catalog.title).like(like_pattern(query.strip()), escape="\\"))
    return stmt


def lowest_price() -> Any:
    """A product's lowest base price (0 without variants): PRICE sorts by base prices, not the viewer's
    catalog prices, so pages stay stable and indexable."""
    cheapest = select(func.min(ProductVariant.price)).where(ProductVariant.product_id == Product.id)
    return func.coalesce(cheapest.scalar_subquery(), 0)


def product_keys(sort_key: str) -> list[Any]:
    """Keyset keys of a product list sorted by one of PRODUCT_SORT_KEYS or STOREFRONT_PRODUCT_SORT_KEYS."""
    if sort_key == "PRICE":
        return [lowest_price(), Product.id]
    return _keys(Product, sort_key)


def catalog_keys(sort_key: str) -> list[Any]:
    return _keys(Catalog, sort_key)


def _keys(model: type[Product] | type[Catalog], sort_key: str) -> list[Any]:
    return [model.id] if sort_key == "ID" else [getattr(model, sort_key.lower()), model.id]
