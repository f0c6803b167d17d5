"""A contact with MANAGE_CONTACTS at a location invites colleagues there and takes their role away.

It can hand out no more than it holds: the role's permissions must be among its own and, when it
has a spending limit, the colleague's limits may not exceed it. It removes only colleagues whose
permissions are among its own (an ORDERING_ONLY manager cannot remove the location's admin).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import policy, viewer
from gateway.customers import contacts, customers, invitations
from gateway.customers import roles as company_roles
from gateway.db.models import Company, CompanyContact, CompanyLocation, CompanyRole, Customer, RoleAssignment
from gateway.platform import ids, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found
from gateway.platform.settings import Settings


async def _managed(session: AsyncSession, customer_id: int | None, location_gid: str) -> tuple[CompanyLocation, viewer.Grant]:
    if customer_id is None:
        raise login_required("Log in to manage your colleagues.", "locationId")
    pk = ids.pk_of(location_gid, "CompanyLocation")
    roles = await viewer.location_roles(session, customer_id)
    if pk not in roles:
        raise not_found("Location", "locationId")
    if not policy.may_manage_contacts(roles, pk):
        raise DomainError.of(
            "PERMISSION_DENIED", "Managing this location's contacts takes the MANAGE_CONTACTS permission.", "locationId"
        )
    return await session.get(CompanyLocation, pk), roles[pk]


async def invite(
    session: AsyncSession, settings: Settings, customer_id: int | None, location_gid: str, data: dict[str, Any]
) -> RoleAssignment:
    """Make the email a contact of the location's company (a new customer if need be), give it the
    role at the location and email it the invitation."""
    location, own = await _managed(session, customer_id, location_gid)
    company = await session.get(Company, location.company_id)
    problems = Problems()
    email = validation.email(problems, data.get("email"), ("input", "email"))
    problems.raise_if_any()
    known = await customers.by_email(session, email)
    contact = await session.scalar(
        select(CompanyContact).where(CompanyContact.company_id == company.id, CompanyContact.customer_id == known.id)
    ) if known is not None else None
    if contact is None:
        contact = await contacts.create(session, company.id, data, problems, ("input",))
        problems.raise_if_any()
    elif await session.scalar(select(RoleAssignment.id).where(
        RoleAssignment.contact_id == contact.id, RoleAssignment.location_id == location.id
    )):
        raise DomainError.of("TAKEN", "This colleague has a role here already.", "input", "email")
    assignment = RoleAssignment(contact_id=contact.id, location_id=location.id)
    limits = {k: data[k] for k in ("role_id", "spending_limit", "monthly_spending_limit") if k in data}
    await contacts.apply_role(session, assignment, data.get("role"), limits, company, ("input",))
    granted = company_roles.permissions_of(assignment.role, await _custom(session, assignment))
    _check_within(own, granted, assignment)
    session.add(assignment)
    await session.flush()
    await invitations.invite(session, settings, await session.get(Customer, contact.customer_id), "input", "email")
    return assignment


async def remove(session: AsyncSession, customer_id: int | None, location_gid: str, contact_gid: str) -> int:
    """Take the colleague's role at the location away (it stays a contact of the company)."""
    location, own = await _managed(session, customer_id, location_gid)
    contact_pk = ids.pk_of(contact_gid, "CompanyContact")
    assignment = await session.scalar(select(RoleAssignment).where(
        RoleAssignment.contact_id == contact_pk, RoleAssignment.location_id == location.id
    )) if contact_pk is not None else None
    if assignment is None:
        raise not_found("Company contact", "companyContactId")
    held = company_roles.permissions_of(assignment.role, await _custom(session, assignment))
    if not held <= own.permissions:
        raise DomainError.of(
            "PERMISSION_DENIED", "This colleague may do more here than you may; ask the merchant.", "companyContactId"
        )
    await session.delete(assignment)
    return assignment.id


async def _custom(session: AsyncSession, assignment: RoleAssignment) -> list[str] | None:
    if assignment.company_role_id is None:
        return None
    return (await session.get(CompanyRole, assignment.company_role_id)).permissions


def _check_within(own: viewer.Grant, granted: frozenset[str], assignment: RoleAssignment) -> None:
    problems = Problems()
    if not granted <= own.permissions:
        extra = ", ".join(sorted(granted - own.permissions))
        problems.add("PERMISSION_DENIED", f"You cannot give permissions you do not have ({extra}).", "input", "role")
    for key, name in (("spending_limit", "spendingLimit"), ("monthly_spending_limit", "monthlySpendingLimit")):
        mine, theirs = getattr(own, key), getattr(assignment, key)
        if mine is not None and (theirs is None or theirs > mine):
            problems.add("PERMISSION_DENIED", f"The {name} may be at most your own.", "input", name)
    problems.raise_if_any()
