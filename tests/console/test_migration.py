"""Revision 0014 keeps what was there: staff tokens made before roles run the shop (MANAGER), login
codes made before purposes are buyers' codes."""

from __future__ import annotations

from sqlalchemy import text

from gateway.db import migrate
from gateway.db.engine import Database


async def test_old_tokens_become_managers_and_old_codes_buyers_codes(empty_database: Database):
    await migrate.upgrade(empty_database.engine, "0012")
    async with empty_database.engine.begin() as conn:
        await conn.execute(text("INSERT INTO staff_tokens (name, token_hash, created_at) "
                                "VALUES ('erp', 'h', CURRENT_TIMESTAMP)"))
        await conn.execute(text("INSERT INTO login_codes (email, code_hash, created_at, expires_at, failed_attempts) "
                                "VALUES ('a@b.test', 'h', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)"))
    await migrate.upgrade(empty_database.engine)
    async with empty_database.engine.connect() as conn:
        assert (await conn.execute(text("SELECT role FROM staff_tokens"))).scalar_one() == "MANAGER"
        assert (await conn.execute(text("SELECT purpose FROM login_codes"))).scalar_one() == "buyer"
    await migrate.downgrade(empty_database.engine, "0012")
    async with empty_database.engine.connect() as conn:
        assert (await conn.execute(text("SELECT name FROM staff_tokens"))).scalar_one() == "erp"
