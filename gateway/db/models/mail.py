"""The outbox: emails and webhooks written in the transaction that causes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, pk_column
from gateway.platform import clock


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)
    id: Mapped[int] = pk_column()
    kind: Mapped[str] = mapped_column(String(10), default="email")  # email | webhook
    recipient: Mapped[str] = mapped_column(String(2048))  # address or URL
    subject: Mapped[str] = mapped_column(String(255), default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="PENDING")  # PENDING|SENT|FAILED|DROPPED
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    next_attempt_at: Mapped[datetime] = mapped_column(default=clock.now)
    give_up_at: Mapped[datetime | None]  # retry until then
    drop_after: Mapped[datetime | None]  # not worth sending after (an expired login code)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None]
    # webhooks: the subscription delivered to (its deliveries go with it) and the receiver's answer
    webhook_subscription_id: Mapped[int | None] = mapped_column(
        PK, ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), index=True
    )
    response_code: Mapped[int | None]
