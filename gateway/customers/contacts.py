"""Company contacts (a customer acting for a company) and their roles on locations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.customers import customers, roles
from gateway.db.models import Company, CompanyContact, CompanyLocation, CompanyRole, RoleAssignment
from gateway.platform import ids, validation
from gateway.platform.errors import DomainError, Problems

ROLES = tuple(roles.PRESETS)  # the built-in roles (gateway/customers/roles.py)


async def get(session: AsyncSession, gid: str, field: str = "companyContactId") -> CompanyContact:
    return await ids.fetch(session, CompanyContact, gid, "Company contact", field)


async def create(
    session: AsyncSession, company_id: int, data: dict[str, Any], problems: Problems, path: tuple[str, ...]
) -> CompanyContact | None:
    """Link the customer with this email (created if new) to the company."""
    email = validation.email(problems, data.get("email"), (*path, "email"))
    first = validation.text(problems, data.get("first_name"), (*path, "firstName"), max_length=100)
    last = validation.text(problems, data.get("last_name"), (*path, "lastName"), max_length=100)
    title = validation.text(problems, data.get("title"), (*path, "title"), max_length=100)
    if problems:
        return None
    customer = await customers.find_or_create(session, email, first, last)
    taken = await session.scalar(
        select(CompanyContact.id).where(
            CompanyContact.company_id == company_id, CompanyContact.customer_id == customer.id
        )
    )
    if taken:
        problems.add("TAKEN", "This email is already a contact of the company.", *path, "email")
        return None
    contact = CompanyContact(company_id=company_id, customer_id=customer.id, title=title)
    session.add(contact)
    await session.flush()
    return contact


async def update_contact(session: AsyncSession, contact_gid: str, data: dict[str, Any]) -> CompanyContact:
    contact = await get(session, contact_gid)
    problems = Problems()
    if "title" in data:
        contact.title = validation.text(problems, data["title"], ("input", "title"), max_length=100)
    names = {k: data[k] for k in ("first_name", "last_name") if k in data}
    problems.raise_if_any()
    if names:
        await customers.update_customer(session, ids.to_gid("Customer", contact.customer_id), names)
    return contact


async def delete(session: AsyncSession, contact_gid: str) -> int:
    contact = await get(session, contact_gid)
    await session.delete(contact)
    return contact.id


async def assign_role(
    session: AsyncSession, contact_gid: str, location_gid: str, role: str | None, data: dict[str, Any] | None = None
) -> RoleAssignment:
    """Give the contact a role on a location of its own company (changes an existing role): a preset
    (role) or the merchant's role (data["role_id"]), and the spending limits in data (a key left
    out keeps the assignment's limit; None removes it)."""
    data = data or {}
    contact = await get(session, contact_gid)
    location = await ids.lookup(session, CompanyLocation, location_gid)
    if location is None or location.company_id != contact.company_id:
        raise DomainError.of("NOT_FOUND", "Company location not found.", "companyLocationId")
    assignment = await _assignment(session, contact.id, location.id)
    if assignment is None:
        assignment = RoleAssignment(contact_id=contact.id, location_id=location.id)
    await apply_role(session, assignment, role, data, await session.get(Company, contact.company_id))
    session.add(assignment)
    await session.flush()
    return assignment


async def apply_role(
    session: AsyncSession, assignment: RoleAssignment, role: str | None, data: dict[str, Any], company: Company,
    path: tuple[str, ...] = (),
) -> None:
    """Set the assignment's role and limits, or raise every problem and change nothing."""
    problems = Problems()
    company_role = None
    if data.get("role_id") is not None:
        company_role = await ids.lookup(session, CompanyRole, data["role_id"])
        if company_role is None:
            problems.add("NOT_FOUND", "Company role not found.", *path, "roleId")
        if role is not None:
            problems.add("INVALID", "Give a role or a roleId, not both.", *path, "role")
    elif role is None or role not in roles.PRESETS:
        problems.add("INCLUSION", f"Role must be one of {', '.join(roles.PRESETS)}, or give a roleId.", *path, "role")
    limits = {}
    for key, name in (("spending_limit", "spendingLimit"), ("monthly_spending_limit", "monthlySpendingLimit")):
        if key in data:
            limits[key] = validation.amount(problems, data[key], company.currency_code, (*path, name))
    problems.raise_if_any()
    assignment.role = roles.CUSTOM if company_role else role
    assignment.company_role_id = company_role.id if company_role else None
    for key, value in limits.items():
        setattr(assignment, key, value)


async def revoke_role(session: AsyncSession, contact_gid: str, location_gid: str) -> int:
    contact = await get(session, contact_gid)
    location_id = ids.pk_of(location_gid, "CompanyLocation")
    assignment = await _assignment(session, contact.id, location_id) if location_id else None
    if assignment is None:
        raise DomainError.of("NOT_FOUND", "The contact has no role on this location.", "companyLocationId")
    await session.delete(assignment)
    return assignment.id


async def _assignment(session: AsyncSession, contact_id: int, location_id: int) -> RoleAssignment | None:
    return await session.scalar(
        select(RoleAssignment).where(
            RoleAssignment.contact_id == contact_id, RoleAssignment.location_id == location_id
        )
    )
