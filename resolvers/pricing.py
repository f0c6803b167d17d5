"""The viewer's buyer terms and variant prices, batched per request (gateway/catalog/pricing.py rules)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gateway.catalog import pricing


async def buyer(info: Any) -> pricing.Buyer:
    """The viewer as a buyer (its location's catalogs and the shop's access mode), once per request."""

    async def batch(keys: Sequence[None]) -> list[pricing.Buyer]:
        context = info.context
        shop, location_id = await context.shop(), await context.buyer_location_id()
        async with context.db.reader() as session:
            found = await pricing.buyer_for(session, shop, context.customer_id, location_id)
        return [found for _ in keys]

    return await info.context.loaders.custom("buyer", batch).load(None)


async def terms_many(info: Any, variants: Sequence[pricing.VariantRef]) -> list[pricing.VariantTerms]:
    """The variants' prices for the viewer (base prices for staff); a page's variants are priced in one batch."""
    if info.context.staff_token_id is not None:
        currency = (await info.context.shop()).currency_code
        return [pricing.VariantTerms(v, currency) for v in variants]
    found = await buyer(info)

    async def batch(keys: Sequence[pricing.VariantRef]) -> list[pricing.VariantTerms]:
        async with info.context.db.reader() as session:
            priced = await pricing.variant_terms(session, found, keys)
        return [priced[k.id] for k in keys]

    return await info.context.loaders.custom("variant_terms", batch).load_many(variants)


async def terms(info: Any, variant: pricing.VariantRef) -> pricing.VariantTerms:
    return (await terms_many(info, [variant]))[0]
