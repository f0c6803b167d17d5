"""The buyer's profile: its name and its locations' addresses (what it owes and pays is
gateway/orders/ledger.py; its payment methods gateway/payments/methods.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import policy, viewer
from gateway.customers import customers
from gateway.db.models import CompanyLocation, Customer
from gateway.platform import addresses, ids
from gateway.platform.errors import DomainError, Problems, login_required, not_found


async def update_name(session: AsyncSession, customer_id: int | None, data: dict[str, Any]) -> Customer:
    """The viewer's names, phone and consents, as the merchant's customerUpdate sets them; nothing else."""
    if customer_id is None:
        raise login_required("Log in to change your profile.", "input")
    own = {key: value for key, value in data.items() if key in customers.SELF_SERVICE}
    return await customers.update_customer(session, ids.to_gid("Customer", customer_id), own)


async def update_location_addresses(
    session: AsyncSession, customer_id: int | None, location_gid: str, data: dict[str, Any]
) -> CompanyLocation:
    """A contact with EDIT_ADDRESSES there (a LOCATION_ADMIN) sets its location's shipping and/or
    billing address; others may not, and a location without a role answers as an unknown one."""
    if customer_id is None:
        raise login_required("Log in to change a location.", "locationId")
    pk = ids.pk_of(location_gid, "CompanyLocation")
    roles = await viewer.location_roles(session, customer_id)
    if pk not in roles:
        raise not_found("Location", "locationId")
    if not policy.may_edit_location(roles, pk):
        raise DomainError.of("PERMISSION_DENIED", "Changing this location's addresses takes the EDIT_ADDRESSES permission (its admin has it).", "locationId")
    problems = Problems()
    cleaned = {key: addresses.clean(problems, data[key], (name,)) for key, name in (
        ("shipping_address", "shippingAddress"), ("billing_address", "billingAddress")) if data.get(key) is not None}
    if not cleaned:
        problems.add("BLANK", "Give a shipping address, a billing address or both.", "shippingAddress")
    problems.raise_if_any()
    location = await session.get(CompanyLocation, pk)
    for key, address in cleaned.items():
        setattr(location, key, address)
    await session.flush()
    return location
