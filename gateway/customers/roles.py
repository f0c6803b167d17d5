"""Company roles: what a contact may do at a location, as a set of permissions.

Two built-in roles are presets of that set (LOCATION_ADMIN: everything; ORDERING_ONLY: place orders
and pay them); the merchant defines more from the same fixed permissions (companyRoleCreate). A
role assignment names a preset, or CUSTOM with the merchant's role. Every Storefront check asks
for a permission (gateway/auth/policy.py), never for a role's name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import CompanyRole
from gateway.platform import ids, validation
from gateway.platform.errors import Problems

PLACE_ORDERS = "PLACE_ORDERS"
VIEW_ALL_ORDERS = "VIEW_ALL_ORDERS"  # every order of the location, not only the contact's own
EDIT_ADDRESSES = "EDIT_ADDRESSES"
PAY_INVOICES = "PAY_INVOICES"  # pay what the location's orders owe (orderPay, ordersPay, draftOrderPay)
APPROVE_ORDERS = "APPROVE_ORDERS"  # approve or decline colleagues' checkouts over their spending limit
MANAGE_CONTACTS = "MANAGE_CONTACTS"  # invite colleagues to the location and take their role away
PERMISSIONS = (PLACE_ORDERS, VIEW_ALL_ORDERS, EDIT_ADDRESSES, PAY_INVOICES, APPROVE_ORDERS, MANAGE_CONTACTS)

PRESETS: dict[str, frozenset[str]] = {
    "LOCATION_ADMIN": frozenset(PERMISSIONS),
    "ORDERING_ONLY": frozenset({PLACE_ORDERS, PAY_INVOICES}),
}
CUSTOM = "CUSTOM"  # the assignment's role when it names a merchant-defined CompanyRole
ROLE_NAMES = (*PRESETS, CUSTOM)


def permissions_of(role: str, custom: list[str] | None) -> frozenset[str]:
    """A preset's permissions, or the custom role's (only the known ones: a stored set outlives code)."""
    if role in PRESETS:
        return PRESETS[role]
    return frozenset(p for p in custom or () if p in PERMISSIONS)


UNIQUE = {"uq_company_roles_name": ("input", "name")}  # a concurrent create of the name (PostgreSQL)


async def _check_name(session: AsyncSession, problems: Problems, name: str | None, own_id: int | None) -> None:
    if name in ROLE_NAMES:
        problems.add("TAKEN", f"{name} is a built-in role.", "input", "name")
    elif name and await session.scalar(select(CompanyRole.id).where(CompanyRole.name == name, CompanyRole.id != own_id)):
        problems.add("TAKEN", f"A role named {name!r} exists already.", "input", "name")


def _permissions(problems: Problems, values: Any, path: tuple[str, ...]) -> list[str] | None:
    if values is None:
        return None
    for index, value in enumerate(values):
        validation.one_of(problems, value, PERMISSIONS, (*path, str(index)))
    return [p for p in PERMISSIONS if p in values]  # the fixed order, each once


async def create(session: AsyncSession, data: dict[str, Any]) -> CompanyRole:
    problems = Problems()
    name = validation.text(problems, data.get("name"), ("input", "name"), required=True, max_length=100)
    await _check_name(session, problems, name, None)
    permissions = _permissions(problems, data.get("permissions"), ("input", "permissions"))
    if permissions is None:
        problems.add("BLANK", "Give the role its permissions.", "input", "permissions")
    problems.raise_if_any()
    role = CompanyRole(name=name, permissions=permissions)
    session.add(role)
    await validation.flush_unique(session, UNIQUE)
    return role


async def update(session: AsyncSession, role_gid: str, data: dict[str, Any]) -> CompanyRole:
    """Rename it or change its permissions: every assignment of the role follows at once."""
    role = await ids.fetch(session, CompanyRole, role_gid, "Company role", "id")
    problems = Problems()
    if "name" in data:
        name = validation.text(problems, data["name"], ("input", "name"), required=True, max_length=100)
        await _check_name(session, problems, name, role.id)
        role.name = name or role.name
    if data.get("permissions") is not None:
        role.permissions = _permissions(problems, data["permissions"], ("input", "permissions"))
    problems.raise_if_any()
    await validation.flush_unique(session, UNIQUE)
    return role


def listed() -> Select:
    return select(CompanyRole)
