"""Idempotency keys for requests that move money, after Stripe.

The first request with a key claims it (a row unique on customer and key) in the same
transaction as its work, and stores its answer there: a retry with the same key and arguments
replays that answer without doing the work again; the same key with other arguments (or for
another operation) answers IDEMPOTENCY_KEY_REUSED. Two requests with one key at the same time
meet at the unique index: the second waits for the first to commit, then replays its answer.
A request that fails rolls its claim back with everything else, so the key can be used again.
Keys are kept (at least the 24 hours Stripe promises; nothing purges them yet).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from sqlalchemy import ColumnElement, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import IdempotencyKey
from gateway.platform import clock, validation
from gateway.platform.errors import DomainError, Problems

FIELD = "idempotencyKey"


def fingerprint(scope: str, arguments: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps({"scope": scope, **arguments}, option=orjson.OPT_SORT_KEYS)).hexdigest()


async def once(
    session: AsyncSession, customer_id: int | None, key: str, scope: str, arguments: dict[str, Any],
    work: Callable[[], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    """work()'s answer, or the answer stored for this key by an earlier request with the same arguments."""
    problems = Problems()
    key = validation.text(problems, key, (FIELD,), required=True, max_length=255)
    problems.raise_if_any()
    digest = fingerprint(scope, arguments)
    if customer_id is None:  # a guest: the key is its cart's (whose checkout happens once anyway)
        key = "guest:" + hashlib.sha256(f"{arguments.get('cartId')}\n{key}".encode()).hexdigest()
    claimed = await _claim(session, customer_id, key, scope, digest)
    if claimed is None:
        return await _replay(session, customer_id, key, digest)
    response = await work()
    await session.flush()
    await session.execute(update(IdempotencyKey).where(IdempotencyKey.id == claimed).values(response=response))
    return response


def _owner(customer_id: int | None) -> ColumnElement[bool]:
    return IdempotencyKey.customer_id.is_(None) if customer_id is None else IdempotencyKey.customer_id == customer_id


async def _claim(session: AsyncSession, customer_id: int | None, key: str, scope: str, digest: str) -> int | None:
    """The new claim's id, or None when the key is taken. One statement: INSERT .. ON CONFLICT DO
    NOTHING waits on the unique index for a concurrent claim of the key to commit or roll back (a
    guest's, customer_id NULL, on the partial unique index of its keys: NULLs never conflict)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(IdempotencyKey).values(
        customer_id=customer_id, key=key, scope=scope, request_hash=digest, created_at=clock.now()
    )
    if customer_id is None:
        stmt = stmt.on_conflict_do_nothing(index_elements=["key"], index_where=IdempotencyKey.customer_id.is_(None))
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=["customer_id", "key"])
    return await session.scalar(stmt.returning(IdempotencyKey.id))


async def _replay(session: AsyncSession, customer_id: int | None, key: str, digest: str) -> dict[str, Any]:
    """The stored answer of the key's claim, committed (READ COMMITTED sees it in this new statement)."""
    row = (await session.execute(
        select(IdempotencyKey.request_hash, IdempotencyKey.response)
        .where(_owner(customer_id), IdempotencyKey.key == key)
    )).first()
    if row is None or row.request_hash != digest or row.response is None:
        raise DomainError.of(
            "IDEMPOTENCY_KEY_REUSED", "This idempotency key was used for another request; use a new key.", FIELD
        )
    return row.response
