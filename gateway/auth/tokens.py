"""Secret tokens: 32 random bytes behind a prefix, handed out once and stored as a SHA-256 hash.

NamedTokens are the operator's tokens, made, listed and revoked by name with the CLI: staff tokens
(Admin API, gateway/auth/staff_tokens.py) and private storefront tokens (gateway/auth/storefront_tokens.py).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models.auth import NamedToken
from gateway.platform import clock
from gateway.platform.errors import DomainError


def new(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a plain hash is enough (no salt or stretching needed).
    return hashlib.sha256(token.encode()).hexdigest()


class NamedTokens:
    """create / list_all / revoke / authenticate for one kind of named token (one table)."""

    def __init__(self, model: type[NamedToken], prefix: str) -> None:
        self.model, self.prefix = model, prefix

    async def create(self, session: AsyncSession, name: str, **columns: str) -> str:
        """A new token (only its hash is kept: the caller shows it once); columns: the kind's own (a role)."""
        name = name.strip()
        if not name:
            raise DomainError.of("BLANK", "A token needs a name.")
        if await session.scalar(select(self.model.id).where(self.model.name == name)):
            raise DomainError.of("TAKEN", f"A token named {name!r} exists already.")
        token = new(self.prefix)
        session.add(self.model(name=name, token_hash=hash_token(token), **columns))
        return token

    async def list_all(self, session: AsyncSession) -> list[NamedToken]:
        return list((await session.scalars(select(self.model).order_by(self.model.name))).all())

    async def revoke(self, session: AsyncSession, name: str) -> None:
        token = await session.scalar(select(self.model).where(self.model.name == name))
        if token is None or token.revoked_at is not None:
            raise DomainError.of("NOT_FOUND", f"No active token named {name!r}.")
        token.revoked_at = clock.now()

    async def authenticate(self, session: AsyncSession, token: str) -> NamedToken | None:
        """The live (not revoked) token row, or None."""
        if not token.startswith(self.prefix):
            return None
        found = await session.scalar(select(self.model).where(self.model.token_hash == hash_token(token)))
        if found is None or found.revoked_at is not None:
            return None
        return found
