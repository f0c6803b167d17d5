"""The background worker: `gateway serve` runs it beside the app, `gateway worker` alone.

It sends the outbox's two channels (emails, webhooks), each in its own loop, collects payments on
their due date and sends payment reminders every minute (gateway/orders/collection.py), and purges
rows past keeping once an hour. It lives apart from gateway/outbox/, so the webhook channel can build on the
outbox's sender (gateway/outbox/worker.py) without the sender importing it back.
"""

from __future__ import annotations

import asyncio

from gateway import housekeeping
from gateway.db.engine import Database
from gateway.outbox import worker
from gateway.orders import collection
from gateway.outbox.webhooks import delivery
from gateway.payments import provider_for
from gateway.platform.settings import Settings


async def run_forever(db: Database, settings: Settings) -> None:
    """Send emails and deliver webhooks until cancelled, collect payments, and run housekeeping."""
    async with delivery.http_client() as http:
        await asyncio.gather(
            worker.poll(db, worker.EmailChannel(settings)), worker.poll(db, delivery.WebhookChannel(settings, http)),
            housekeeping.run_forever(db), collection.run_forever(db, settings, provider_for(settings)),
        )
