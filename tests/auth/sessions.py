"""Buyer sessions made directly in the database, for tests that need a live storefront token."""

from __future__ import annotations

import secrets
from datetime import timedelta

from gateway.auth import sessions
from gateway.customers import customers
from gateway.db.engine import Database
from gateway.db.models import CustomerSession
from gateway.platform import clock


async def live_session(db: Database, email: str) -> str:
    """A storefront access token for the customer with this email (created if new)."""
    token = sessions.PREFIX + secrets.token_urlsafe(32)
    async with db.transaction() as session:
        customer = await customers.find_or_create(session, email)
        session.add(
            CustomerSession(
                token_hash=sessions.hash_token(token), customer_id=customer.id,
                expires_at=clock.now() + timedelta(days=30),
            )
        )
    return token
