"""Delivering webhooks: the outbox worker's webhook channel (gateway/outbox/worker.py).

Each delivery is POSTed as it was written (body and headers, signature included) with one shared
httpx.AsyncClient; a 2xx answer delivers it, anything else (another status, a timeout, a refused
connection) is retried with the outbox's backoff. A subscription whose deliveries have failed for
DISABLE_AFTER with no success since is DISABLED, its pending deliveries are DROPPED and the
merchant is emailed.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.db.models import OutboxMessage, WebhookSubscription
from gateway.outbox.worker import BATCH, DeliveryFailed, run_channel
from gateway.platform import clock
from gateway.platform.settings import Settings

log = logging.getLogger("gateway.webhooks")

TIMEOUT = 10.0  # seconds per delivery; the worker's lease is far longer
DISABLE_AFTER = timedelta(hours=48)
USER_AGENT = "gateway-webhooks/1"


@contextlib.asynccontextmanager
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    """The one client every delivery of a worker goes through (connections are pooled)."""
    async with httpx.AsyncClient(
        timeout=TIMEOUT, follow_redirects=False, headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=BATCH),
    ) as client:
        yield client


class WebhookChannel:
    kind = "webhook"
    concurrency = BATCH  # one slow receiver must not hold up the others' deliveries

    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self.settings = settings
        self.http = http

    async def deliver(self, row: OutboxMessage) -> int:
        response = await self.http.post(row.recipient, content=row.body_text.encode(), headers=row.headers)
        if not 200 <= response.status_code < 300:
            raise DeliveryFailed(f"HTTP {response.status_code}", response.status_code)
        return response.status_code

    async def recorded(self, session: AsyncSession, row: OutboxMessage, error: Exception | None) -> None:
        """A success ends the subscription's failing spell; a failure starts one, or past
        DISABLE_AFTER disables the subscription."""
        if row.webhook_subscription_id is None:
            return
        if error is None:  # no lock and no write unless a failing spell ends: successes never queue
            await session.execute(
                update(WebhookSubscription)
                .where(WebhookSubscription.id == row.webhook_subscription_id, WebhookSubscription.failing_since.is_not(None))
                .values(failing_since=None)
            )
            return
        stmt = select(WebhookSubscription).where(WebhookSubscription.id == row.webhook_subscription_id)
        subscription = await session.scalar(stmt.with_for_update())  # one failure recorder at a time per subscription
        if subscription is None:
            return
        now = clock.now()
        if subscription.failing_since is None:
            subscription.failing_since = row.last_attempt_at or now
        if subscription.status == "ACTIVE" and now - subscription.failing_since >= DISABLE_AFTER:
            await _disable(session, self.settings, subscription, row)


async def _disable(
    session: AsyncSession, settings: Settings, subscription: WebhookSubscription, row: OutboxMessage
) -> None:
    now = clock.now()
    subscription.status, subscription.disabled_at = "DISABLED", now
    row.status = "FAILED"
    dropped = (
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.webhook_subscription_id == subscription.id, OutboxMessage.status == "PENDING",
                   OutboxMessage.id != row.id)
            .values(status="DROPPED")
            .returning(OutboxMessage.id)
        )
    ).all()
    log.error("webhook subscription %s (%s %s) disabled after failing since %s; %s pending deliveries dropped",
              subscription.id, subscription.topic, subscription.url, subscription.failing_since, len(dropped))
    await outbox.notify_merchant(session, settings, "webhook_subscription_disabled", {
        "topic": subscription.topic, "url": subscription.url,
        "failing_since": f"{subscription.failing_since:%Y-%m-%d %H:%M} UTC",
        "last_error": row.last_error or "-", "dropped": str(len(dropped)),
    })


async def run_once(db, settings: Settings, http: httpx.AsyncClient | None = None) -> int:  # noqa: ANN001
    """Deliver one batch of due webhooks; the number delivered (tests, and one-off runs)."""
    if http is not None:
        return await run_channel(db, WebhookChannel(settings, http))
    async with http_client() as client:
        return await run_channel(db, WebhookChannel(settings, client))

