"""The merchant's staff: accounts (gateway staff create|list|disable), their code login to the
console and console sessions.

The login is the buyers' (gateway/auth/login.py): the same codes, lifetime, budget and throttles,
under its own purpose ("staff") so a staff member who is also a buyer keeps both codes apart. An
email that is no active staff member's gets a code born dead and the same answer. A console session
is 32 random bytes in an HttpOnly cookie, stored hashed, for SESSION_TTL at most; it ends at logout
and when the staff member is disabled. The CSRF token of a session is an HMAC of its token, so it
needs no storage and dies with the session.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import budget, login
from gateway.auth.policy import OWNER, STAFF_ROLES
from gateway.auth.tokens import hash_token, new
from gateway.db.engine import Database
from gateway.db.models import StaffMember, StaffSession
from gateway.platform import clock, ids, validation
from gateway.platform.errors import DomainError, Problems
from gateway.platform.settings import Settings

STATUSES = ("ACTIVE", "DISABLED")
PURPOSE = "staff"  # LoginCode.purpose
PREFIX = "gwst_"
# A working day and then some: staff act on the shop's money, so they log in again each day.
SESSION_TTL = timedelta(hours=12)


@dataclass(frozen=True)
class ConsoleLogin:
    token: str  # the cookie's value, shown once; only its hash is stored
    expires_at: datetime
    staff: StaffMember


def _email(value: str) -> str:
    problems = Problems()
    email = validation.email(problems, value, ("email",))
    problems.raise_if_any()
    return email


def _role(value: str) -> str:
    role = value.strip().upper()
    if role not in STAFF_ROLES:
        raise DomainError.of("INCLUSION", f"The role must be one of {', '.join(STAFF_ROLES)}.", "role")
    return role


async def create(session: AsyncSession, email: str, role: str) -> StaffMember:
    email, role = _email(email), _role(role)
    if await session.scalar(select(StaffMember.id).where(StaffMember.email == email)):
        raise DomainError.of("TAKEN", f"{email} is a staff member already.", "email")
    member = StaffMember(email=email, role=role, status="ACTIVE")
    session.add(member)
    await session.flush()
    return member


async def list_all(session: AsyncSession) -> list[StaffMember]:
    return list((await session.scalars(select(StaffMember).order_by(StaffMember.email))).all())


async def disable(session: AsyncSession, email: str) -> StaffMember:
    """No more logins, and the open sessions end now (resolve checks the status too). The last
    active OWNER cannot be disabled (LAST_OWNER), as on the console."""
    owners = await _lock_owners(session)
    stmt = select(StaffMember).where(StaffMember.email == _email(email)).with_for_update()
    member = await session.scalar(stmt.execution_options(populate_existing=True))
    if member is None:
        raise DomainError.of("NOT_FOUND", f"No staff member {email.strip()!r}.", "email")
    return await _apply(session, owners, member, member.role, "DISABLED")


async def change(session: AsyncSession, gid: str, role: str | None, status: str | None) -> StaffMember:
    """An OWNER changes a staff member's role or status (gateway/auth/policy.py may_manage_staff).
    The shop always keeps an active OWNER: the last one cannot be demoted or disabled."""
    owners = await _lock_owners(session)
    member = await ids.fetch_locked(session, StaffMember, gid, "Staff member", "id")
    new_role = _role(role) if role is not None else member.role
    new_status = status if status is not None else member.status
    if new_status not in STATUSES:
        raise DomainError.of("INCLUSION", f"The status must be one of {', '.join(STATUSES)}.", "input", "status")
    return await _apply(session, owners, member, new_role, new_status)


async def _lock_owners(session: AsyncSession) -> list[int]:
    """The active OWNERs' ids, their rows locked until commit in id order (FOR UPDATE on PostgreSQL;
    SQLite serialises writers at BEGIN). Two OWNERs demoting each other at once then run one after
    the other, and the second sees the first one's change, so both cannot pass the last-OWNER check.
    Taken before any other staff row, so two changes never wait on each other in a circle."""
    stmt = (select(StaffMember.id).where(StaffMember.role == OWNER, StaffMember.status == "ACTIVE")
            .order_by(StaffMember.id).with_for_update())
    return list((await session.scalars(stmt)).all())


async def _apply(session: AsyncSession, owners: list[int], member: StaffMember, role: str, status: str) -> StaffMember:
    """Gives member role and status unless that leaves no active OWNER (owners from _lock_owners)."""
    if owners == [member.id] and (role, status) != (OWNER, "ACTIVE"):
        raise DomainError.of("LAST_OWNER", "The shop needs an active OWNER: make another OWNER first.", "id")
    if status == "DISABLED":
        await session.execute(
            update(StaffSession)
            .where(StaffSession.staff_member_id == member.id, StaffSession.revoked_at.is_(None))
            .values(revoked_at=clock.now())
        )
    member.role, member.status = role, status
    await session.flush()
    return member


async def request_code(session: AsyncSession, settings: Settings, email: str, client_address: str | None) -> None:
    """As a buyer's request: the same answer whether or not email is an active staff member's."""
    email = _email(email)
    member = await session.scalar(select(StaffMember).where(StaffMember.email == email))
    await login.issue_code(session, settings, email, client_address, PURPOSE,
                           deliver=member is not None and member.status == "ACTIVE", title="console login code")


async def verify_code(db: Database, settings: Settings, email: str, code: str) -> ConsoleLogin:
    """A console session for a live staff code: INVALID_CODE or TOO_MANY_ATTEMPTS as for buyers.
    Its own transaction, so a wrong try is counted although the answer is an error."""
    email = _email(email)
    return await login.counted(db, lambda session: _attempt(session, settings, email, code.strip()))


async def _attempt(session: AsyncSession, settings: Settings, email: str, code: str) -> ConsoleLogin | DomainError:
    right, invalid = await login.claim_code(session, settings, email, code, PURPOSE)
    if not right:
        return invalid
    member = await session.scalar(select(StaffMember).where(StaffMember.email == email))
    if member is None or member.status != "ACTIVE":
        return invalid  # disabled after the code was sent: a failure like any other
    await budget.forget(session, email)
    now = clock.now()
    member.last_login_at = now
    token = new(PREFIX)
    row = StaffSession(token_hash=hash_token(token), staff_member_id=member.id, created_at=now,
                       expires_at=now + SESSION_TTL)
    session.add(row)
    await session.flush()
    return ConsoleLogin(token=token, expires_at=row.expires_at, staff=member)


async def resolve(session: AsyncSession, token: str) -> tuple[StaffSession, StaffMember] | None:
    """The live session of a cookie and its staff member: not revoked, not expired, member ACTIVE."""
    if not token.startswith(PREFIX):
        return None
    row = (
        await session.execute(
            select(StaffSession, StaffMember)
            .join(StaffMember, StaffMember.id == StaffSession.staff_member_id)
            .where(StaffSession.token_hash == hash_token(token))
        )
    ).first()
    if row is None:
        return None
    found, member = row
    if found.revoked_at is not None or found.expires_at <= clock.now() or member.status != "ACTIVE":
        return None
    return found, member


async def logout(session: AsyncSession, session_id: int) -> None:
    await session.execute(
        update(StaffSession)
        .where(StaffSession.id == session_id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )


def csrf_token(settings: Settings, token: str) -> str:
    """The session's CSRF token: an HMAC of its cookie, so a page can carry it and a forger cannot."""
    return hmac.new(settings.secret_key.encode(), f"csrf\n{token}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(settings: Settings, token: str, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(csrf_token(settings, token), sent)
