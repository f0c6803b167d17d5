"""Admin API tokens (`gateway staff-token`): shown once at creation, stored as a SHA-256 hash,
revocable by name; each with a staff role (MANAGER unless asked)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.policy import MANAGER, STAFF_ROLES
from gateway.auth.tokens import NamedTokens
from gateway.db.models import StaffToken
from gateway.platform.errors import DomainError


class StaffTokens(NamedTokens):
    """Staff tokens carry a role (gateway/auth/policy.py): VIEWER for a read-only integration."""

    async def create(self, session: AsyncSession, name: str, role: str = MANAGER) -> str:  # type: ignore[override]
        if role not in STAFF_ROLES:
            raise DomainError.of("INCLUSION", f"The role must be one of {', '.join(STAFF_ROLES)}.", "role")
        return await super().create(session, name, role=role)


tokens = StaffTokens(StaffToken, "gws_")
create, list_all, revoke, authenticate = tokens.create, tokens.list_all, tokens.revoke, tokens.authenticate
