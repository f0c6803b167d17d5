"""The viewer's address book on the Storefront API: thin calls on gateway/customers/address_book.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.customers import address_book
from gateway.platform import ids
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.customers import addresses as a
from schema.values import AddressInput


async def customer_address_create(
    info: strawberry.Info, address: AddressInput, set_as_default: bool | None = None
) -> a.CustomerAddressCreatePayload:
    """Save an address; the first one saved is the default."""
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        row = await address_book.create(session, customer_id, to_data(address), set_as_default)
        return {"customer_address": a.CustomerAddress.from_row(row)}

    return await mutate(info, a.CustomerAddressCreatePayload, work)


async def customer_address_update(
    info: strawberry.Info, id: strawberry.ID, address: AddressInput, set_as_default: bool | None = None
) -> a.CustomerAddressUpdatePayload:
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        row = await address_book.update_address(session, customer_id, id, to_data(address), set_as_default)
        return {"customer_address": a.CustomerAddress.from_row(row)}

    return await mutate(info, a.CustomerAddressUpdatePayload, work)


async def customer_address_delete(info: strawberry.Info, id: strawberry.ID) -> a.CustomerAddressDeletePayload:
    """Removing the default makes the oldest remaining address the default."""
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": ids.to_gid("CustomerAddress", await address_book.delete_address(session, customer_id, id))}

    return await mutate(info, a.CustomerAddressDeletePayload, work)
