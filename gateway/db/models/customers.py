"""Customers (people who log in), company contacts and their role assignments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, func
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
