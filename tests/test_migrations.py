"""The migrations: empty -> head -> base -> head on the test database's engine, and the
migrated schema equals the models (so the hand-kept 0001 never drifts from them)."""

from __future__ import annotations

import asyncio
import warnings
from datetime import datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text, update
from sqlalchemy.exc import IntegrityError, SAWarning

from gateway.db import migrate
from gateway.db.engine import Database
from gateway.db.models import Base, ShopSettings
from tests.fixtures import EXPRESSION_INDEX

async def table_names(database: Database) -> set[str]:
    async with database.engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names())) - {"alembic_version"}


def differences(connection) -> list:  # noqa: ANN001
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", f".*{EXPRESSION_INDEX}")
        found = compare_metadata(context, Base.metadata)
    return [d for d in found if EXPRESSION_INDEX not in repr(d)]


async def test_upgrade_downgrade_and_upgrade_again(empty_database: Database):
    assert await table_names(empty_database) == set()
    await migrate.upgrade(empty_database.engine)
    assert await table_names(empty_database) == set(Base.metadata.tables)
    assert await migrate.pending(empty_database.engine) == []
    with warnings.catch_warnings():
        # SQLite's batch mode reflects tables to drop the companies <-> contacts foreign key, and
        # reflection skips the expression index with a warning: expected, nothing is lost.
        warnings.filterwarnings("ignore", f".*{EXPRESSION_INDEX}", SAWarning)
        await migrate.downgrade(empty_database.engine)
    assert await table_names(empty_database) == set()
    assert await migrate.pending(empty_database.engine) != []
    await migrate.upgrade(empty_database.engine)
    assert await table_names(empty_database) == set(Base.metadata.tables)
    async with empty_database.engine.connect() as conn:
        templates = (await conn.execute(text("SELECT name FROM payment_terms_templates ORDER BY id"))).scalars().all()
    assert templates == ["Due on receipt", "Net 7", "Net 15", "Net 30", "Net 45", "Net 60", "Net 90", "Fixed date"]


async def test_the_migrated_schema_matches_the_models(empty_database: Database):
    await migrate.upgrade(empty_database.engine)
    async with empty_database.engine.connect() as conn:
        assert await conn.run_sync(differences) == []
    # The expression index, checked by what it does: one email whatever its case.
    insert = text("INSERT INTO customers (email, created_at, updated_at) VALUES (:e, :t, :t)")
    now = datetime.now(timezone.utc)
    async with empty_database.engine.begin() as conn:
        await conn.execute(insert, {"e": "anna@acme.test", "t": now})
    with pytest.raises(IntegrityError):
        async with empty_database.engine.begin() as conn:
            await conn.execute(insert, {"e": "ANNA@acme.test", "t": now})


async def test_the_check_for_pending_migrations_does_not_wait_for_a_writer(db: Database):
    """`gateway serve` asks before it starts: as a reader, so an instance in the middle of a write (on
    SQLite, holding the write lock) does not hold the next one up for the busy timeout (30 s)."""
    other = Database(db.url)
    try:
        async with db.transaction() as session:
            await session.execute(update(ShopSettings).where(ShopSettings.id == 1).values(name="Busy"))
            assert await asyncio.wait_for(migrate.pending(other.engine), 5) == []
    finally:
        await other.dispose()
