"""Webhook subscriptions, as the merchant manages them through the Admin API."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import WebhookSubscription
from gateway.outbox.webhooks import TOPICS
from gateway.platform import ids, validation
from gateway.platform.errors import Problems

STATUSES = ("ACTIVE", "DISABLED")
DELIVERY_STATUSES = ("PENDING", "SENT", "FAILED", "DROPPED")  # of its outbox rows
MAX_URL = 2048
SECRET_PREFIX = "whsec_"


def check_url(problems: Problems, value: str | None) -> str | None:
    """An absolute http(s) URL with a host, no credentials and no whitespace, at most MAX_URL long."""
    url = validation.text(problems, value, ("url",), required=True, max_length=MAX_URL)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(
        c.isspace() for c in url
    ):
        problems.add("INVALID", "The URL must be an absolute http:// or https:// address.", "url")
        return None
    if parts.username or parts.password:
        problems.add("INVALID", "The URL must not carry a user name or password.", "url")
        return None
    return url


async def create(session: AsyncSession, topic: str, url: str | None) -> tuple[WebhookSubscription, str]:
    """A new ACTIVE subscription and its signing secret (the only time the secret is handed out)."""
    problems = Problems()
    validation.one_of(problems, topic, TOPICS, ("topic",))
    url = check_url(problems, url)
    if url and await session.scalar(
        select(WebhookSubscription.id).where(WebhookSubscription.topic == topic, WebhookSubscription.url == url)
    ):
        problems.add("TAKEN", "This URL already subscribes to this topic.", "url")
    problems.raise_if_any()
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    row = WebhookSubscription(topic=topic, url=url, secret=secret, status="ACTIVE")
    session.add(row)
    await validation.flush_unique(session, {"uq_webhook_subscriptions_topic": ("url",)})
    return row, secret


async def delete(session: AsyncSession, gid: str) -> int:
    """Delete the subscription; its deliveries (sent or pending) go with it."""
    row = await ids.fetch(session, WebhookSubscription, gid, "Webhook subscription", "id")
    await session.delete(row)
    await session.flush()
    return row.id


def listed(topic: str | None = None) -> Select:
    """The subscriptions (the Admin API's list, by id), optionally of one topic."""
    stmt = select(WebhookSubscription)
    return stmt if topic is None else stmt.where(WebhookSubscription.topic == topic)
