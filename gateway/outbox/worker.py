"""The outbox sender: claims due rows of a kind, delivers them, and retries failures with backoff
(gateway/worker.py runs it for both channels).

Emails and webhooks are two channels over the same machinery: a channel delivers one row (an
email to the SMTP server, a webhook POST to its URL) and may act in the transaction that records
the outcome (webhooks track their subscription's failures there).

A claim is a short transaction that leases each row (next_attempt_at moves past the send), so no
transaction or lock is held while the mail server or receiver answers; on PostgreSQL `FOR UPDATE
SKIP LOCKED` lets several senders claim side by side without ever taking the same row. A sender
that dies mid-send leaves the row to be claimed again when its lease ends: at least once, never lost.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.db.engine import Database
from gateway.db.models import OutboxMessage
from gateway.outbox.mail import senders
from gateway.platform import clock
from gateway.platform.settings import Settings

log = logging.getLogger("gateway.mail")

BATCH = 20
POLL_SECONDS = 1.0
LEASE = timedelta(minutes=5)  # longer than any SMTP or webhook timeout
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)


class DeliveryFailed(Exception):
    """The other side answered, but not with success (a webhook receiver's non-2xx status)."""

    def __init__(self, message: str, response_code: int | None = None) -> None:
        super().__init__(message)
        self.response_code = response_code


class Channel(Protocol):
    kind: str  # the outbox rows it delivers
    concurrency: int  # rows of a batch delivered at once

    async def deliver(self, row: OutboxMessage) -> int | None:
        """Deliver the row or raise; answers the response code, if the channel has one."""

    async def recorded(self, session: AsyncSession, row: OutboxMessage, error: Exception | None) -> None:
        """Runs in the transaction that records the attempt's outcome."""


def backoff(attempts: int) -> timedelta:
    """30 s after the first failure, doubling, at most an hour apart."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY)


async def _claim(db: Database, kind: str) -> list[OutboxMessage]:
    """Lease up to BATCH due rows of kind; rows past their drop_after are DROPPED (their secrets
    erased) instead."""
    now = clock.now()
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.kind == kind, OutboxMessage.status == "PENDING", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(BATCH)
    )
    if not db.is_sqlite:  # SQLite serialises writers at BEGIN IMMEDIATE instead
        stmt = stmt.with_for_update(skip_locked=True)
    async with db.transaction() as session:
        rows = (await session.scalars(stmt)).all()
        for row in rows:
            if row.drop_after is not None and row.drop_after <= now:
                row.status = "DROPPED"
                outbox.erase_secrets(row)
            else:
                row.attempts += 1
                row.next_attempt_at = now + LEASE
                row.last_attempt_at = now
    return [row for row in rows if row.status == "PENDING"]


async def _record(
    db: Database, channel: Channel, claimed: OutboxMessage, error: Exception | None, response_code: int | None = None
) -> None:
    async with db.transaction() as session:
        row = await session.get(OutboxMessage, claimed.id)
        if row is None or row.message_id != claimed.message_id:
            # Deleted while it was being sent (its webhook subscription or its customer was);
            # SQLite may have given the id to a new row since.
            return
        # The row's UPDATE waits for the commit, after any lock the channel takes (webhooks lock
        # their subscription first), so recorders of one subscription never deadlock on its rows.
        with session.no_autoflush:
            now = clock.now()
            row.response_code = response_code if error is None else getattr(error, "response_code", None)
            if error is None:
                row.status, row.sent_at, row.last_error = "SENT", now, None
                outbox.erase_secrets(row)
            else:
                row.last_error = f"{type(error).__name__}: {error}"[:2000]
                retry_at = now + backoff(row.attempts)
                if row.give_up_at is not None and retry_at > row.give_up_at:
                    row.status = "FAILED"
                    outbox.erase_secrets(row)
                    log.error("%s %s to %s failed for good: %s", row.kind, row.message_id, row.recipient,
                              row.last_error)
                else:
                    row.next_attempt_at = retry_at
                    log.warning("%s %s to %s failed (attempt %s): %s", row.kind, row.message_id, row.recipient,
                                row.attempts, row.last_error)
            await channel.recorded(session, row, error)


async def _attempt(db: Database, channel: Channel, row: OutboxMessage) -> bool:
    try:
        code = await channel.deliver(row)
    except Exception as exc:  # noqa: BLE001 - any failure is retried, then reported
        await _record(db, channel, row, exc)
        return False
    await _record(db, channel, row, None, code)
    return True


async def run_channel(db: Database, channel: Channel) -> int:
    """Deliver one batch of the channel's due rows; the number delivered."""
    rows = await _claim(db, channel.kind)
    if channel.concurrency <= 1:
        return sum([await _attempt(db, channel, row) for row in rows])
    limit = asyncio.Semaphore(channel.concurrency)

    async def attempt(row: OutboxMessage) -> bool:
        async with limit:
            return await _attempt(db, channel, row)

    return sum(await asyncio.gather(*(attempt(row) for row in rows)))


class EmailChannel:
    kind = "email"
    concurrency = 1  # one SMTP conversation at a time

    def __init__(self, settings: Settings, sender: senders.Sender | None = None) -> None:
        self.settings = settings
        self.sender = sender or senders.for_settings(settings)

    async def deliver(self, row: OutboxMessage) -> None:
        await self.sender.send(senders.build_message(row, self.settings))

    async def recorded(self, session: AsyncSession, row: OutboxMessage, error: Exception | None) -> None:
        return None


async def run_once(db: Database, settings: Settings, sender: senders.Sender | None = None) -> int:
    """Send one batch of due emails; the number sent."""
    return await run_channel(db, EmailChannel(settings, sender))


async def poll(db: Database, channel: Channel) -> None:
    """Deliver the channel's due rows until cancelled; a full batch is followed at once by the next."""
    while True:
        try:
            claimed_all = await run_channel(db, channel) >= BATCH
        except Exception:  # noqa: BLE001 - the database being away must not end the loop
            log.exception("outbox sender (%s) failed; retrying", channel.kind)
            claimed_all = False
        if not claimed_all:
            await asyncio.sleep(POLL_SECONDS)
