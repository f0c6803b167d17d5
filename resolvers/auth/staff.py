"""The Admin API's staff members: anyone on the staff reads them; only an OWNER creates or changes
them (resolvers/admin.py StaffRoles checks STAFF_MUTATIONS)."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import staff
from resolvers.platform.errors import mutate
from schema.auth import StaffMember, StaffMemberCreateInput, StaffMemberPayload, StaffMemberUpdateInput


async def staff_members(info: strawberry.Info) -> list[StaffMember]:
    """Every staff member, by email (a shop has a handful: no paging)."""
    async with info.context.db.reader() as session:
        return [StaffMember.from_row(row) for row in await staff.list_all(session)]


async def staff_member_create(info: strawberry.Info, input: StaffMemberCreateInput) -> StaffMemberPayload:
    """A new console login; they log in with a code sent to the email."""

    async def work(session: AsyncSession) -> dict:
        return {"staff_member": StaffMember.from_row(await staff.create(session, input.email, input.role.value))}

    return await mutate(info, StaffMemberPayload, work)


async def staff_member_update(info: strawberry.Info, id: strawberry.ID, input: StaffMemberUpdateInput) -> StaffMemberPayload:
    """Change a role, or disable (ending its sessions) or re-enable; the last active OWNER stays one."""
    role = input.role.value if input.role is not None else None
    status = input.status.value if input.status is not None else None

    async def work(session: AsyncSession) -> dict:
        return {"staff_member": StaffMember.from_row(await staff.change(session, id, role, status))}

    return await mutate(info, StaffMemberPayload, work)
