"""Buyer sessions: 32 random bytes handed out once, stored as a SHA-256 hash."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import viewer
from gateway.auth.tokens import hash_token, new
from gateway.db.models import CompanyContact, CompanyRole, Customer, CustomerSession, RoleAssignment, ShopSettings
from gateway.platform import clock

PREFIX = "gwc_"
SHOP_ID = 1  # the settings row (gateway/shop.py)


def new_token() -> str:
    return new(PREFIX)


async def resolve(session: AsyncSession, token: str) -> CustomerSession | None:
    """The live session for a token: not revoked, not expired, its customer neither disabled nor deleted."""
    return (await resolve_request(session, token)).session


@dataclass(frozen=True)
class Resolved:
    session: CustomerSession | None
    shop: ShopSettings | None = None
    roles: dict[int, viewer.Grant] = field(default_factory=dict)  # as gateway/auth/viewer.py:location_roles


NOT_LIVE = Resolved(None)


async def resolve_request(session: AsyncSession, token: str) -> Resolved:
    """resolve(), and in the same statement what every request of the customer reads next: the shop's
    settings and the customer's location roles (a row per role). NOT_LIVE when the token is not live."""
    if not token.startswith(PREFIX):
        return NOT_LIVE
    stmt = (
        select(CustomerSession, Customer.status, ShopSettings, RoleAssignment.location_id, *viewer.GRANT_COLUMNS)
        .join(Customer, Customer.id == CustomerSession.customer_id)
        .join(ShopSettings, ShopSettings.id == SHOP_ID)
        .outerjoin(CompanyContact, CompanyContact.customer_id == Customer.id)
        .outerjoin(RoleAssignment, RoleAssignment.contact_id == CompanyContact.id)
        .outerjoin(CompanyRole, CompanyRole.id == RoleAssignment.company_role_id)
        .where(CustomerSession.token_hash == hash_token(token))
    )
    rows = (await session.execute(stmt)).all()
    if not rows:
        return NOT_LIVE
    found, status, shop = rows[0][:3]
    if found.revoked_at is not None or found.expires_at <= clock.now() or status in ("DISABLED", "DELETED"):
        return NOT_LIVE
    return Resolved(found, shop, {
        row[3]: viewer.grant_of(*row[4:]) for row in rows if row[3] is not None
    })
