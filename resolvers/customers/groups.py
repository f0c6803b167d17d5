"""Admin resolvers of customer groups."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.customers import groups, lists
from gateway.db import models as m
from gateway.platform import ids
from gateway.platform.pagination import PageArgs
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.customers import groups as g
from schema.relay import Connection, keys_connection


async def customer_groups_query(
    info: strawberry.Info, first: int | None = None, after: str | None = None, last: int | None = None,
    before: str | None = None, query: str | None = None,
) -> Connection[g.CustomerGroup]:
    """query matches the name."""
    return await keys_connection(
        info, lists.customer_groups(query), [m.CustomerGroup.id], PageArgs(first, after, last, before), False, g.CustomerGroup.from_row
    )


async def customer_group(info: strawberry.Info, id: strawberry.ID) -> g.CustomerGroup | None:
    pk = ids.pk_of(id, "CustomerGroup")
    row = await info.context.loaders.by_id(m.CustomerGroup).load(pk) if pk else None
    return g.CustomerGroup.from_row(row) if row else None


async def customer_group_create(info: strawberry.Info, input: g.CustomerGroupInput) -> g.CustomerGroupCreatePayload:
    async def work(session: AsyncSession) -> dict:
        return {"customer_group": g.CustomerGroup.from_row(await groups.create(session, to_data(input)))}

    return await mutate(info, g.CustomerGroupCreatePayload, work)


async def customer_group_update(
    info: strawberry.Info, id: strawberry.ID, input: g.CustomerGroupInput
) -> g.CustomerGroupUpdatePayload:
    async def work(session: AsyncSession) -> dict:
        return {"customer_group": g.CustomerGroup.from_row(await groups.update_group(session, id, to_data(input)))}

    return await mutate(info, g.CustomerGroupUpdatePayload, work)


async def customer_group_delete(info: strawberry.Info, id: strawberry.ID) -> g.CustomerGroupDeletePayload:
    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": ids.to_gid("CustomerGroup", await groups.delete_group(session, id))}

    return await mutate(info, g.CustomerGroupDeletePayload, work)


async def customer_group_add_customers(
    info: strawberry.Info, customer_group_id: strawberry.ID, customer_ids: list[strawberry.ID]
) -> g.CustomerGroupAddCustomersPayload:
    async def work(session: AsyncSession) -> dict:
        row = await groups.add_customers(session, customer_group_id, list(customer_ids))
        return {"customer_group": g.CustomerGroup.from_row(row)}

    return await mutate(info, g.CustomerGroupAddCustomersPayload, work)


async def customer_group_remove_customers(
    info: strawberry.Info, customer_group_id: strawberry.ID, customer_ids: list[strawberry.ID]
) -> g.CustomerGroupRemoveCustomersPayload:
    async def work(session: AsyncSession) -> dict:
        row = await groups.remove_customers(session, customer_group_id, list(customer_ids))
        return {"customer_group": g.CustomerGroup.from_row(row)}

    return await mutate(info, g.CustomerGroupRemoveCustomersPayload, work)
