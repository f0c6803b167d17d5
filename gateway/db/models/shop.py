"""Shop-wide settings and the payment terms templates."""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, Timestamps, pk_column

# What a fresh shop gives new companies: 10,000.00 in a two-decimal currency (migration 0008).
DEFAULT_CREDIT_LIMIT = 1_000_000
DEFAULT_APPROVAL_EXPIRY_DAYS = 14


class ShopSettings(Timestamps, Base):
    """One row (id 1): the shop's name, currency, access mode, customer number series and the credit
    limit new companies get."""

    __tablename__ = "shop_settings"
    id: Mapped[int] = pk_column()
    name: Mapped[str] = mapped_column(String(255), default="Gateway Shop")
    currency_code: Mapped[str] = mapped_column(String(3), default="EUR")
    access_mode: Mapped[str] = mapped_column(String(20), default="OPEN")  # OPEN | LOGIN_FOR_PRICES | B2B_ONLY
    customer_number_prefix: Mapped[str] = mapped_column(String(20), default="K-")
    customer_number_next: Mapped[int] = mapped_column(default=10000)
    block_checkout_when_overdue: Mapped[bool] = mapped_column(default=False)
    # Minor units of currency_code; None: new companies may owe any amount (a choice the merchant makes).
    default_credit_limit: Mapped[int | None] = mapped_column(BigInteger, default=DEFAULT_CREDIT_LIMIT)
    # Bumped in the transaction of every write that can change a Storefront catalog answer
    # (gateway/catalog/version.py); the response cache keys on it, so every instance sees a change.
    catalog_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # Email the buyer this many days before a payment schedule is due, and once when it is overdue;
    # None: no reminders.
    payment_reminder_days: Mapped[int | None]
    # OPEN: a first code login makes a customer; CLOSED: only the merchant (or an approved request) does.
    registration: Mapped[str] = mapped_column(String(10), default="OPEN", server_default="OPEN")
    # The group self-registered customers join (None: none).
    default_customer_group_id: Mapped[int | None] = mapped_column(
        PK, ForeignKey("customer_groups.id", ondelete="SET NULL")
    )
    # People get numbers from the series too (companies always do).
    assign_customer_numbers: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Days an approval request waits for a buyer's approver before it expires (migration 0015).
    approval_expiry_days: Mapped[int] = mapped_column(default=DEFAULT_APPROVAL_EXPIRY_DAYS)


class PaymentTermsTemplate(Base):
    """Due on receipt, Net n days, or a fixed date; seeded by the first migration."""

    __tablename__ = "payment_terms_templates"
    __table_args__ = (CheckConstraint("terms_type in ('RECEIPT','NET','FIXED')", name="terms_type"),)
    id: Mapped[int] = pk_column()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    terms_type: Mapped[str] = mapped_column(String(10))
    due_in_days: Mapped[int | None]
