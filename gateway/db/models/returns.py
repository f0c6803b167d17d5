"""After the sale: fulfillments (what the merchant shipped, with carrier and tracking number) and
returns the buyer asks for (lines, reasons, and the merchant's decision)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, Timestamps, pk_column
from gateway.platform import clock


class Fulfillment(Base):
    """One shipment of some or all of an order's lines; never changed once made."""

    __tablename__ = "fulfillments"
    id: Mapped[int] = pk_column()
    order_id: Mapped[int] = mapped_column(PK, ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class FulfillmentLine(Base):
    __tablename__ = "fulfillment_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity"),)
    id: Mapped[int] = pk_column()
    fulfillment_id: Mapped[int] = mapped_column(PK, ForeignKey("fulfillments.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int] = mapped_column(PK, ForeignKey("order_lines.id", ondelete="CASCADE"))
    quantity: Mapped[int]


class Return(Timestamps, Base):
    """A buyer's request to send lines back: REQUESTED, then APPROVED (and CLOSED once done) or DECLINED.
    Each decision keeps its own time, so the order's timeline can be read from the row."""

    __tablename__ = "returns"
    __table_args__ = (
        CheckConstraint("status in ('REQUESTED','APPROVED','DECLINED','CLOSED')", name="status"),
    )
    id: Mapped[int] = pk_column()
    name: Mapped[str] = mapped_column(String(30), unique=True)  # "#1001-R1"
    order_id: Mapped[int] = mapped_column(PK, ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int | None] = mapped_column(PK, ForeignKey("customers.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="REQUESTED", index=True)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    approved_at: Mapped[datetime | None]
    declined_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class ReturnLine(Base):
    __tablename__ = "return_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity"),)
    id: Mapped[int] = pk_column()
    return_id: Mapped[int] = mapped_column(PK, ForeignKey("returns.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int] = mapped_column(PK, ForeignKey("order_lines.id", ondelete="CASCADE"))
    quantity: Mapped[int]
    reason: Mapped[str] = mapped_column(String(30))  # schema ReturnReason
    note: Mapped[str | None] = mapped_column(Text)
