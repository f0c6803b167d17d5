"""Carts, bound to a customer (or anonymous) and the location it buys for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, Timestamps, pk_column


class Cart(Timestamps, Base):
    __tablename__ = "carts"
    id: Mapped[int] = pk_column()
    token: Mapped[str] = mapped_column(String(64), unique=True)  # the unguessable part of the id
    customer_id: Mapped[int | None] = mapped_column(
        PK, ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int | None] = mapped_column(PK, ForeignKey("company_locations.id", ondelete="SET NULL"))
    email: Mapped[str | None] = mapped_column(String(254))  # a guest's (anonymous cart)
    po_number: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    shipping_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    billing_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    completed_at: Mapped[datetime | None]


class CartLine(Timestamps, Base):
    __tablename__ = "cart_lines"
    __table_args__ = (
        UniqueConstraint("cart_id", "variant_id"),
        CheckConstraint("quantity >= 1", name="quantity_positive"),
    )
    id: Mapped[int] = pk_column()
    cart_id: Mapped[int] = mapped_column(PK, ForeignKey("carts.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(PK, ForeignKey("product_variants.id", ondelete="CASCADE"))
    quantity: Mapped[int]
