"""Admin API tokens (`gateway staff-token`): shown once at creation, stored as a SHA-256 hash,
revocable by name."""

from __future__ import annotations

from gateway.auth.tokens import NamedTokens
from gateway.db.models import StaffToken

tokens = NamedTokens(StaffToken, "gws_")
create, list_all, revoke, authenticate = tokens.create, tokens.list_all, tokens.revoke, tokens.authenticate
