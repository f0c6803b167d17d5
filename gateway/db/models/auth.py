"""Operator tokens (staff: Admin API; private storefront: server-side storefronts), login codes,
login budgets and buyer sessions (Storefront API)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, pk_column
from gateway.platform import clock


class NamedToken:
    """A token the operator makes with the CLI: named, shown once, stored as a hash, revocable."""

    id: Mapped[int] = pk_column()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    revoked_at: Mapped[datetime | None]


class StaffToken(NamedToken, Base):
    __tablename__ = "staff_tokens"
    last_used_at: Mapped[datetime | None]  # in the first schema; never written
    # What the token may do (gateway/auth/policy.py); tokens made before roles existed are MANAGER.
    role: Mapped[str] = mapped_column(String(16), default="MANAGER", server_default="MANAGER")


class StorefrontToken(NamedToken, Base):
    """A server-side storefront's private token: it may vouch for the buyer's address (X-Buyer-IP)."""

    __tablename__ = "storefront_tokens"


class LoginCode(Base):
    """One six-digit code sent to an email; the code itself is stored only as an HMAC."""

    __tablename__ = "login_codes"
    __table_args__ = (
        Index("ix_login_codes_email_created", "email", "created_at"),
        Index("ix_login_codes_client_created", "client_address", "created_at"),
    )
    id: Mapped[int] = pk_column()
    email: Mapped[str] = mapped_column(String(254))  # lower-cased
    code_hash: Mapped[str] = mapped_column(String(64))
    client_address: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    expires_at: Mapped[datetime]
    failed_attempts: Mapped[int] = mapped_column(default=0)
    consumed_at: Mapped[datetime | None]  # used, replaced or killed
    # Whose login it opens: a buyer's (Storefront API) or a staff member's (the console); a new
    # code replaces only the older ones of its purpose.
    purpose: Mapped[str] = mapped_column(String(16), default="buyer", server_default="buyer")


class LoginBudget(Base):
    """Failed verifyLoginCode tries per email string (known or not), across codes: 10 in a row lock
    the email until locked_until, 15 minutes doubling per lockout up to 24 hours; success resets it."""

    __tablename__ = "login_budgets"
    email: Mapped[str] = mapped_column(String(254), primary_key=True)  # normalised as login codes'
    consecutive_failures: Mapped[int] = mapped_column(default=0)  # since the last success or lockout
    lockouts: Mapped[int] = mapped_column(default=0)  # since the last success
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)  # the last counted try


class CustomerSession(Base):
    __tablename__ = "customer_sessions"
    id: Mapped[int] = pk_column()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(PK, ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    selected_location_id: Mapped[int | None] = mapped_column(
        PK, ForeignKey("company_locations.id", ondelete="SET NULL")
    )


class StaffMember(Base):
    """A merchant's staff account for the console (gateway staff create EMAIL --role ...): logs in
    with an emailed code like a buyer; role OWNER | MANAGER | VIEWER (gateway/auth/policy.py)."""

    __tablename__ = "staff_members"
    id: Mapped[int] = pk_column()
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower-cased
    role: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="ACTIVE")  # ACTIVE | DISABLED
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_login_at: Mapped[datetime | None]


class StaffSession(Base):
    """A console session: the cookie's token, stored hashed; ends at logout, expiry or when the
    staff member is disabled."""

    __tablename__ = "staff_sessions"
    id: Mapped[int] = pk_column()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_member_id: Mapped[int] = mapped_column(PK, ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
