"""`column IN (ids)` as one bound parameter, so the statement's text is the same for any number of ids.

`column.in_([...])` expands to one placeholder per id when it runs: SQLAlchemy renders the SQL
again for each length, and asyncpg prepares a statement per length (a page of 50 products and one
of 49 share nothing). `any_of(column, ids)` sends the list whole: `column = ANY($1::BIGINT[])` on
PostgreSQL, `column IN (SELECT value FROM json_each(?))` with a JSON array on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, String, bindparam
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType, TypeDecorator


class IdList(TypeDecorator):
    """A list of integer ids: a BIGINT[] on PostgreSQL, a JSON array in text elsewhere."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:  # noqa: ANN401
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(BigInteger()))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Any, dialect: Any) -> Any:  # noqa: ANN401
        ids = [int(v) for v in value]
        return ids if dialect.name == "postgresql" else json.dumps(ids)


class AnyOf(ColumnElement[bool]):
    """column is one of a bound list of ids (see the module's doc)."""

    type = NullType()  # Boolean would make SQLite's WHERE compare it with 1
    inherit_cache = True
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement), ("ids", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any], ids: Iterable[int]) -> None:
        self.column = column
        self.ids = bindparam(None, list(ids), type_=IdList(), unique=True)


def any_of(column: Any, ids: Iterable[int]) -> AnyOf:  # noqa: ANN401
    return AnyOf(column, ids)


@compiles(AnyOf, "postgresql")
def _any(element: AnyOf, compiler: Any, **kw: Any) -> str:  # noqa: ANN401
    return f"{compiler.process(element.column, **kw)} = ANY({compiler.process(element.ids, **kw)})"


@compiles(AnyOf)
def _json_each(element: AnyOf, compiler: Any, **kw: Any) -> str:  # noqa: ANN401
    return f"{compiler.process(element.column, **kw)} IN (SELECT value FROM json_each({compiler.process(element.ids, **kw)}))"
