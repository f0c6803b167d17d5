"""The shared fixtures, one plugin (tests/conftest.py registers it): one migrated database per run
(SQLite, or PostgreSQL with TEST_DATABASE_URL), emptied before each test; the app served in-process
through httpx, its two APIs as clients; Acme (a company, a buyer, products) and its catalogs; an SMTP
server and a webhook receiver to deliver to. Plain helpers live in tests/helpers.py and each
feature's tests/<feature>/helpers.py."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
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
from tests.catalog.helpers import login
from tests.helpers import MERCHANT, PRODUCT_CREATE, GraphQLClient, create_catalog, create_company, create_product
from tests.outbox.smtp import SmtpServer
from tests.outbox.webhooks import Receiver
from tests.payments import localstripe as stripe_server

KEEP = {"payment_terms_templates", "shop_settings", "alembic_version"}
# Relative paths of the configuration (the development secret, a relative SQLite URL) are taken from
# GATEWAY_HOME: the tests' own folder, not the project's (subprocesses inherit it).
os.environ.setdefault("GATEWAY_HOME", tempfile.mkdtemp(prefix="gateway-home-"))


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
            # shop_settings (kept) refers to customer_groups: a TRUNCATE ... CASCADE of customer_groups
            # would empty it too, so the setting is cleared and the groups deleted row by row.
            await session.execute(update(ShopSettings).values(default_customer_group_id=None))
            names = ", ".join(t.name for t in Base.metadata.sorted_tables if t.name not in KEEP | {"customer_groups"})
            await session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            await session.execute(text("DELETE FROM customer_groups"))
            await session.execute(text("ALTER SEQUENCE customer_groups_id_seq RESTART"))
        await session.execute(
            update(ShopSettings).where(ShopSettings.id == 1).values(
                name="Gateway Shop", currency_code="EUR", access_mode="OPEN", customer_number_prefix="K-",
                customer_number_next=10000, block_checkout_when_overdue=False, approval_expiry_days=14,
                default_credit_limit=DEFAULT_CREDIT_LIMIT, catalog_version=0, payment_reminder_days=None,
                registration="OPEN", default_customer_group_id=None, assign_customer_numbers=False,
                country_code=None, prices_include_tax=False,
            )
        )
    yield
    clock.reset()


@pytest.fixture
def settings(db: Database, request: pytest.FixtureRequest) -> Settings:
    """The app's settings, with a merchant to notify (MERCHANT_EMAIL); a test that also asks for the
    smtp fixture has its mail sent to that server."""
    mail: dict[str, Any] = {}
    if "smtp" in request.fixturenames:
        server = request.getfixturevalue("smtp")
        mail = {"smtp_host": "127.0.0.1", "smtp_port": server.port, "smtp_security": "none",
                "mail_from": "shop@gateway.test", "storefront_url": "https://shop.example"}
    payments: dict[str, Any] = {}
    if "stripe_shop" in request.fixturenames:  # the app charges through localstripe
        server = request.getfixturevalue("localstripe")
        payments = {"payment_provider": "stripe", "stripe_api_key": stripe_server.API_KEY,
                    "stripe_api_base": server.url, "stripe_webhook_secret": stripe_server.WEBHOOK_SECRET}
    return Settings(
        database_url=db.url, secret_key="test-secret", environment="development", merchant_email=MERCHANT,
        expose_sql_statements=True, **mail, **payments,
    )


@pytest.fixture
async def client(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
async def staff_token(db: Database) -> str:
    """An OWNER's token: every Admin API operation (tests of roles make their own)."""
    async with db.transaction() as session:
        return await staff_tokens.create(session, "tests", "OWNER")


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
    # The server engine is a plain SQLAlchemy one: ?pgbouncer= is the gateway's own URL option (Database).
    server = create_async_engine(make_url(url).difference_update_query(["pgbouncer"]), isolation_level="AUTOCOMMIT")
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


@pytest.fixture
async def acme(admin, db, client) -> dict[str, Any]:  # noqa: ANN001
    """Company Acme with location HQ and buyer anna (admin of HQ, logged in), and two products:
    bolt (two variants at 10.00 and 20.00) and nut (one variant at 10.05)."""
    company = await create_company(admin)
    variants = [{"sku": "BOLT-S", "price": "10.00"}, {"sku": "BOLT-L", "price": "20.00"}]
    bolt = (await admin(PRODUCT_CREATE, input={"title": "Bolt", "variants": variants}))["productCreate"]["product"]
    nut = await create_product(admin, "Nut", "NUT", price="10.05")
    return {
        "location": company["locations"]["nodes"][0]["id"],
        "buyer": await login(db, client, "anna@acme.test"),
        "bolt": bolt, "nut": nut,
    }


@pytest.fixture
def catalog(admin, acme):  # noqa: ANN001, ANN201
    """Make a catalog for Acme's HQ: catalog(title, adjustment=None, currency="EUR", **input)."""

    async def make(title: str = "B2B", adjustment: tuple[str, str] | None = None, **extra: Any) -> dict[str, Any]:
        price_list = {"currency": extra.pop("currency", "EUR")}
        if adjustment:
            price_list["adjustment"] = {"type": adjustment[0], "value": adjustment[1]}
        extra.setdefault("companyLocationIds", [acme["location"]])
        return await create_catalog(admin, title, currency=None, priceList=price_list, **extra)

    return make


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A running SMTP server (stop() it to simulate an outage)."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def from_address(settings, db) -> AsyncIterator:  # noqa: ANN001
    """Make a storefront client whose requests come from another client address: make(host)."""
    opened: list[httpx.AsyncClient] = []

    def make(host: str) -> GraphQLClient:
        transport = httpx.ASGITransport(app=create_app(settings, db), client=(host, 4000))
        opened.append(httpx.AsyncClient(transport=transport, base_url="http://test"))
        return GraphQLClient(opened[-1], "/graphql", None)

    yield make
    for http in opened:
        await http.aclose()


@pytest.fixture(scope="session")
def localstripe() -> Iterator[stripe_server.LocalStripe]:
    """localstripe on 127.0.0.1 (tests/payments/localstripe.py); skipped where it is not installed,
    unless REQUIRE_LOCALSTRIPE is set (CI)."""
    server = stripe_server.LocalStripe.start()
    yield server
    server.stop()


@pytest.fixture
async def stripe_shop(localstripe, receiver) -> stripe_server.LocalStripe:  # noqa: ANN001
    """The app charges through localstripe (the settings fixture sees this one), emptied, and its
    webhooks go to the receiver, whence a test hands them to POST /webhooks/stripe."""
    await localstripe.reset(receiver.url)
    return localstripe


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = Receiver()
    await server.start()
    yield server
    await server.stop()
