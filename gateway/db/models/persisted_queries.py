"""Automatic persisted queries: a document registered under its SHA-256, so clients (and CDNs,
over GET) name it by hash. Immutable: a hash always means the same text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import Base
from gateway.platform import clock


class PersistedQuery(Base):
    __tablename__ = "persisted_queries"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)  # lowercase hex
    query: Mapped[str] = mapped_column(Text)  # at most MAX_DOCUMENT_CHARS (schema/build.py)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
