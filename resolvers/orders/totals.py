"""Admin: delivery methods and tax rates; thin calls on gateway/orders/shipping.py and taxes.py."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.orders import shipping, taxes
from gateway.platform import ids
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.orders.totals import (
    DeliveryMethod,
    DeliveryMethodCreatePayload,
    DeliveryMethodDeletePayload,
    DeliveryMethodInput,
    TaxRate,
    TaxRateSetPayload,
)


async def delivery_methods(info: strawberry.Info) -> list[DeliveryMethod]:
    currency = (await info.context.shop()).currency_code
    async with info.context.db.reader() as session:
        return [DeliveryMethod.from_row(row, currency) for row in await shipping.all_methods(session)]


async def delivery_method_create(info: strawberry.Info, input: DeliveryMethodInput) -> DeliveryMethodCreatePayload:
    shop = await info.context.shop()

    async def work(session: AsyncSession) -> dict:
        row = await shipping.create(session, shop, to_data(input))
        return {"delivery_method": DeliveryMethod.from_row(row, shop.currency_code)}

    return await mutate(info, DeliveryMethodCreatePayload, work)


async def delivery_method_delete(info: strawberry.Info, id: strawberry.ID) -> DeliveryMethodDeletePayload:
    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": ids.to_gid("DeliveryMethod", await shipping.delete(session, id))}

    return await mutate(info, DeliveryMethodDeletePayload, work)


async def tax_rates(info: strawberry.Info) -> list[TaxRate]:
    async with info.context.db.reader() as session:
        return [TaxRate.from_row(row) for row in await taxes.rates(session)]


async def tax_rate_set(
    info: strawberry.Info, country_code: str, rate: Decimal, title: str | None = None
) -> TaxRateSetPayload:
    """Set a destination country's rate in percent ("25.0"); title defaults to VAT."""

    async def work(session: AsyncSession) -> dict:
        return {"tax_rate": TaxRate.from_row(await taxes.set_rate(session, country_code, rate, title))}

    return await mutate(info, TaxRateSetPayload, work)
