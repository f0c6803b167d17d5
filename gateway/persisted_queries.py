"""Automatic persisted queries (Apollo's protocol): documents by their SHA-256, kept in the
persisted_queries table so every instance knows them across restarts, with a per-process cache in
front (a hash names one text forever, so the cache is never stale)."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from gateway.db.engine import Database
from gateway.db.models import PersistedQuery
from gateway.platform.bounded_cache import BoundedCache

HASH_RE = re.compile(r"^[0-9a-f]{64}$")
# Documents up to 10,000 characters, 1,000,000 in all (a few MB of str): the hot catalog queries.
CACHE = BoundedCache(max_item_size=10_000, budget=1_000_000)


def sha256_of(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


async def find(db: Database, sha256: str) -> str | None:
    query = CACHE.get(sha256)
    if query is None:
        async with db.reader() as session:
            query = await session.scalar(select(PersistedQuery.query).where(PersistedQuery.sha256 == sha256))
        if query is not None:
            CACHE.put(sha256, query, len(query))
    return query


async def register(db: Database, sha256: str, query: str) -> None:
    """Keeps the document under its hash (the caller checked sha256_of(query) == sha256); a hash
    another request registered first is left as it is: it is the same text."""
    if CACHE.get(sha256) is None:
        async with db.transaction() as session:
            dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
            await session.execute(
                dialect.insert(PersistedQuery).values(sha256=sha256, query=query).on_conflict_do_nothing()
            )
        CACHE.put(sha256, query, len(query))
