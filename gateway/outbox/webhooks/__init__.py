"""Webhooks: a change is written to the outbox, once per ACTIVE subscription of its topic, in the
transaction that makes the change; the outbox worker POSTs it later (gateway/outbox/webhooks/delivery.py).

    await webhooks.emit(session, "ORDERS_CREATE", payload)

payload is the object as JSON (gateway/outbox/webhooks/payloads.py), or an async function making it, so
nothing is built when no one subscribes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import OutboxMessage, WebhookSubscription
from gateway.platform import clock

TOPICS = (
    "ORDERS_CREATE", "ORDERS_PAID", "DRAFT_ORDERS_CREATE", "DRAFT_ORDERS_UPDATE", "COMPANIES_CREATE",
    "COMPANIES_UPDATE", "CUSTOMERS_CREATE", "RETURNS_REQUEST", "ACCOUNT_REQUESTS_CREATE",
    # buyer governance: a checkout over a spending limit, its decision; a quote asked for, sent, accepted, declined
    "APPROVAL_REQUESTS_CREATE", "APPROVAL_REQUESTS_UPDATE", "QUOTES_CREATE", "QUOTES_UPDATE",
)
# Retried with the outbox's backoff until then; a subscription failing for DISABLE_AFTER is
# disabled first (gateway/outbox/webhooks/delivery.py), so only a delivery that fails alone gives up here.
RETRY_FOR = timedelta(hours=72)
_CACHE = "webhooks.active"
CHUNK = 500  # deliveries per INSERT

Payload = dict[str, Any] | Callable[[], Awaitable[dict[str, Any]]]


def signature(secret: str, body: bytes) -> str:
    """base64 HMAC-SHA256 of the raw body with the subscription's secret (Shopify's scheme)."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


async def _active(session: AsyncSession, topic: str) -> list[tuple[int, str, str]]:
    """(id, url, secret) of the topic's ACTIVE subscriptions; all topics are read once per
    transaction, so a mutation (or an import) that emits many events reads them once."""
    cached = session.info.get(_CACHE)
    if cached is not None and cached[0] is session.sync_session.get_transaction():
        return cached[1].get(topic, [])
    rows = await session.execute(
        select(WebhookSubscription.id, WebhookSubscription.topic, WebhookSubscription.url, WebhookSubscription.secret)
        .where(WebhookSubscription.status == "ACTIVE").order_by(WebhookSubscription.id)
    )
    cache: dict[str, list[tuple[int, str, str]]] = {}
    for pk, row_topic, url, secret in rows:
        cache.setdefault(row_topic, []).append((pk, url, secret))
    session.info[_CACHE] = (session.sync_session.get_transaction(), cache)
    return cache.get(topic, [])


def any_active() -> ColumnElement[bool]:
    """Whether any subscription is ACTIVE, as a column: a transaction that emits reads it with a
    statement it makes anyway and tells note_active(); when none is, its emits read nothing."""
    return exists().where(WebhookSubscription.status == "ACTIVE")


def note_active(session: AsyncSession, any_active: bool) -> None:
    if not any_active:
        session.info[_CACHE] = (session.sync_session.get_transaction(), {})


async def emit(session: AsyncSession, topic: str, payload: Payload) -> None:
    """Queue one delivery of payload per ACTIVE subscription of topic, each with its own delivery id,
    committed or rolled back with the caller's change."""
    if topic not in TOPICS:
        raise ValueError(f"unknown webhook topic {topic!r}")
    subscriptions = await _active(session, topic)
    if not subscriptions:
        return
    data = payload if isinstance(payload, dict) else await payload()
    for row in _deliveries(topic, subscriptions, [data]):
        session.add(OutboxMessage(**row))
    await session.flush()


async def emit_many(session: AsyncSession, topic: str, payloads: Callable[[], Awaitable[list[dict[str, Any]]]]) -> None:
    """emit() for many objects at once (an import): payloads() makes them only when someone
    subscribes, and the deliveries are written with bulk INSERTs of CHUNK rows."""
    if topic not in TOPICS:
        raise ValueError(f"unknown webhook topic {topic!r}")
    subscriptions = await _active(session, topic)
    if not subscriptions:
        return
    rows = _deliveries(topic, subscriptions, await payloads())
    await session.flush()
    for i in range(0, len(rows), CHUNK):
        await session.execute(insert(OutboxMessage), rows[i:i + CHUNK])


def _deliveries(
    topic: str, subscriptions: list[tuple[int, str, str]], objects: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The outbox rows of one delivery of each object to each subscription."""
    now = clock.now()
    rows = []
    for data in objects:
        body = json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)
        raw = body.encode()
        for pk, url, secret in subscriptions:
            delivery_id = str(uuid.uuid4())
            headers = {
                "Content-Type": "application/json",
                "X-Webhook-Topic": topic,
                "X-Webhook-Hmac-SHA256": signature(secret, raw),
                "X-Webhook-Id": delivery_id,
                "X-Webhook-Triggered-At": now.isoformat(),
            }
            rows.append({
                "kind": "webhook", "recipient": url, "subject": topic, "body_text": body, "headers": headers,
                "message_id": delivery_id, "created_at": now, "next_attempt_at": now,
                "give_up_at": now + RETRY_FOR, "webhook_subscription_id": pk,
            })
    return rows
