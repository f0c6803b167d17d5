"""The async engine and session factory, with a per-request SQL statement counter."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


class DatabaseURLError(ValueError):
    pass


@dataclass
class StatementCounter:
    count: int = 0


# Set per request (and in tests); DataLoader tasks inherit the same counter object.
statement_counter: contextvars.ContextVar[StatementCounter | None] = contextvars.ContextVar(
    "statement_counter", default=None
)


# `?pgbouncer=true` on a PostgreSQL URL: the gateway talks to PgBouncer in transaction pooling
# mode, where consecutive transactions of one client connection run on different server
# connections, so a prepared statement named on one may be missing (or taken) on the next.
PGBOUNCER_PARAM = "pgbouncer"

# SQLAlchemy's recipe (asyncpg dialect docs, "Prepared Statement Name with PGBouncer"): no
# statement cache in asyncpg nor in the dialect, and a name no other client connection can hold.
PGBOUNCER_CONNECT_ARGS = {
    "statement_cache_size": 0,
    "prepared_statement_cache_size": 0,
    "prepared_statement_name_func": lambda: f"__asyncpg_{uuid.uuid4()}__",
}


def check_url(url: str) -> None:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseURLError(f"DATABASE_URL is not a valid SQLAlchemy URL: {url!r}") from exc
    if parsed.drivername not in ("postgresql+asyncpg", "sqlite+aiosqlite"):
        raise DatabaseURLError(
            f"DATABASE_URL must use postgresql+asyncpg:// or sqlite+aiosqlite://, not {parsed.drivername!r}"
        )
    if PGBOUNCER_PARAM in parsed.query:
        if parsed.drivername != "postgresql+asyncpg":
            raise DatabaseURLError("DATABASE_URL: ?pgbouncer= is for postgresql+asyncpg:// URLs only")
        if parsed.query[PGBOUNCER_PARAM] not in ("true", "false"):
            raise DatabaseURLError(
                f"DATABASE_URL: ?pgbouncer= must be true or false, not {parsed.query[PGBOUNCER_PARAM]!r}"
            )


def create_engine(url: str) -> AsyncEngine:
    check_url(url)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below

        @event.listens_for(engine.sync_engine, "begin")
        def _sqlite_begin(conn):  # noqa: ANN001
            # Writers take the lock at BEGIN, so SQLite serialises them (what the credit and
            # stock checks rely on); readers begin deferred and never wait for one another.
            mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
            conn.exec_driver_sql(f"BEGIN {mode}")
    else:
        parsed = make_url(url)
        behind_pgbouncer = parsed.query.get(PGBOUNCER_PARAM) == "true"
        # Our parameter, not asyncpg's: the dialect would hand it to asyncpg.connect().
        parsed = parsed.difference_update_query([PGBOUNCER_PARAM])
        # No pre-ping: it is a round trip on every checkout, and a request opens several sessions.
        # A connection the server dropped (a restart, a failover) fails its request with a 503, and
        # SQLAlchemy then invalidates the whole pool, so the next request connects afresh.
        engine = create_async_engine(
            parsed, pool_size=10, max_overflow=20,
            connect_args=PGBOUNCER_CONNECT_ARGS if behind_pgbouncer else {},
        )

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _count(_conn, _cursor, statement, *_args):  # noqa: ANN001, ANN002
        # SQLite's BEGIN is ours to send (above), PostgreSQL's is the driver's: neither counts, so
        # both databases count the same statements.
        counter = statement_counter.get()
        if counter is not None and not statement.startswith("BEGIN"):
            counter.count += 1

    return engine


def keep(session: AsyncSession, *rows: object) -> None:
    """Keep rows read ahead (joined into an earlier statement) for the session's later session.get()
    calls: its identity map holds rows only weakly, and an unreferenced one is gone, read again."""
    session.info.setdefault("kept", []).extend(row for row in rows if row is not None)


def _reader_isolation(url: str) -> dict[str, str]:
    """PostgreSQL readers run in autocommit: no BEGIN and ROLLBACK round trips around their reads,
    which see what READ COMMITTED shows each statement anyway. Not behind PgBouncer, where a statement
    outside a transaction may be prepared on one server connection and run on another."""
    if url.startswith("sqlite") or make_url(url).query.get(PGBOUNCER_PARAM) == "true":
        return {}
    return {"isolation_level": "AUTOCOMMIT"}


class Database:
    """Owns the engine; hands out sessions. One per process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_engine(url)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessionmaker = async_sessionmaker(
            self.engine.execution_options(sqlite_begin="DEFERRED", **_reader_isolation(url)), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session in one transaction: committed on success, rolled back on any error."""
        async with self.sessionmaker() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncSession]:
        """A short session for reads (DataLoader batches get their own)."""
        async with self._read_sessionmaker() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
