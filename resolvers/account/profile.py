"""The buyer's profile on the Storefront API: thin calls on gateway/account/profile.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.account import profile
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.account import (
    CompanyLocationUpdateAddressPayload,
    CustomerNameInput,
    CustomerUpdatePayload,
)
from schema.customers.register import CompanyLocation, Customer
from schema.values import AddressInput


async def customer_update(info: strawberry.Info, input: CustomerNameInput) -> CustomerUpdatePayload:
    """The viewer's own name."""
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        return {"customer": Customer.from_row(await profile.update_name(session, customer_id, to_data(input)))}

    return await mutate(info, CustomerUpdatePayload, work)


async def company_location_update_address(
    info: strawberry.Info, location_id: strawberry.ID, shipping_address: AddressInput | None = None,
    billing_address: AddressInput | None = None,
) -> CompanyLocationUpdateAddressPayload:
    """A contact with EDIT_ADDRESSES (a LOCATION_ADMIN) keeps its location's addresses current; addresses left
    out stay as they are."""
    customer_id = info.context.customer_id
    data = {"shipping_address": to_data(shipping_address), "billing_address": to_data(billing_address)}

    async def work(session: AsyncSession) -> dict:
        location = await profile.update_location_addresses(session, customer_id, location_id, data)
        return {"location": CompanyLocation.from_row(location)}

    return await mutate(info, CompanyLocationUpdateAddressPayload, work)
