"""Which locations a buyer may act for, and which one it buys for now."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import CompanyContact, CustomerSession, RoleAssignment


async def location_roles(session: AsyncSession, customer_id: int) -> dict[int, str]:
    """{location id: role} over every company the customer is a contact of."""
    rows = await session.execute(
        select(RoleAssignment.location_id, RoleAssignment.role)
        .join(CompanyContact, CompanyContact.id == RoleAssignment.contact_id)
        .where(CompanyContact.customer_id == customer_id)
    )
    return {location_id: role for location_id, role in rows}


async def selected_location_id(session: AsyncSession, customer_id: int, session_id: int | None) -> int | None:
    """The session's chosen location while the customer still has a role there; else its only
    location when it has exactly one; else None (D2C, or must choose). Losing the role drops
    the selection at once because it is checked on every read."""
    roles = await location_roles(session, customer_id)
    if session_id is not None:
        chosen = await session.scalar(
            select(CustomerSession.selected_location_id).where(CustomerSession.id == session_id)
        )
        if chosen in roles:
            return chosen
    if len(roles) == 1:
        return next(iter(roles))
    return None
