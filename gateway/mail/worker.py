"""The outbox sender. Placeholder until the login issue's outbox lands: it idles."""

from __future__ import annotations

import asyncio

from gateway.db.engine import Database
from gateway.settings import Settings


async def run_forever(db: Database, settings: Settings) -> None:
    while True:
        await asyncio.sleep(3600)
