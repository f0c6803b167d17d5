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
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import IdempotencyKey
from gateway.platform import validation
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
    row = await _claim(session, customer_id, key, scope, digest)
    if row.response is not None:
        return row.response
    row.response = await work()
    await session.flush()
    return row.response


async def _find(session: AsyncSession, customer_id: int | None, key: str) -> IdempotencyKey | None:
    owner = IdempotencyKey.customer_id.is_(None) if customer_id is None else IdempotencyKey.customer_id == customer_id
    stmt = select(IdempotencyKey).where(owner, IdempotencyKey.key == key)
    return await session.scalar(stmt.execution_options(populate_existing=True))


async def _claim(session: AsyncSession, customer_id: int | None, key: str, scope: str, digest: str) -> IdempotencyKey:
    row = await _find(session, customer_id, key)
    if row is None:
        try:
            async with session.begin_nested():
                row = IdempotencyKey(customer_id=customer_id, key=key, scope=scope, request_hash=digest)
                session.add(row)
                await session.flush()
            return row
        except IntegrityError:
            # A concurrent request with this key committed first (a guest's meets it at the partial
            # unique index on key); READ COMMITTED sees its row now.
            row = await _find(session, customer_id, key)
    if row is None or row.request_hash != digest:
        raise DomainError.of(
            "IDEMPOTENCY_KEY_REUSED", "This idempotency key was used for another request; use a new key.", FIELD
        )
    return row
