"""Which locations a buyer may act for, and which one it buys for now."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.customers import roles as company_roles
from gateway.db.models import (
    CompanyContact,
    CompanyRole,
    CompanyLocation,
    CustomerSession,
    RoleAssignment,
)
from gateway.platform import ids
from gateway.platform.errors import not_found


@dataclass(frozen=True)
class Grant:
    """What a contact may do at one location: its role, that role's permissions, its spending limits."""

    role: str  # LOCATION_ADMIN | ORDERING_ONLY | CUSTOM
    permissions: frozenset[str]
    spending_limit: int | None = None  # minor units of the company's currency, per order
    monthly_spending_limit: int | None = None  # per calendar month (UTC)
    role_name: str | None = None  # the merchant's role's name when CUSTOM

    def may(self, permission: str) -> bool:
        return permission in self.permissions


# What a Grant is read from, beside RoleAssignment.location_id (CompanyRole outer-joined on company_role_id).
GRANT_COLUMNS = (
    RoleAssignment.role, RoleAssignment.spending_limit, RoleAssignment.monthly_spending_limit, CompanyRole.name,
    CompanyRole.permissions,
)


def grant_of(role: str, limit: int | None, monthly: int | None, name: str | None, custom: list[str] | None) -> Grant:
    """The Grant of GRANT_COLUMNS' values."""
    return Grant(role, company_roles.permissions_of(role, custom), limit, monthly, name)


async def location_roles(session: AsyncSession, customer_id: int) -> dict[int, Grant]:
    """{location id: Grant} over every company the customer is a contact of."""
    rows = await session.execute(
        select(RoleAssignment.location_id, *GRANT_COLUMNS)
        .join(CompanyContact, CompanyContact.id == RoleAssignment.contact_id)
        .outerjoin(CompanyRole, CompanyRole.id == RoleAssignment.company_role_id)
        .where(CompanyContact.customer_id == customer_id)
    )
    return {location_id: grant_of(*values) for location_id, *values in rows}


def buying_for(roles: dict[int, Grant], chosen: int | None) -> int | None:
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
