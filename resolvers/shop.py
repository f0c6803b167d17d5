"""The shop's settings and payment terms templates."""

from __future__ import annotations

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import shop as shop_settings
from gateway.db import models as m
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.customers.register import PaymentTermsTemplate
from schema.shop import CustomerNumberSeries, Shop, ShopInput, ShopUpdatePayload


async def shop(info: strawberry.Info) -> Shop:
    return Shop.from_row(await info.context.shop())


async def customer_number_series(info: strawberry.Info) -> CustomerNumberSeries:
    row = await info.context.shop()
    return CustomerNumberSeries(prefix=row.customer_number_prefix, next_number=row.customer_number_next)


async def payment_terms_templates(info: strawberry.Info) -> list[PaymentTermsTemplate]:
    async with info.context.db.reader() as session:
        rows = (await session.scalars(select(m.PaymentTermsTemplate).order_by(m.PaymentTermsTemplate.id))).all()
    return [PaymentTermsTemplate.from_row(r) for r in rows]


async def shop_update(info: strawberry.Info, input: ShopInput) -> ShopUpdatePayload:
    async def work(session: AsyncSession) -> dict:
        return {"shop": Shop.from_row(await shop_settings.update_settings(session, to_data(input)))}

    return await mutate(info, ShopUpdatePayload, work)
