"""Buyer sessions: 32 random bytes handed out once, stored as a SHA-256 hash."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.tokens import hash_token, new
from gateway.db.models import Customer, CustomerSession
from gateway.platform import clock

PREFIX = "gwc_"


def new_token() -> str:
    return new(PREFIX)


async def resolve(session: AsyncSession, token: str) -> CustomerSession | None:
    """The live session for a token: not revoked, not expired, its customer neither disabled nor deleted."""
    if not token.startswith(PREFIX):
        return None
    row = (
        await session.execute(
            select(CustomerSession, Customer.status)
            .join(Customer, Customer.id == CustomerSession.customer_id)
            .where(CustomerSession.token_hash == hash_token(token))
        )
    ).first()
    if row is None:
        return None
    found, status = row
    if found.revoked_at is not None or found.expires_at <= clock.now() or status in ("DISABLED", "DELETED"):
        return None
    return found
