"""The viewer's buyer terms and variant prices, batched per request (gateway/catalog/pricing.py rules)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from gateway.catalog import pricing
from gateway.db.id_lists import any_of
from gateway.db.models import ProductVariant


async def buyer(info: Any) -> pricing.Buyer:
    """The viewer as a buyer (its location's catalogs and the shop's access mode), once per request."""
    return await buyer_of(info.context)


async def buyer_of(context: Any) -> pricing.Buyer:
    """buyer() from the request context (the response cache keys on it before execution)."""

    async def batch(keys: Sequence[None]) -> list[pricing.Buyer]:
        shop, location_id = await context.shop(), await context.buyer_location_id()
        async with context.db.reader() as session:
            found = await pricing.buyer_for(session, shop, context.customer_id, location_id)
        return [found for _ in keys]

    return await context.loaders.custom("buyer", batch).load(None)


async def _pricer(info: Any) -> Callable[[AsyncSession, list[pricing.VariantRef]], Awaitable[dict]]:
    """How this request prices variants: the viewer's terms on the Storefront API, base prices for staff."""
    if info.context.caller.staff:
        currency = (await info.context.shop()).currency_code

        async def base(_session: AsyncSession, refs: list[pricing.VariantRef]) -> dict:
            return {ref.id: pricing.VariantTerms(ref, currency) for ref in refs}

        return base
    found = await buyer(info)
    return lambda session, refs: pricing.variant_terms(session, found, refs)


async def terms(info: Any, variant: pricing.VariantRef) -> pricing.VariantTerms:
    """One variant's prices for the viewer; variants asked for together are priced in one batch."""
    price = await _pricer(info)

    async def batch(keys: Sequence[pricing.VariantRef]) -> list[pricing.VariantTerms]:
        async with info.context.db.reader() as session:
            priced = await price(session, list(keys))
        return [priced[k.id] for k in keys]

    return await info.context.loaders.custom("variant_terms", batch).load(variant)


def _variants_loader(info: Any) -> DataLoader:
    """Products' variants by position, each with its prices: a page of products costs one batch,
    one session and a fixed number of statements."""

    async def batch(keys: Sequence[int]) -> list[list[tuple[ProductVariant, pricing.VariantTerms]]]:
        price = await _pricer(info)
        async with info.context.db.reader() as session:
            rows = (  # Core rows, no ORM entities: the page only reads them
                await session.execute(
                    select(*ProductVariant.__table__.c).where(any_of(ProductVariant.product_id, keys))
                    .order_by(ProductVariant.position)
                )
            ).all()
            priced = await price(session, [pricing.VariantRef(r.id, r.product_id, r.price) for r in rows])
        grouped: dict[int, list] = defaultdict(list)
        for row in rows:
            grouped[row.product_id].append((row, priced[row.id]))
        return [grouped.get(k, []) for k in keys]

    return info.context.loaders.custom("product_variants", batch)


async def product_variants(info: Any, product_id: int) -> list[tuple[ProductVariant, pricing.VariantTerms]]:
    """One product's variants with their prices; products asked for together load in one batch."""
    return await _variants_loader(info).load(product_id)


async def products_variants(info: Any, product_ids: list[int]) -> list[list[tuple[ProductVariant, pricing.VariantTerms]]]:
    """The variants with their prices of each of product_ids, in one batch."""
    return await _variants_loader(info).load_many(product_ids)
