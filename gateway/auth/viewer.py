"""Which locations a buyer may act for, and which one it buys for now."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import (
    CompanyContact,
    CompanyLocation,
    CustomerSession,
    RoleAssignment,
)
from gateway.platform import ids
from gateway.platform.errors import not_found


async def location_roles(session: AsyncSession, customer_id: int) -> dict[int, str]:
    """{location id: role} over every company the customer is a contact of."""
    rows = await session.execute(
        select(RoleAssignment.location_id, RoleAssignment.role)
        .join(CompanyContact, CompanyContact.id == RoleAssignment.contact_id)
        .where(CompanyContact.customer_id == customer_id)
    )
    return {location_id: role for location_id, role in rows}


def buying_for(roles: dict[int, str], chosen: int | None) -> int | None:
    """The location a session buys for: its chosen one while the customer still has a role there;
    else the only location when there is exactly one; else None (D2C, or must choose). Losing the
    role drops the selection at once because roles are read on every request."""
    if chosen in roles:
        return chosen
    if len(roles) == 1:
        return next(iter(roles))
    return None


async def select_location(
    session: AsyncSession, customer_id: int, session_id: int, location_gid: str
) -> CompanyLocation:
    """Store the location the session buys for. One without a role, another company's, or an
    unknown id all answer NOT_FOUND, alike."""
    pk = ids.pk_of(location_gid, "CompanyLocation")
    if pk is None or pk not in await location_roles(session, customer_id):
        raise not_found("Location", "locationId")
    await session.execute(
        update(CustomerSession).where(CustomerSession.id == session_id).values(selected_location_id=pk)
    )
    return await session.get(CompanyLocation, pk)
