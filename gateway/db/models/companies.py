"""Companies and their locations (where buying happens, on the location's terms)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, Timestamps, pk_column


class Company(Timestamps, Base):
    __tablename__ = "companies"
    id: Mapped[int] = pk_column()
    name: Mapped[str] = mapped_column(String(255), index=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    customer_number: Mapped[str | None] = mapped_column(String(64), unique=True)
    org_number: Mapped[str | None] = mapped_column(String(64), index=True)
    website: Mapped[str | None] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)
    currency_code: Mapped[str] = mapped_column(String(3))
    credit_limit: Mapped[int | None] = mapped_column(BigInteger)  # minor units of currency_code; None: no limit
    max_payment_days: Mapped[int | None]
    risk_rating: Mapped[str | None] = mapped_column(String(10))  # LOW | MEDIUM | HIGH
    main_contact_id: Mapped[int | None] = mapped_column(
        PK, ForeignKey("company_contacts.id", ondelete="SET NULL", use_alter=True)
    )


class CompanyLocation(Timestamps, Base):
    __tablename__ = "company_locations"
    id: Mapped[int] = pk_column()
    company_id: Mapped[int] = mapped_column(PK, ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    billing_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    shipping_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    payment_terms_template_id: Mapped[int | None] = mapped_column(
        PK, ForeignKey("payment_terms_templates.id")
    )
    payment_terms_due_at: Mapped[datetime | None]  # the date for FIXED terms
    checkout_to_draft: Mapped[bool] = mapped_column(default=False)
    deposit_percentage: Mapped[int | None]  # 1..99, with terms
    # Charge the buyer's default payment method when a payment schedule falls due (the worker).
    auto_charge: Mapped[bool] = mapped_column(default=False, server_default=false())
    editable_shipping_address: Mapped[bool] = mapped_column(default=False)
    tax_exempt: Mapped[bool] = mapped_column(default=False)


class IssuedCustomerNumber(Base):
    """Every customer number ever given to a company or a person (by the series, by hand, by import or on
    approval of an account request), so none is given twice: the number stays when its company is
    deleted (company_id becomes NULL) or renumbered."""

    __tablename__ = "customer_numbers"
    id: Mapped[int] = pk_column()
    number: Mapped[str] = mapped_column(String(64), unique=True)
    company_id: Mapped[int | None] = mapped_column(PK, ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    # Or to a person (a customer); SET NULL when it is deleted, and the number stays issued.
    customer_id: Mapped[int | None] = mapped_column(PK, ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    issued_at: Mapped[datetime]
