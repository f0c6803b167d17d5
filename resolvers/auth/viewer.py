"""The storefront viewer: who is logged in (its own lists are Customer fields), and choosing the location it buys for."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import viewer as viewer_auth
from gateway.db import models as m
from gateway.platform.errors import login_required
from resolvers.platform.errors import mutate
from schema.auth import SelectLocationPayload
from schema.customers.register import CompanyLocation, Customer


async def viewer(info: strawberry.Info) -> Customer | None:
    """The logged-in customer; null when anonymous."""
    if info.context.customer_id is None:
        return None
    return Customer.from_row(await info.context.loaders.by_id(m.Customer).load(info.context.customer_id))


async def select_location(info: strawberry.Info, location_id: strawberry.ID) -> SelectLocationPayload:
    context = info.context

    async def work(session: AsyncSession) -> dict:
        if context.customer_id is None:
            raise login_required("Log in to choose a location.", "locationId")
        row = await viewer_auth.select_location(session, context.customer_id, context.session_id, location_id)
        return {"location": CompanyLocation.from_row(row)}

    return await mutate(info, SelectLocationPayload, work)
