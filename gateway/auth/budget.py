"""The login budget: failed verifyLoginCode tries per email, across codes (DESIGN.md, "Passwordless
login policy"; NIST SP 800-63B-4 3.2.2 wants a cap on consecutive failures that a new code cannot reset).

After MAX_FAILURES failures in a row the email is locked for FIRST_LOCKOUT, doubling with each
further lockout up to MAX_LOCKOUT; a successful login forgets the budget. Counted per email string,
whether or not a customer (or a live code) exists, so every email answers alike.

A try is paid for before its code is looked at, with one UPSERT that is committed whatever the
answer: it locks the email's row until the try's transaction ends (PostgreSQL; SQLite serialises
writers), so concurrent tries queue up and cannot spend more than the budget. The try that spends
the last failure already writes the lockout; a right code then forgets the budget, a wrong one
leaves the email locked. A locked email's tries match no row and are not checked at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import LoginBudget
from gateway.platform import throttle
from gateway.platform.errors import DomainError

MAX_FAILURES = 10
FIRST_LOCKOUT = timedelta(minutes=15)
MAX_LOCKOUT = timedelta(hours=24)
KEEP = timedelta(days=30)  # housekeeping forgets a budget this long after its last failure


def lockout(lockouts_before: int) -> timedelta:
    """How long the next lockout lasts after lockouts_before earlier ones."""
    return min(FIRST_LOCKOUT * 2 ** min(lockouts_before, 32), MAX_LOCKOUT)


async def spend(session: AsyncSession, email: str, now: datetime) -> datetime | None:
    """Count this try as a failure. None: the budget has room left after it. A time: this try was
    the last the budget allowed, and the email stays locked until then unless the try succeeds.
    TOO_MANY_ATTEMPTS if the email is locked already (nothing is counted then)."""
    column = LoginBudget.__table__.c
    last = column.consecutive_failures + 1 >= MAX_FAILURES
    # Lockout n lasts lockout(n): one CASE over the few durations below the cap, no date arithmetic in SQL.
    doubling = {n: literal(now + lockout(n), column.locked_until.type)
                for n in range(32) if lockout(n) < MAX_LOCKOUT}
    until = case(doubling, value=column.lockouts, else_=literal(now + MAX_LOCKOUT, column.locked_until.type))
    insert = (postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert)(LoginBudget)
    statement = (
        insert.values(email=email, consecutive_failures=1, lockouts=0, locked_until=None, updated_at=now)
        .on_conflict_do_update(
            index_elements=[column.email],
            set_={
                "consecutive_failures": case((last, 0), else_=column.consecutive_failures + 1),
                "lockouts": case((last, column.lockouts + 1), else_=column.lockouts),
                "locked_until": case((last, until), else_=None),
                "updated_at": now,
            },
            where=or_(column.locked_until.is_(None), column.locked_until <= now),
        )
        .returning(column.locked_until)
    )
    spent = (await session.execute(statement)).first()
    if spent is None:  # locked: the conflicting row was left as it is
        raise too_many(await session.scalar(select(LoginBudget.locked_until).where(LoginBudget.email == email)))
    return spent.locked_until


async def forget(session: AsyncSession, email: str) -> None:
    """A successful login: the email starts over."""
    await session.execute(delete(LoginBudget).where(LoginBudget.email == email))


def too_many(until: datetime) -> DomainError:
    return DomainError.of(
        "TOO_MANY_ATTEMPTS", f"Too many failed tries for this email. {throttle.retry_hint(until)}", "email"
    )
