"""Admin resolvers for the register: companies, locations, contacts, roles, customers."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import shop
from gateway.account import deletion
from gateway.customers import (
    companies,
    contacts,
    customers,
    invitations,
    lists,
    locations,
    roles,
)
from gateway.db import models as m
from gateway.platform import ids
from gateway.platform.pagination import PageArgs
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.customers import inputs
from schema.customers import payloads as p
from schema.customers.register import (
    Company,
    CompanyContact,
    CompanyContactRoleAssignment,
    CompanyContactRoleName,
    CompanyLocation,
    CompanySortKey,
    Customer,
    CustomerSortKey,
)
from schema.customers.roles import CompanyRole, CompanyRoleInput, CompanyRolePayload
from schema.relay import Connection, keys_connection


async def companies_query(
    info: strawberry.Info,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    query: str | None = None,
    sort_key: CompanySortKey = CompanySortKey.ID,
    reverse: bool = False,
) -> Connection[Company]:
    """query matches name, external id, customer number, org number, a contact's email or name, or a
    location's external id or name."""
    currency = (await info.context.shop()).currency_code
    stmt, keys = lists.companies(query, sort_key.value, currency)
    args = PageArgs(first, after, last, before)
    return await keys_connection(info, stmt, keys, args, reverse, Company.from_row)


async def customers_query(
    info: strawberry.Info,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    query: str | None = None,
    sort_key: CustomerSortKey = CustomerSortKey.ID,
    reverse: bool = False,
    customer_group_id: strawberry.ID | None = None,
) -> Connection[Customer]:
    """query matches email, name or customer number, or a company's name, external id, customer number or
    org number; customerGroupId keeps the members of that group."""
    currency = (await info.context.shop()).currency_code
    stmt, keys = lists.customers(query, sort_key.value, currency, customer_group_id)
    args = PageArgs(first, after, last, before)
    return await keys_connection(info, stmt, keys, args, reverse, Customer.from_row)


async def company(info: strawberry.Info, id: strawberry.ID) -> Company | None:
    pk = ids.pk_of(id, "Company")
    row = await info.context.loaders.by_id(m.Company).load(pk) if pk else None
    return Company.from_row(row) if row else None


async def customer(info: strawberry.Info, id: strawberry.ID) -> Customer | None:
    pk = ids.pk_of(id, "Customer")
    row = await info.context.loaders.by_id(m.Customer).load(pk) if pk else None
    return Customer.from_row(row) if row else None


async def _invite_if_asked(
    info: strawberry.Info, session: AsyncSession, contact_data: dict, customer_id: int, *field: str
) -> None:
    """sendInvitation on a contact input: email the welcome in the same transaction."""
    if contact_data.get("send_invitation"):
        customer = await session.get(m.Customer, customer_id)
        await invitations.invite(session, info.context.settings, customer, *field, "sendInvitation")


async def company_create(info: strawberry.Info, input: inputs.CompanyCreateInput) -> p.CompanyCreatePayload:
    async def work(session: AsyncSession) -> dict:
        data = to_data(input)
        row = await companies.create(session, data)
        if row.main_contact_id:
            contact = await session.get(m.CompanyContact, row.main_contact_id)
            await _invite_if_asked(info, session, data["company_contact"], contact.customer_id, "input", "companyContact")
        return {"company": Company.from_row(row)}

    return await mutate(info, p.CompanyCreatePayload, work)


async def company_update(
    info: strawberry.Info, company_id: strawberry.ID, input: inputs.CompanyInput
) -> p.CompanyUpdatePayload:
    async def work(session: AsyncSession) -> dict:
        return {"company": Company.from_row(await companies.update_company(session, company_id, to_data(input)))}

    return await mutate(info, p.CompanyUpdatePayload, work)


async def company_delete(info: strawberry.Info, id: strawberry.ID) -> p.CompanyDeletePayload:
    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": ids.to_gid("Company", await companies.delete(session, id))}

    return await mutate(info, p.CompanyDeletePayload, work)


async def company_assign_main_contact(
    info: strawberry.Info, company_id: strawberry.ID, company_contact_id: strawberry.ID
) -> p.CompanyAssignMainContactPayload:
    async def work(session: AsyncSession) -> dict:
        row = await companies.assign_main_contact(session, company_id, company_contact_id)
        return {"company": Company.from_row(row)}

    return await mutate(info, p.CompanyAssignMainContactPayload, work)


async def company_location_create(
    info: strawberry.Info, company_id: strawberry.ID, input: inputs.CompanyLocationInput
) -> p.CompanyLocationCreatePayload:
    async def work(session: AsyncSession) -> dict:
        row = await companies.create_location(session, company_id, to_data(input))
        return {"company_location": CompanyLocation.from_row(row)}

    return await mutate(info, p.CompanyLocationCreatePayload, work)


async def company_location_update(
    info: strawberry.Info, company_location_id: strawberry.ID, input: inputs.CompanyLocationInput
) -> p.CompanyLocationUpdatePayload:
    async def work(session: AsyncSession) -> dict:
        row = await locations.update_location(session, company_location_id, to_data(input))
        return {"company_location": CompanyLocation.from_row(row)}

    return await mutate(info, p.CompanyLocationUpdatePayload, work)


async def company_location_delete(info: strawberry.Info, id: strawberry.ID) -> p.CompanyLocationDeletePayload:
    async def work(session: AsyncSession) -> dict:
        pk = await locations.delete(session, id)
        return {"deleted_id": ids.to_gid("CompanyLocation", pk)}

    return await mutate(info, p.CompanyLocationDeletePayload, work)


async def company_contact_create(
    info: strawberry.Info, company_id: strawberry.ID, input: inputs.CompanyContactInput
) -> p.CompanyContactCreatePayload:
    async def work(session: AsyncSession) -> dict:
        data = to_data(input)
        row = await companies.create_contact(session, company_id, data)
        await _invite_if_asked(info, session, data, row.customer_id, "input")
        return {"company_contact": CompanyContact.from_row(row)}

    return await mutate(info, p.CompanyContactCreatePayload, work)


async def company_contact_update(
    info: strawberry.Info, company_contact_id: strawberry.ID, input: inputs.CompanyContactInput
) -> p.CompanyContactUpdatePayload:
    async def work(session: AsyncSession) -> dict:
        data = to_data(input)
        row = await contacts.update_contact(session, company_contact_id, data)
        await _invite_if_asked(info, session, data, row.customer_id, "input")
        return {"company_contact": CompanyContact.from_row(row)}

    return await mutate(info, p.CompanyContactUpdatePayload, work)


async def company_contact_delete(
    info: strawberry.Info, company_contact_id: strawberry.ID
) -> p.CompanyContactDeletePayload:
    async def work(session: AsyncSession) -> dict:
        pk = await contacts.delete(session, company_contact_id)
        return {"deleted_id": ids.to_gid("CompanyContact", pk)}

    return await mutate(info, p.CompanyContactDeletePayload, work)


async def company_contact_assign_role(
    info: strawberry.Info,
    company_contact_id: strawberry.ID,
    company_location_id: strawberry.ID,
    role: Annotated[CompanyContactRoleName | None, strawberry.argument(
        description="A built-in role (LOCATION_ADMIN, ORDERING_ONLY); or leave it out and give roleId.")] = None,
    role_id: Annotated[strawberry.ID | None, strawberry.argument(description="A role from companyRoleCreate.")] = None,
    spending_limit: Annotated[Decimal | None, strawberry.argument(
        description="Per order, in the company's currency; over it checkout makes an approval request. "
        "Left out: unchanged; null: no limit.")] = strawberry.UNSET,
    monthly_spending_limit: Annotated[Decimal | None, strawberry.argument(
        description="Per calendar month (UTC), as spendingLimit.")] = strawberry.UNSET,
) -> p.CompanyContactAssignRolePayload:
    data = {"role_id": role_id} | {
        key: value for key, value in (("spending_limit", spending_limit), ("monthly_spending_limit", monthly_spending_limit))
        if value is not strawberry.UNSET
    }

    async def work(session: AsyncSession) -> dict:
        row = await contacts.assign_role(
            session, company_contact_id, company_location_id, role.value if role else None, data
        )
        return {"company_contact_role_assignment": CompanyContactRoleAssignment.from_row(row)}

    return await mutate(info, p.CompanyContactAssignRolePayload, work)


async def company_contact_revoke_role(
    info: strawberry.Info, company_contact_id: strawberry.ID, company_location_id: strawberry.ID
) -> p.CompanyContactRevokeRolePayload:
    async def work(session: AsyncSession) -> dict:
        pk = await contacts.revoke_role(session, company_contact_id, company_location_id)
        return {"revoked_company_contact_role_assignment_id": ids.to_gid("CompanyContactRoleAssignment", pk)}

    return await mutate(info, p.CompanyContactRevokeRolePayload, work)


async def customer_update(
    info: strawberry.Info, customer_id: strawberry.ID, input: inputs.CustomerInput
) -> p.CustomerUpdatePayload:
    async def work(session: AsyncSession) -> dict:
        row = await customers.update_customer(session, customer_id, to_data(input))
        return {"customer": Customer.from_row(row)}

    return await mutate(info, p.CustomerUpdatePayload, work)


async def company_roles_query(
    info: strawberry.Info, first: int | None = None, after: str | None = None
) -> Connection[CompanyRole]:
    """The merchant's roles, oldest first (the presets LOCATION_ADMIN and ORDERING_ONLY are not listed)."""
    return await keys_connection(
        info, roles.listed(), [m.CompanyRole.id], PageArgs(first=first, after=after), False, CompanyRole.from_row
    )


async def company_role_create(info: strawberry.Info, input: CompanyRoleInput) -> CompanyRolePayload:
    async def work(session: AsyncSession) -> dict:
        return {"company_role": CompanyRole.from_row(await roles.create(session, to_data(input)))}

    return await mutate(info, CompanyRolePayload, work)


async def company_role_update(info: strawberry.Info, id: strawberry.ID, input: CompanyRoleInput) -> CompanyRolePayload:
    async def work(session: AsyncSession) -> dict:
        return {"company_role": CompanyRole.from_row(await roles.update(session, id, to_data(input)))}

    return await mutate(info, CompanyRolePayload, work)
async def customer_create(info: strawberry.Info, input: inputs.CustomerCreateInput) -> p.CustomerCreatePayload:
    """A direct customer made by the merchant; sendInvitation mails it the invitation to log in."""
    context = info.context

    async def work(session: AsyncSession) -> dict:
        data = to_data(input)
        row = await customers.create(session, await shop.get(session), data)
        if data.get("send_invitation"):
            await invitations.invite(session, context.settings, row, "input", "sendInvitation")
        return {"customer": Customer.from_row(row)}

    return await mutate(info, p.CustomerCreatePayload, work)


async def customer_delete(info: strawberry.Info, customer_id: strawberry.ID) -> p.CustomerDeletePayload:
    """Irreversible: refused for a main contact or a customer with something outstanding; its orders
    stay, anonymised, as when a customer deletes its own account."""

    async def work(session: AsyncSession) -> dict:
        return {"deleted_id": ids.to_gid("Customer", await deletion.delete_by_merchant(session, customer_id))}

    return await mutate(info, p.CustomerDeletePayload, work)
