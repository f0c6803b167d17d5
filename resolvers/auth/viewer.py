"""The storefront viewer: who is logged in, the locations it may buy for, the one it buys for."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import viewer as viewer_auth
from gateway.db import models as m
from gateway.platform.errors import login_required
from resolvers.platform.errors import mutate
from schema.auth import SelectLocationPayload
from schema.customers.register import CompanyLocation, Customer
from schema.relay import Connection, in_memory


async def viewer(info: strawberry.Info) -> Customer | None:
    """The logged-in customer; null when anonymous."""
    if info.context.customer_id is None:
        return None
    return Customer.from_row(await info.context.loaders.by_id(m.Customer).load(info.context.customer_id))


async def locations(info: Any, customer_pk: int, first: int | None, after: str | None) -> Connection:
    """The locations the viewer has a role on; empty for any customer but the viewer."""
    rows: list[m.CompanyLocation] = []
    if customer_pk == info.context.customer_id:
        roles = await info.context.viewer_roles()
        rows = await info.context.loaders.by_id(m.CompanyLocation).load_many(sorted(roles))
    return in_memory(rows, first, after, CompanyLocation.from_row)


async def selected_location(info: Any, customer_pk: int) -> CompanyLocation | None:
    """The viewer's chosen location while its role holds, else its only one; null for others."""
    if customer_pk != info.context.customer_id:
        return None
    location_id = await info.context.buyer_location_id()
    if location_id is None:
        return None
    return CompanyLocation.from_row(await info.context.loaders.by_id(m.CompanyLocation).load(location_id))


async def select_location(info: strawberry.Info, location_id: strawberry.ID) -> SelectLocationPayload:
    context = info.context

    async def work(session: AsyncSession) -> dict:
        if context.customer_id is None:
            raise login_required("Log in to choose a location.", "locationId")
        row = await viewer_auth.select_location(session, context.customer_id, context.session_id, location_id)
        return {"location": CompanyLocation.from_row(row)}

    return await mutate(info, SelectLocationPayload, work)
