"""Customer groups: sets of people (direct customers, or contacts) that catalogs serve as they serve
company locations, so a group gets its own assortment and price list (gateway/catalog/pricing.py).
The shop's default group (shop settings) is the one self-registered customers join."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import Customer, CustomerGroup, ShopSettings, catalog_customer_groups, customer_group_members
from gateway.platform import ids, validation
from gateway.platform.errors import DomainError, Problems

MAX_IDS = 250  # customers added or removed at once
UNIQUE = {"uq_customer_groups_name": ("input", "name")}


async def get(session: AsyncSession, gid: str, field: str = "id") -> CustomerGroup:
    return await ids.fetch(session, CustomerGroup, gid, "Customer group", field)


async def _apply(session: AsyncSession, group: CustomerGroup, data: dict[str, Any], creating: bool) -> None:
    problems = Problems()
    if creating or "name" in data:
        name = validation.text(problems, data.get("name"), ("input", "name"), required=True)
        taken = name and await session.scalar(
            select(CustomerGroup.id).where(func.lower(CustomerGroup.name) == name.lower(),
                                           CustomerGroup.id != (group.id or 0))
        )
        if taken:
            problems.add("TAKEN", "Another customer group has this name.", "input", "name")
        group.name = name or group.name
    if "description" in data:
        group.description = validation.text(problems, data["description"], ("input", "description"), max_length=5000)
    problems.raise_if_any()


async def create(session: AsyncSession, data: dict[str, Any]) -> CustomerGroup:
    group = CustomerGroup()
    with session.no_autoflush:
        await _apply(session, group, data, creating=True)
    session.add(group)
    await validation.flush_unique(session, UNIQUE)
    return group


async def update_group(session: AsyncSession, gid: str, data: dict[str, Any]) -> CustomerGroup:
    group = await get(session, gid)
    with session.no_autoflush:  # half-validated values must not reach the database
        await _apply(session, group, data, creating=False)
    await validation.flush_unique(session, UNIQUE)
    return group


async def delete_group(session: AsyncSession, gid: str) -> int:
    """Its members leave it and its catalogs stop serving it (the rows cascade); the shop's default
    group setting clears (SET NULL). Customers and catalogs stay."""
    group = await get(session, gid)
    # Deleted by statement rather than left to the cascade, so the catalog version notices that the
    # group's catalogs (and the products only they list) changed (gateway/catalog/version.py).
    await session.execute(delete(catalog_customer_groups).where(catalog_customer_groups.c.group_id == group.id))
    await session.delete(group)
    await session.flush()
    return group.id


async def _customer_ids(session: AsyncSession, gids: list[str], field: str) -> list[int]:
    if len(gids) > MAX_IDS:
        raise DomainError.of("TOO_LONG", f"At most {MAX_IDS} customers at once.", field)
    problems = Problems()
    pks = [ids.pk_of(g, "Customer") for g in gids]
    known = set((await session.scalars(
        select(Customer.id).where(Customer.id.in_([p for p in pks if p]), Customer.status.is_distinct_from("DELETED"))
    )).all())
    for i, pk in enumerate(pks):
        if pk not in known:
            problems.add("NOT_FOUND", f"Customer {gids[i]!r} not found.", field, str(i))
    problems.raise_if_any()
    return list(dict.fromkeys(pks))  # type: ignore[arg-type]


async def add_customers(session: AsyncSession, gid: str, customer_gids: list[str]) -> CustomerGroup:
    group = await get(session, gid, "customerGroupId")
    await join(session, group.id, await _customer_ids(session, customer_gids, "customerIds"))
    return group


async def join(session: AsyncSession, group_id: int, customer_ids: Iterable[int]) -> None:
    """Make customers members of the group (those already in it stay as they are)."""
    wanted = list(dict.fromkeys(customer_ids))
    if not wanted:
        return
    present = set((await session.scalars(
        select(customer_group_members.c.customer_id).where(
            customer_group_members.c.group_id == group_id, customer_group_members.c.customer_id.in_(wanted)
        )
    )).all())
    rows = [{"group_id": group_id, "customer_id": pk} for pk in wanted if pk not in present]
    if rows:
        await session.execute(insert(customer_group_members), rows)


async def remove_customers(session: AsyncSession, gid: str, customer_gids: list[str]) -> CustomerGroup:
    group = await get(session, gid, "customerGroupId")
    pks = await _customer_ids(session, customer_gids, "customerIds")
    await session.execute(delete(customer_group_members).where(
        customer_group_members.c.group_id == group.id, customer_group_members.c.customer_id.in_(pks)
    ))
    return group


async def set_membership(session: AsyncSession, customer_id: int, group_gids: list[str], field: tuple[str, ...]) -> None:
    """The customer is in exactly these groups (customerCreate's customerGroupIds)."""
    problems = Problems()
    pks = [ids.pk_of(g, "CustomerGroup") for g in group_gids]
    known = set((await session.scalars(select(CustomerGroup.id).where(CustomerGroup.id.in_([p for p in pks if p])))).all())
    for i, pk in enumerate(pks):
        if pk not in known:
            problems.add("NOT_FOUND", f"Customer group {group_gids[i]!r} not found.", *field, str(i))
    problems.raise_if_any()
    await session.execute(delete(customer_group_members).where(customer_group_members.c.customer_id == customer_id))
    for pk in dict.fromkeys(pks):
        await join(session, pk, [customer_id])  # type: ignore[arg-type]


async def join_default(session: AsyncSession, shop: ShopSettings, customer_id: int) -> None:
    """A self-registered customer joins the shop's default group, when it has one."""
    if shop.default_customer_group_id is not None:
        await join(session, shop.default_customer_group_id, [customer_id])
