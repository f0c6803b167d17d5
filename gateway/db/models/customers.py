"""Customers (people who log in), company contacts and their role assignments."""

from __future__ import annotations

from datetime import datetime

from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, Timestamps, pk_column


class Customer(Timestamps, Base):
    __tablename__ = "customers"
    id: Mapped[int] = pk_column()
    email: Mapped[str] = mapped_column(String(254))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    # None: never invited nor logged in; INVITED; ACTIVE; DISABLED
    status: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    invited_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # From the shop's series or typed by hand; recorded in customer_numbers like a company's, never reused.
    # A unique index, not a constraint: SQLite adds an index in place, a constraint only by copying the table.
    customer_number: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    # SUBSCRIBED | UNSUBSCRIBED | NOT_SUBSCRIBED, and when it last changed (None: never set)
    email_marketing_consent: Mapped[str] = mapped_column(
        String(20), default="NOT_SUBSCRIBED", server_default="NOT_SUBSCRIBED"
    )
    email_marketing_consent_updated_at: Mapped[datetime | None]
    accepts_partner_offers: Mapped[bool] = mapped_column(default=False, server_default=false())


# Emails are unique whatever their case; the database enforces it, not only the code.
Index("uq_customers_email_lower", func.lower(Customer.email), unique=True)


class CompanyContact(Timestamps, Base):
    """A customer acting for a company. One customer may be a contact of several companies."""

    __tablename__ = "company_contacts"
    __table_args__ = (UniqueConstraint("company_id", "customer_id"),)
    id: Mapped[int] = pk_column()
    company_id: Mapped[int] = mapped_column(PK, ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(PK, ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(100))


class RoleAssignment(Timestamps, Base):
    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("contact_id", "location_id"),)
    id: Mapped[int] = pk_column()
    contact_id: Mapped[int] = mapped_column(PK, ForeignKey("company_contacts.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(
        PK, ForeignKey("company_locations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))  # LOCATION_ADMIN | ORDERING_ONLY | CUSTOM (company_role_id)
    company_role_id: Mapped[int | None] = mapped_column(PK, ForeignKey("company_roles.id"), index=True)
    # Minor units of the company's currency; None: no limit. Over it, checkout asks for approval.
    spending_limit: Mapped[int | None] = mapped_column(BigInteger)
    monthly_spending_limit: Mapped[int | None] = mapped_column(BigInteger)


class CustomerGroup(Timestamps, Base):
    """A set of customers that catalogs can serve (their assortment and price list), like a location."""

    __tablename__ = "customer_groups"
    id: Mapped[int] = pk_column()
    name: Mapped[str] = mapped_column(String(255), unique=True)  # the code compares names case-insensitively
    description: Mapped[str | None] = mapped_column(Text)

customer_group_members = Table(
    "customer_group_members",
    Base.metadata,
    Column("group_id", PK, ForeignKey("customer_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("customer_id", PK, ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CustomerAddress(Timestamps, Base):
    """An address in a customer's address book; at most one is its default."""

    __tablename__ = "customer_addresses"
    id: Mapped[int] = pk_column()
    customer_id: Mapped[int] = mapped_column(PK, ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    address: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_default: Mapped[bool] = mapped_column(default=False, server_default=false())
