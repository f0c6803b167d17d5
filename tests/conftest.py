"""Fixtures: one migrated database per run (SQLite, or PostgreSQL with TEST_DATABASE_URL),
emptied before each test; the app served in-process through httpx."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from gateway.app import create_app
from gateway.auth import staff_tokens
from gateway.db import migrate
from gateway.db.engine import Database
from gateway.db.models import Base, ShopSettings
from gateway.db.models.shop import DEFAULT_CREDIT_LIMIT
from gateway.platform import clock
from gateway.platform.settings import Settings

KEEP = {"payment_terms_templates", "shop_settings", "alembic_version"}


def _database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'test.db'}"


@pytest.fixture(scope="session")
async def db() -> AsyncIterator[Database]:
    database = Database(_database_url())
    if not database.is_sqlite:
        # A test database is ours to wipe: start from an empty schema every run.
        async with database.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(database.engine)
    yield database
    await database.dispose()


@pytest.fixture(autouse=True)
async def clean(db: Database) -> AsyncIterator[None]:
    clock.reset()
    async with db.transaction() as session:
        if db.is_sqlite:
            for table in reversed(Base.metadata.sorted_tables):
                if table.name not in KEEP:
                    await session.execute(delete(table))
        else:
            names = ", ".join(t.name for t in Base.metadata.sorted_tables if t.name not in KEEP)
            await session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        await session.execute(
            update(ShopSettings).where(ShopSettings.id == 1).values(
                name="Gateway Shop", currency_code="EUR", access_mode="OPEN", customer_number_prefix="K-",
                customer_number_next=10000, block_checkout_when_overdue=False,
                default_credit_limit=DEFAULT_CREDIT_LIMIT,
            )
        )
    yield
    clock.reset()


@pytest.fixture
def settings(db: Database) -> Settings:
    return Settings(database_url=db.url, secret_key="test-secret", environment="development",
                    expose_sql_statements=True)


@pytest.fixture
async def client(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


class GraphQLClient:
    """Posts GraphQL documents to one endpoint with one bearer token."""

    def __init__(self, http: httpx.AsyncClient, path: str, token: str | None) -> None:
        self.http, self.path, self.token = http, path, token

    async def post(self, query: str, **variables: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return await self.http.post(self.path, json={"query": query, "variables": variables}, headers=headers)

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        """The data of a successful response; fails the test on any GraphQL error."""
        response = await self.post(query, **variables)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def errors(self, query: str, **variables: Any) -> list[dict[str, Any]]:
        body = (await self.post(query, **variables)).json()
        assert body.get("errors"), body
        return body["errors"]


@pytest.fixture
async def staff_token(db: Database) -> str:
    async with db.transaction() as session:
        return await staff_tokens.create(session, "tests")


@pytest.fixture
def admin(client: httpx.AsyncClient, staff_token: str) -> GraphQLClient:
    return GraphQLClient(client, "/admin/graphql", staff_token)


@pytest.fixture
def storefront(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client, "/graphql", None)


# An expression index (lower(email)): autogenerate cannot compare those, so it is checked apart.
EXPRESSION_INDEX = "uq_customers_email_lower"


@pytest.fixture
async def empty_database(tmp_path: Path) -> AsyncIterator[Database]:
    """A database of its own (the shared `db` fixture stays untouched): a SQLite file, or a
    throwaway PostgreSQL database next to TEST_DATABASE_URL's. A whole database, not a schema,
    because tests/test_cli.py hands its URL to the CLI."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'migrations.db'}")
        yield database
        await database.dispose()
        return
    name = f"gw_migrations_{uuid.uuid4().hex[:12]}"
    server = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with server.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    database = Database(make_url(url).set(database=name).render_as_string(hide_password=False))
    try:
        yield database
    finally:
        await database.dispose()
        async with server.connect() as conn:
            await conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await server.dispose()
