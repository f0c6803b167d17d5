"""Admin API tokens: shown once at creation, stored as a SHA-256 hash, revocable by name."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import StaffToken
from gateway.platform import clock
from gateway.platform.errors import DomainError

PREFIX = "gws_"


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a plain hash is enough (no salt or stretching needed).
    return hashlib.sha256(token.encode()).hexdigest()


async def create(session: AsyncSession, name: str) -> str:
    name = name.strip()
    if not name:
        raise DomainError.of("BLANK", "A token needs a name.")
    if await session.scalar(select(StaffToken.id).where(StaffToken.name == name)):
        raise DomainError.of("TAKEN", f"A token named {name!r} exists already.")
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(StaffToken(name=name, token_hash=hash_token(token)))
    return token


async def list_all(session: AsyncSession) -> list[StaffToken]:
    return list((await session.scalars(select(StaffToken).order_by(StaffToken.name))).all())


async def revoke(session: AsyncSession, name: str) -> None:
    token = await session.scalar(select(StaffToken).where(StaffToken.name == name))
    if token is None or token.revoked_at is not None:
        raise DomainError.of("NOT_FOUND", f"No active token named {name!r}.")
    token.revoked_at = clock.now()


async def authenticate(session: AsyncSession, token: str) -> StaffToken | None:
    if not token.startswith(PREFIX):
        return None
    found = await session.scalar(select(StaffToken).where(StaffToken.token_hash == hash_token(token)))
    if found is None or found.revoked_at is not None:
        return None
    return found
