"""A contact with MANAGE_CONTACTS invites and removes colleagues: thin calls on gateway/account/colleagues.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.account import colleagues
from gateway.platform import ids
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.account import ColleagueInviteInput, ColleagueInvitePayload, ColleagueRemovePayload
from schema.customers.register import CompanyContactRoleAssignment


async def company_location_contact_invite(
    info: strawberry.Info, location_id: strawberry.ID, input: ColleagueInviteInput
) -> ColleagueInvitePayload:
    """Makes the email a contact of the location's company with a role at the location, and emails it the
    invitation. Takes MANAGE_CONTACTS there."""
    context = info.context

    async def work(session: AsyncSession) -> dict:
        row = await colleagues.invite(session, context.settings, context.customer_id, location_id, to_data(input))
        return {"role_assignment": CompanyContactRoleAssignment.from_row(row)}

    return await mutate(info, ColleagueInvitePayload, work)


async def company_location_contact_remove(
    info: strawberry.Info, location_id: strawberry.ID, company_contact_id: strawberry.ID
) -> ColleagueRemovePayload:
    """Takes the colleague's role at the location away (it stays a contact of the company). Takes
    MANAGE_CONTACTS there, and the colleague may do no more here than the viewer."""
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        pk = await colleagues.remove(session, customer_id, location_id, company_contact_id)
        return {"removed_role_assignment_id": ids.to_gid("CompanyContactRoleAssignment", pk)}

    return await mutate(info, ColleagueRemovePayload, work)
