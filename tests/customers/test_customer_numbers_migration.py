"""Revision 0006 records the numbers companies hold as issued to them, so none is reused after it."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import text

from gateway.db import migrate
from gateway.db.engine import Database


async def test_the_migration_backfills_the_numbers_companies_hold(empty_database: Database):
    await migrate.upgrade(empty_database.engine, "0005")
    made = datetime(2026, 1, 2, tzinfo=timezone.utc)
    async with empty_database.engine.begin() as conn:
        for name, number in (("Acme", "K-10000"), ("Beta", "B-7"), ("Gamma", None)):
            await conn.execute(text(
                "INSERT INTO companies (name, customer_number, currency_code, created_at, updated_at) "
                "VALUES (:n, :c, 'EUR', :t, :t)"), {"n": name, "c": number, "t": made})
    await migrate.upgrade(empty_database.engine)
    async with empty_database.engine.connect() as conn:
        rows = (await conn.execute(text(
            "SELECT cn.number, c.name FROM customer_numbers cn JOIN companies c ON c.id = cn.company_id "
            "ORDER BY cn.number"))).all()
    assert [tuple(r) for r in rows] == [("B-7", "Beta"), ("K-10000", "Acme")]
