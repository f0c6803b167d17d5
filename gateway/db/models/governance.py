"""The buying company's own rules: roles with permissions, approval requests over a buyer's
spending limit, and quotes the merchant prices for a buyer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, Timestamps, pk_column

MONEY = BigInteger  # minor units


class CompanyRole(Timestamps, Base):
    """A role the merchant defines beside the built-in presets: a name and a set of permissions."""

    __tablename__ = "company_roles"
    id: Mapped[int] = pk_column()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    permissions: Mapped[list[str]] = mapped_column(JSON)  # of gateway/customers/permissions.py PERMISSIONS


class ApprovalRequest(Timestamps, Base):
    """A checkout over the buyer's spending limit: the consumed cart waits for an approver of its
    location. Nothing is charged and no credit is used until it is approved."""

    __tablename__ = "approval_requests"
    id: Mapped[int] = pk_column()
    customer_id: Mapped[int] = mapped_column(PK, ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(PK, ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int] = mapped_column(PK, ForeignKey("company_locations.id", ondelete="CASCADE"), index=True)
    cart_id: Mapped[int] = mapped_column(PK, ForeignKey("carts.id", ondelete="CASCADE"), unique=True)
    payment_method_id: Mapped[int | None] = mapped_column(PK, ForeignKey("payment_methods.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))  # PENDING | APPROVED | DECLINED (EXPIRED is read from expires_at)
    subtotal: Mapped[int] = mapped_column(MONEY)  # at checkout; the order is priced again on approval
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str | None] = mapped_column(Text)  # why the limit was exceeded, then why it was declined
    expires_at: Mapped[datetime]
    decided_by_id: Mapped[int | None] = mapped_column(PK, ForeignKey("customers.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    order_id: Mapped[int | None] = mapped_column(PK, ForeignKey("orders.id", ondelete="SET NULL"))
    draft_order_id: Mapped[int | None] = mapped_column(PK, ForeignKey("draft_orders.id", ondelete="SET NULL"))


class Quote(Timestamps, Base):
    """A buyer's request for prices, which the merchant answers (SENT) and the buyer accepts once."""

    __tablename__ = "quotes"
    id: Mapped[int] = pk_column()
    customer_id: Mapped[int] = mapped_column(PK, ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int | None] = mapped_column(PK, ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int | None] = mapped_column(PK, ForeignKey("company_locations.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), index=True)  # REQUESTED | SENT | ACCEPTED | DECLINED
    currency: Mapped[str] = mapped_column(String(3))
    note: Mapped[str | None] = mapped_column(Text)  # the buyer's
    merchant_note: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)  # why the buyer declined
    expires_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    order_id: Mapped[int | None] = mapped_column(PK, ForeignKey("orders.id", ondelete="SET NULL"))


class QuoteLine(Base):
    __tablename__ = "quote_lines"
    id: Mapped[int] = pk_column()
    quote_id: Mapped[int] = mapped_column(PK, ForeignKey("quotes.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int | None] = mapped_column(PK, ForeignKey("product_variants.id", ondelete="SET NULL"))
    sku: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(255))
    quantity: Mapped[int]
    unit_price: Mapped[int | None] = mapped_column(MONEY)  # the merchant's; None until priced


class ShoppingList(Timestamps, Base):
    """A named list of variants shared by the contacts of one location, ordered into a cart at will."""

    __tablename__ = "shopping_lists"
    id: Mapped[int] = pk_column()
    location_id: Mapped[int] = mapped_column(PK, ForeignKey("company_locations.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(PK, ForeignKey("customers.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(255))


class ShoppingListLine(Base):
    __tablename__ = "shopping_list_lines"
    __table_args__ = (UniqueConstraint("list_id", "variant_id"),)
    id: Mapped[int] = pk_column()
    list_id: Mapped[int] = mapped_column(PK, ForeignKey("shopping_lists.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(PK, ForeignKey("product_variants.id", ondelete="CASCADE"))
    quantity: Mapped[int]
