"""Keyset (seek) pagination for Relay connections: stable under inserts, no OFFSET scans."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import orjson
from sqlalchemy import Select, TypeDecorator, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from gateway.platform.errors import DomainError

T = TypeVar("T")
MAX_PAGE = 100
DEFAULT_PAGE = 20


@dataclass
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


@dataclass
class Page(Generic[T]):
    """Rows of one page with their cursors, and whether more lie on either side."""

    rows: list[T]
    cursors: list[str]
    has_next: bool
    has_previous: bool


def encode_cursor(*values: Any) -> str:
    raw = [{"dt": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(orjson.dumps(raw)).decode().rstrip("=")


def decode_cursor(cursor: str, *types: type) -> list[Any]:
    """The values of a cursor we gave out, one of each of types; anything else is INVALID_CURSOR.

    Checking the types keeps a forged or foreign cursor (another sort key's) from reaching
    the database, where PostgreSQL would fail on the comparison.
    """
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(types):
            raise ValueError
        values = [datetime.fromisoformat(v["dt"]) if isinstance(v, dict) else v for v in raw]
        for value, kind in zip(values, types):
            if not isinstance(value, kind) or isinstance(value, bool) or (
                isinstance(value, datetime) and value.tzinfo is None
            ) or (isinstance(value, int) and not -(2**63) <= value < 2**63):
                raise ValueError
        return values
    except (ValueError, TypeError, KeyError, orjson.JSONDecodeError):
        raise DomainError.of("INVALID_CURSOR", "The cursor is not one this API gave out.") from None


def _python_type(key: ColumnElement) -> type:
    column_type = key.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl
    return column_type.python_type


def page_size(args: PageArgs) -> tuple[int, bool]:
    """(size, backwards) from first/last, capped at MAX_PAGE."""
    if args.first is not None and args.last is not None:
        raise DomainError.of("INVALID", "Pass either first or last, not both.")
    size = args.last if args.last is not None else args.first
    if size is None:
        size = DEFAULT_PAGE
    if size < 0:
        raise DomainError.of("INVALID", "first and last must not be negative.")
    if size > MAX_PAGE:
        raise DomainError.of("GREATER_THAN", f"first and last may be at most {MAX_PAGE}.")
    return size, args.last is not None


def _seek(keys: list[ColumnElement], values: list[Any], forward: bool) -> ColumnElement:
    """(k1, k2, ...) > (v1, v2, ...) spelled out, so both databases use the index."""
    clauses = []
    for i, (key, value) in enumerate(zip(keys, values)):
        step = key > value if forward else key < value
        clauses.append(and_(*(k == v for k, v in zip(keys[:i], values[:i])), step))
    return or_(*clauses)


async def paginate(
    session: AsyncSession,
    stmt: Select,
    keys: list[ColumnElement],
    args: PageArgs,
    *,
    reverse: bool = False,
) -> Page:
    """One page of stmt ordered by keys (the last must be unique, e.g. the primary key).

    stmt selects one entity; keys may be its columns or expressions over joined rows (the key
    values are selected beside the entity and read back for the cursors).
    """
    size, backwards = page_size(args)
    forward = not reverse
    types = [_python_type(k) for k in keys]
    if args.after:
        stmt = stmt.where(_seek(keys, decode_cursor(args.after, *types), forward))
    if args.before:
        stmt = stmt.where(_seek(keys, decode_cursor(args.before, *types), not forward))
    ascending = forward != backwards
    stmt = stmt.order_by(*(k.asc() if ascending else k.desc() for k in keys)).limit(size + 1)
    # The keys are selected beside the entity, so computed keys (a sum over orders) work as columns do.
    stmt = stmt.add_columns(*(k.label(f"_key{i}") for i, k in enumerate(keys)))
    results = list((await session.execute(stmt)).all())
    more = len(results) > size
    results = results[:size]
    if backwards:
        results.reverse()
    rows = [r[0] for r in results]
    cursors = [encode_cursor(*r[1:]) for r in results]
    if backwards:
        return Page(rows, cursors, has_next=args.before is not None, has_previous=more)
    return Page(rows, cursors, has_next=more, has_previous=args.after is not None)
