"""The outbox sender: claims due emails, sends them, and retries failures with backoff.

A claim is a short transaction that leases each row (next_attempt_at moves past the send), so no
transaction or lock is held while the mail server answers; on PostgreSQL `FOR UPDATE SKIP LOCKED`
lets several senders claim side by side without ever taking the same row. A sender that dies
mid-send leaves the row to be claimed again when its lease ends: at least once, never lost.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import select

from gateway import clock
from gateway.db.engine import Database
from gateway.db.models import OutboxMessage
from gateway.mail import senders
from gateway.settings import Settings

log = logging.getLogger("gateway.mail")

BATCH = 20
POLL_SECONDS = 1.0
LEASE = timedelta(minutes=5)  # longer than any SMTP timeout
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)


def backoff(attempts: int) -> timedelta:
    """30 s after the first failure, doubling, at most an hour apart."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY)


async def _claim(db: Database) -> list[OutboxMessage]:
    """Lease up to BATCH due emails (webhook rows are another sender's); rows past their
    drop_after are DROPPED instead."""
    now = clock.now()
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.kind == "email", OutboxMessage.status == "PENDING", OutboxMessage.next_attempt_at <= now)
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
            else:
                row.attempts += 1
                row.next_attempt_at = now + LEASE
    return [row for row in rows if row.status == "PENDING"]


async def _record(db: Database, claimed: OutboxMessage, error: Exception | None) -> None:
    async with db.transaction() as session:
        row = await session.get(OutboxMessage, claimed.id)
        if row is None or row.message_id != claimed.message_id:
            return  # erased while it was being sent (its customer deleted its account); SQLite may reuse the id
        now = clock.now()
        if error is None:
            row.status, row.sent_at, row.last_error = "SENT", now, None
            return
        row.last_error = f"{type(error).__name__}: {error}"[:2000]
        retry_at = now + backoff(row.attempts)
        if row.give_up_at is not None and retry_at > row.give_up_at:
            row.status = "FAILED"
            log.error("email %s to %s failed for good: %s", row.message_id, row.recipient, row.last_error)
        else:
            row.next_attempt_at = retry_at
            log.warning("email %s to %s failed (attempt %s): %s", row.message_id, row.recipient,
                        row.attempts, row.last_error)


async def run_once(db: Database, settings: Settings, sender: senders.Sender | None = None) -> int:
    """Send one batch of due emails; the number sent."""
    sender = sender or senders.for_settings(settings)
    sent = 0
    for row in await _claim(db):
        try:
            await sender.send(senders.build_message(row, settings))
        except Exception as exc:  # noqa: BLE001 - any failure is retried, then reported
            await _record(db, row, exc)
        else:
            await _record(db, row, None)
            sent += 1
    return sent


async def run_forever(db: Database, settings: Settings) -> None:
    """Poll for due emails until cancelled; a full batch is followed at once by the next."""
    sender = senders.for_settings(settings)
    while True:
        try:
            claimed_all = await run_once(db, settings, sender) >= BATCH
        except Exception:  # noqa: BLE001 - the database being away must not end the loop
            log.exception("outbox sender failed; retrying")
            claimed_all = False
        if not claimed_all:
            await asyncio.sleep(POLL_SECONDS)
