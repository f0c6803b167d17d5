"""Rate limits counted in the database: no process memory, so any number of instances agree.

A limit counts the rows of a table made within a window for a key (an email, a client address).
On PostgreSQL a transaction-scoped advisory lock per key makes concurrent requests count one after
another, so parallel requests cannot slip past the limit; SQLite serialises writers already.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from gateway.platform import clock
from gateway.platform.errors import DomainError


async def check(
    session: AsyncSession, key: str, created_at: InstrumentedAttribute[datetime], condition: ColumnElement[bool],
    limit: int, window: timedelta, too_many: str, *field: str,
) -> None:
    """THROTTLED on field, saying when to retry, once `limit` rows matching condition were made
    within `window`. Holds the key's lock until the caller's transaction ends, so the row the
    caller then writes is counted by the next request."""
    since = clock.now() - window
    if session.bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})
    count, oldest = (
        await session.execute(select(func.count(), func.min(created_at)).where(condition, created_at > since))
    ).one()
    if count >= limit:
        raise DomainError.of("THROTTLED", f"{too_many} {retry_hint(oldest + window)}", *field)


def retry_hint(at: datetime) -> str:
    """'Try again after <ISO time, to the second> (in 15 minutes).' for a wait that ends at `at`."""
    minutes = max(1, math.ceil((at - clock.now()).total_seconds() / 60))
    left = f"{minutes} minute{'s' if minutes > 1 else ''}" if minutes < 120 else f"about {round(minutes / 60)} hours"
    return f"Try again after {(at.replace(microsecond=0) + timedelta(seconds=1)).isoformat()} (in {left})."
