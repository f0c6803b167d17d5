"""Alembic, driven from code: no alembic.ini to find, the URL comes from Settings."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", "gateway.db:migrations")
    config.set_main_option("sqlalchemy.url", url)
    return config


async def _with_connection(engine: AsyncEngine, fn) -> object:  # noqa: ANN001
    async with engine.begin() as connection:
        return await connection.run_sync(fn)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    config = alembic_config(str(engine.url))

    def run(connection) -> None:  # noqa: ANN001
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    await _with_connection(engine, run)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    config = alembic_config(str(engine.url))

    def run(connection) -> None:  # noqa: ANN001
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    await _with_connection(engine, run)


async def pending(engine: AsyncEngine) -> list[str]:
    """Revisions not yet applied to the database, oldest first (empty when it is at head)."""
    script = ScriptDirectory.from_config(alembic_config(str(engine.url)))

    def current(connection) -> set[str]:  # noqa: ANN001
        return set(MigrationContext.configure(connection).get_current_heads())

    # A reader: on SQLite a writer's BEGIN IMMEDIATE would wait (up to busy_timeout, 30 s) for any
    # instance that is writing, and `gateway serve` asks this before it starts.
    heads = await _with_connection(engine.execution_options(sqlite_begin="DEFERRED"), current)
    applied: set[str] = set()
    for head in heads:
        applied.update(rev.revision for rev in script.iterate_revisions(head, "base"))
    newest_first = [rev.revision for rev in script.walk_revisions() if rev.revision not in applied]
    return newest_first[::-1]
