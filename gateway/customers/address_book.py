"""The customer's address book: saved addresses, at most one of them the default, managed by the
customer on the Storefront API. A D2C cart starts from the default address (gateway/orders/carts.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import CustomerAddress
from gateway.platform import addresses, ids
from gateway.platform.errors import DomainError, Problems, login_required, not_found

MAX_ADDRESSES = 50


async def default_address(session: AsyncSession, customer_id: int) -> dict[str, Any] | None:
    return await session.scalar(select(CustomerAddress.address).where(
        CustomerAddress.customer_id == customer_id, CustomerAddress.is_default.is_(True)
    ))


async def create(
    session: AsyncSession, customer_id: int | None, data: dict[str, Any] | None, set_as_default: bool | None
) -> CustomerAddress:
    """Save an address; the first one is the default whatever set_as_default says."""
    if customer_id is None:
        raise login_required("Log in to keep an address book.", "address")
    problems = Problems()
    address = addresses.clean(problems, data or {}, ("address",))
    problems.raise_if_any()
    count = await session.scalar(select(func.count()).where(CustomerAddress.customer_id == customer_id))
    if count >= MAX_ADDRESSES:
        raise DomainError.of("TOO_MANY", f"An address book holds at most {MAX_ADDRESSES} addresses.", "address")
    row = CustomerAddress(customer_id=customer_id, address=address, is_default=False)
    session.add(row)
    await session.flush()
    if set_as_default or count == 0:
        await _make_default(session, customer_id, row)
    return row


async def update_address(
    session: AsyncSession, customer_id: int | None, gid: str, data: dict[str, Any] | None, set_as_default: bool | None
) -> CustomerAddress:
    row = await _own(session, customer_id, gid)
    problems = Problems()
    address = addresses.clean(problems, data or {}, ("address",))
    problems.raise_if_any()
    row.address = address
    if set_as_default:
        await _make_default(session, customer_id, row)  # type: ignore[arg-type]
    await session.flush()
    return row


async def delete_address(session: AsyncSession, customer_id: int | None, gid: str) -> int:
    """Remove an address; when it was the default, the oldest one left becomes the default."""
    row = await _own(session, customer_id, gid)
    await session.delete(row)
    await session.flush()
    if row.is_default:
        oldest = await session.scalar(select(CustomerAddress).where(CustomerAddress.customer_id == customer_id)
                                      .order_by(CustomerAddress.id).limit(1))
        if oldest is not None:
            await _make_default(session, customer_id, oldest)  # type: ignore[arg-type]
    return row.id


async def _own(session: AsyncSession, customer_id: int | None, gid: str) -> CustomerAddress:
    if customer_id is None:
        raise login_required("Log in to keep an address book.", "id")
    row = await ids.lookup(session, CustomerAddress, gid)
    if row is None or row.customer_id != customer_id:
        raise not_found("Address", "id")
    return row


async def _make_default(session: AsyncSession, customer_id: int, row: CustomerAddress) -> None:
    await session.execute(update(CustomerAddress).where(
        CustomerAddress.customer_id == customer_id, CustomerAddress.id != row.id
    ).values(is_default=False).execution_options(synchronize_session=False))
    row.is_default = True
    await session.flush()
