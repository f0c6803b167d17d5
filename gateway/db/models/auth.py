"""Staff tokens (Admin API), login codes and buyer sessions (Storefront API)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, pk_column
from gateway.platform import clock


class StaffToken(Base):
    __tablename__ = "staff_tokens"
    id: Mapped[int] = pk_column()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


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
