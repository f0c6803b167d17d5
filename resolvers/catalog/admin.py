"""Admin resolvers for products, catalogs and price lists."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.catalog import catalogs, lists, products
from gateway.platform import ids
from gateway.platform.pagination import PageArgs
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.catalog import inputs, payloads as p
from schema.catalog.types import Catalog, CatalogSortKey, PriceList, Product, ProductSortKey
from schema.relay import Connection, keys_connection


async def products_query(
    info: strawberry.Info,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    query: str | None = None,
    sort_key: ProductSortKey = ProductSortKey.ID,
    reverse: bool = False,
) -> Connection[Product]:
    args = PageArgs(first, after, last, before)
    keys = lists.product_keys(sort_key.value)
    return await keys_connection(info, lists.products(query), keys, args, reverse, Product.from_row)


async def catalogs_query(
    info: strawberry.Info,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    query: str | None = None,
    sort_key: CatalogSortKey = CatalogSortKey.ID,
    reverse: bool = False,
) -> Connection[Catalog]:
    args = PageArgs(first, after, last, before)
    keys = lists.catalog_keys(sort_key.value)
    return await keys_connection(info, lists.catalogs(query), keys, args, reverse, Catalog.from_row)


async def product_create(info: strawberry.Info, input: inputs.ProductInput) -> p.ProductCreatePayload:
    async def work(session: AsyncSession) -> dict:
        return {"product": Product.from_row(await products.create(session, to_data(input)))}

    return await mutate(info, p.ProductCreatePayload, work)


async def product_update(
    info: strawberry.Info, id: strawberry.ID, input: inputs.ProductInput
) -> p.ProductUpdatePayload:
    async def work(session: AsyncSession) -> dict:
        return {"product": Product.from_row(await products.update_product(session, id, to_data(input)))}

    return await mutate(info, p.ProductUpdatePayload, work)


async def product_delete(info: strawberry.Info, id: strawberry.ID) -> p.ProductDeletePayload:
    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": ids.to_gid("Product", await products.delete(session, id))}

    return await mutate(info, p.ProductDeletePayload, work)


async def product_variant_delete(info: strawberry.Info, id: strawberry.ID) -> p.ProductVariantDeletePayload:
    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": ids.to_gid("ProductVariant", await products.delete_variant(session, id))}

    return await mutate(info, p.ProductVariantDeletePayload, work)


async def catalog_create(info: strawberry.Info, input: inputs.CatalogCreateInput) -> p.CatalogCreatePayload:
    async def work(session: AsyncSession) -> dict:
        return {"catalog": Catalog.from_row(await catalogs.create(session, to_data(input)))}

    return await mutate(info, p.CatalogCreatePayload, work)


async def catalog_update(
    info: strawberry.Info, id: strawberry.ID, input: inputs.CatalogUpdateInput
) -> p.CatalogUpdatePayload:
    async def work(session: AsyncSession) -> dict:
        return {"catalog": Catalog.from_row(await catalogs.update_catalog(session, id, to_data(input)))}

    return await mutate(info, p.CatalogUpdatePayload, work)


async def catalog_delete(info: strawberry.Info, id: strawberry.ID) -> p.CatalogDeletePayload:
    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": ids.to_gid("Catalog", await catalogs.delete(session, id))}

    return await mutate(info, p.CatalogDeletePayload, work)


async def catalog_context_update(
    info: strawberry.Info,
    catalog_id: strawberry.ID,
    contexts_to_add: inputs.CatalogContextInput | None = None,
    contexts_to_remove: inputs.CatalogContextInput | None = None,
) -> p.CatalogContextUpdatePayload:
    add = list(contexts_to_add.company_location_ids) if contexts_to_add else []
    remove = list(contexts_to_remove.company_location_ids) if contexts_to_remove else []
    add_groups = list(contexts_to_add.customer_group_ids) if contexts_to_add else []
    remove_groups = list(contexts_to_remove.customer_group_ids) if contexts_to_remove else []

    async def work(session: AsyncSession) -> dict:
        row = await catalogs.update_context(session, catalog_id, add, remove, add_groups, remove_groups)
        return {"catalog": Catalog.from_row(row)}

    return await mutate(info, p.CatalogContextUpdatePayload, work)


async def price_list_fixed_prices_add(
    info: strawberry.Info, price_list_id: strawberry.ID, prices: list[inputs.PriceListPriceInput]
) -> p.PriceListFixedPricesAddPayload:
    async def work(session: AsyncSession) -> dict:
        row = await catalogs.add_fixed_prices(session, price_list_id, to_data(prices))
        return {"price_list": PriceList.from_row(row)}

    return await mutate(info, p.PriceListFixedPricesAddPayload, work)


async def price_list_fixed_prices_delete(
    info: strawberry.Info, price_list_id: strawberry.ID, variant_ids: list[strawberry.ID]
) -> p.PriceListFixedPricesDeletePayload:
    async def work(session: AsyncSession) -> dict:
        row = await catalogs.delete_fixed_prices(session, price_list_id, list(variant_ids))
        return {"price_list": PriceList.from_row(row)}

    return await mutate(info, p.PriceListFixedPricesDeletePayload, work)
