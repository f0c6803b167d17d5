"""Global ids: gid://gateway/<Type>/<number>, the form Shopify's APIs use."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.platform.errors import not_found

M = TypeVar("M")

PREFIX = "gid://gateway/"


def to_gid(type_name: str, pk: int) -> str:
    return f"{PREFIX}{type_name}/{pk}"


def parse_gid(value: str) -> tuple[str, int] | None:
    """(type, pk) of a well-formed gid, else None."""
    if not isinstance(value, str) or not value.startswith(PREFIX):
        return None
    rest = value[len(PREFIX):]
    type_name, _, pk = rest.partition("/")
    if not type_name or not pk.isdigit() or len(pk) > 18:
        return None
    return type_name, int(pk)


def pk_of(value: str, type_name: str) -> int | None:
    """The pk if value is a gid of this type; None for any other or malformed id."""
    parsed = parse_gid(value)
    if parsed is None or parsed[0] != type_name:
        return None
    return parsed[1]


async def lookup(session: AsyncSession, model: type[M], gid: str | None) -> M | None:
    """The row a gid names (its type is the model's class name), or None when the id is
    malformed, of another type, or unknown."""
    pk = pk_of(gid, model.__name__) if gid else None
    return await session.get(model, pk) if pk is not None else None


async def fetch(session: AsyncSession, model: type[M], gid: str | None, what: str, *field: str) -> M:
    """Like lookup, but a missing row raises NOT_FOUND on field."""
    row = await lookup(session, model, gid)
    if row is None:
        raise not_found(what, *field)
    return row


async def lock(session: AsyncSession, model: type[M], pk: int) -> M | None:
    """The row read afresh and locked until commit (FOR UPDATE on PostgreSQL; SQLite serialises
    writers at BEGIN), so changes that check it first run one after another; None when it is gone."""
    stmt = select(model).where(model.id == pk).with_for_update()
    return (await session.scalars(stmt.execution_options(populate_existing=True))).one_or_none()


async def fetch_locked(session: AsyncSession, model: type[M], gid: str | None, what: str, *field: str) -> M:
    """Like fetch, and the row locked as lock() does, in one statement."""
    pk = pk_of(gid, model.__name__) if gid else None
    row = await lock(session, model, pk) if pk is not None else None
    if row is None:
        raise not_found(what, *field)
    return row
