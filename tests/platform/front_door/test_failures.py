"""A failure of ours is a 5xx JSON answer with X-Request-ID, never a 200 with a masked error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from gateway.app import create_app
from gateway.customers import companies
from gateway.db.engine import Database
from tests.auth.sessions import live_session
from tests.helpers import COMPANY_CREATE
from tests.platform.front_door.helpers import assert_error

SHOP = {"query": "{ shop { name } }"}


@pytest.fixture(params=["sqlite", "postgresql"])
async def down(request, settings, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The app over a database it cannot reach: a SQLite file in a missing folder, or a
    PostgreSQL port nobody listens on (both fail at once, neither needs a server)."""
    url = {"sqlite": f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'x.db'}",
           "postgresql": "postgresql+asyncpg://postgres@127.0.0.1:1/gone"}[request.param]
    database = Database(url)
    app = create_app(settings.model_copy(update={"database_url": url}), database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http
    await database.dispose()


async def test_a_query_while_the_database_is_down_is_a_503(down) -> None:
    response = await down.post("/graphql", json=SHOP)
    assert response.status_code == 503
    assert response.headers["x-request-id"] and response.headers["content-type"] == "application/json"
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
    assert "Try again" in error["message"] and "sqlite" not in response.text.lower()


async def test_a_token_check_while_the_database_is_down_is_a_503(down) -> None:
    """get_context reads the session before GraphQL runs: the middleware answers for it."""
    response = await down.post("/graphql", json=SHOP, headers={"Authorization": "Bearer gwc_whatever"})
    assert "Try again" in assert_error(response, 503, "SERVICE_UNAVAILABLE")
    response = await down.post("/admin/graphql", json=SHOP, headers={"Authorization": "Bearer gws_whatever"})
    assert_error(response, 503, "SERVICE_UNAVAILABLE")


async def test_readiness_says_so_too(down) -> None:
    assert (await down.get("/readyz")).status_code == 503


async def test_a_bug_in_a_resolver_is_a_500_with_the_masked_error(admin, monkeypatch) -> None:
    async def broken(session, data):  # noqa: ANN001, ANN202
        raise RuntimeError("secret internals")

    monkeypatch.setattr(companies, "create", broken)
    response = await admin.post(COMPANY_CREATE, input={"company": {"name": "Acme"}})
    assert response.status_code == 500 and response.headers["x-request-id"]
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"} and "secret" not in response.text


async def test_a_bug_before_graphql_runs_is_a_json_500(client, db, monkeypatch) -> None:
    from gateway.auth import sessions

    async def broken(session, token):  # noqa: ANN001, ANN202
        raise KeyError("secret internals")

    token = await live_session(db, "buyer@acme.test")
    monkeypatch.setattr(sessions, "resolve_request", broken)
    response = await client.post("/graphql", json=SHOP, headers={"Authorization": f"Bearer {token}"})
    assert "X-Request-ID" in assert_error(response, 500, "INTERNAL_SERVER_ERROR")
    assert "secret" not in response.text


async def test_connections_the_server_dropped_cost_one_request_then_the_pool_reconnects(client, db) -> None:
    """No pre-ping on checkout (gateway/db/engine.py): after a restart or a failover the first request
    meets a dead connection and answers 503; SQLAlchemy then drops the whole pool, so the next connects."""
    if db.is_sqlite:
        pytest.skip("a server that drops its clients: PostgreSQL only")
    assert (await client.post("/graphql", json=SHOP)).status_code == 200  # the pool holds a live connection now
    server = create_async_engine(make_url(db.url).difference_update_query(["pgbouncer"]), poolclass=NullPool)
    async with server.connect() as conn:
        ended = await conn.scalar(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ))
    await server.dispose()
    assert ended >= 1
    failed = await client.post("/graphql", json=SHOP)
    assert failed.status_code == 503, failed.text
    assert [e["extensions"]["code"] for e in failed.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
    response = await client.post("/graphql", json=SHOP)
    assert response.status_code == 200 and response.json()["data"]["shop"]["name"]
