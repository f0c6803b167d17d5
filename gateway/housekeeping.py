"""Housekeeping: rows that only matter for a while are deleted once they no longer can.

- Idempotency keys are kept a week: Stripe promises 24 hours of replays, a week covers a client
  that retries after a long outage, and checkout/orderPay never look further back.
- Login codes live 10 minutes, and the throttle counts the last hour: a day is plenty.
- A login budget (failed tries per email) is forgotten 30 days after its last failure, so the
  table does not keep every email anyone ever tried; a lockout lasts a day at most.
- Sessions past their expiry or revoked (logout, a disabled customer) never authenticate again.
- Outbox rows that are done (sent, failed for good, dropped) are the delivery log of emails and
  webhooks: kept 30 days, long enough to look into a complaint. Pending ones are never touched.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import delete, or_

from gateway.auth import budget
from gateway.db.engine import Database
from gateway.db.models import (
    CustomerSession,
    IdempotencyKey,
    LoginBudget,
    LoginCode,
    OutboxMessage,
    StaffSession,
)
from gateway.platform import clock

KEEP_IDEMPOTENCY_KEYS = timedelta(days=7)
KEEP_LOGIN_CODES = timedelta(days=1)
KEEP_DELIVERY_LOG = timedelta(days=30)
EVERY = timedelta(hours=1)  # how often the worker runs purge()

log = logging.getLogger("gateway.housekeeping")


async def purge(db: Database) -> dict[str, int]:
    """Delete what is past keeping; the number of rows deleted per table."""
    now = clock.now()
    statements = {
        "idempotency_keys": delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEEP_IDEMPOTENCY_KEYS),
        "login_codes": delete(LoginCode).where(LoginCode.created_at < now - KEEP_LOGIN_CODES),
        "login_budgets": delete(LoginBudget).where(LoginBudget.updated_at < now - budget.KEEP),
        "outbox": delete(OutboxMessage).where(
            OutboxMessage.status != "PENDING", OutboxMessage.created_at < now - KEEP_DELIVERY_LOG
        ),
        "customer_sessions": delete(CustomerSession).where(
            or_(CustomerSession.expires_at < now, CustomerSession.revoked_at.is_not(None))
        ),
        "staff_sessions": delete(StaffSession).where(
            or_(StaffSession.expires_at < now, StaffSession.revoked_at.is_not(None))
        ),
    }
    async with db.transaction() as session:
        return {table: (await session.execute(stmt)).rowcount for table, stmt in statements.items()}


async def run_forever(db: Database) -> None:
    """purge() now and every hour until cancelled (the outbox worker runs it beside its senders;
    several workers purging at once only delete the same rows)."""
    while True:
        try:
            deleted = await purge(db)
            if any(deleted.values()):
                log.info("purged %s", ", ".join(f"{n} {table}" for table, n in deleted.items()))
        except Exception:  # noqa: BLE001 - the database being away must not end the loop
            log.exception("housekeeping failed; trying again in an hour")
        await asyncio.sleep(EVERY.total_seconds())
