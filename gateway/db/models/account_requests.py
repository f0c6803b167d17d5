"""Account requests: a business asks for an account on the storefront; staff approve or decline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, Timestamps, pk_column


class AccountRequest(Timestamps, Base):
    __tablename__ = "account_requests"
    __table_args__ = (
        Index("ix_account_requests_client_created", "client_address", "created_at"),
        Index("ix_account_requests_status", "status"),
    )
    id: Mapped[int] = pk_column()
    status: Mapped[str] = mapped_column(String(10), default="REQUESTED")  # REQUESTED | APPROVED | DECLINED
    company_name: Mapped[str] = mapped_column(String(255))
    org_number: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(254))  # lower-cased
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(Text)
    client_address: Mapped[str | None] = mapped_column(String(64))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    # Set on approval: the company and customer made, or the existing (ERP) ones it was linked to.
    company_id: Mapped[int | None] = mapped_column(PK, ForeignKey("companies.id", ondelete="SET NULL"))
    customer_id: Mapped[int | None] = mapped_column(PK, ForeignKey("customers.id", ondelete="SET NULL"))
    linked_existing: Mapped[bool] = mapped_column(default=False)
