"""What an order adds to its lines: tax rates per destination country and delivery methods."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import Base, Timestamps, pk_column


class TaxRate(Timestamps, Base):
    """The rate of one destination country (gateway/orders/taxes.py)."""

    __tablename__ = "tax_rates"
    __table_args__ = (CheckConstraint("rate_bp >= 0 AND rate_bp <= 10000", name="rate_bp"),)
    id: Mapped[int] = pk_column()
    country_code: Mapped[str] = mapped_column(String(2), unique=True)
    rate_bp: Mapped[int]  # basis points: 2500 = 25.0 %
    title: Mapped[str] = mapped_column(String(100), default="VAT")


class DeliveryMethod(Timestamps, Base):
    """A way to ship at a price (shop currency), to some countries, free from a subtotal on."""

    __tablename__ = "delivery_methods"
    __table_args__ = (CheckConstraint("price >= 0", name="price_not_negative"),)
    id: Mapped[int] = pk_column()
    title: Mapped[str] = mapped_column(String(255))
    price: Mapped[int] = mapped_column(BigInteger)
    country_codes: Mapped[list[Any]] = mapped_column(JSON)  # ISO 3166-1 alpha-2; empty: every country
    free_above: Mapped[int | None] = mapped_column(BigInteger)  # a subtotal from which it costs nothing
