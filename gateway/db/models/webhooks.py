"""Webhook subscriptions: a topic, a URL and the secret that signs what is sent there.

Deliveries are outbox rows (kind "webhook", gateway/db/models/mail.py) that point back here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import Base, Timestamps, pk_column


class WebhookSubscription(Timestamps, Base):
    __tablename__ = "webhook_subscriptions"
    __table_args__ = (
        UniqueConstraint("topic", "url"),
        Index("ix_webhook_subscriptions_topic_status", "topic", "status"),
    )
    id: Mapped[int] = pk_column()
    topic: Mapped[str] = mapped_column(String(40))
    url: Mapped[str] = mapped_column(String(2048))
    # A signing secret: the server must know it to sign, so it is kept as is, never shown again.
    secret: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="ACTIVE")  # ACTIVE | DISABLED
    failing_since: Mapped[datetime | None]  # first failure with no success since
    disabled_at: Mapped[datetime | None]
