"""Buyer sessions: 32 random bytes handed out once, stored as a SHA-256 hash."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth.tokens import hash_token, new
from gateway.db.models import Customer, CustomerSession, ShopSettings
from gateway.platform import clock

PREFIX = "gwc_"
SHOP_ID = 1  # the settings row (gateway/shop.py)


def new_token() -> str:
    return new(PREFIX)


async def resolve(session: AsyncSession, token: str) -> CustomerSession | None:
    """The live session for a token: not revoked, not expired, its customer neither disabled nor deleted."""
    return (await resolve_with_shop(session, token))[0]


async def resolve_with_shop(session: AsyncSession, token: str) -> tuple[CustomerSession | None, ShopSettings | None]:
    """resolve(), and the shop's settings read in the same statement (every request reads them:
    one statement less for each logged-in one). (None, None) when the token is not live."""
    if not token.startswith(PREFIX):
        return None, None
    stmt = (
        select(CustomerSession, Customer.status, ShopSettings)
        .join(Customer, Customer.id == CustomerSession.customer_id)
        .join(ShopSettings, ShopSettings.id == SHOP_ID)
        .where(CustomerSession.token_hash == hash_token(token))
    )
    row = (await session.execute(stmt)).first()
    if row is None:
        return None, None
    found, status, shop = row
    if found.revoked_at is not None or found.expires_at <= clock.now() or status in ("DISABLED", "DELETED"):
        return None, None
    return found, shop
