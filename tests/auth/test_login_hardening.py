"""Transport hardening the login relies on: POST for mutations, no GET in production, CORS,
introspection off in production unless a setting re-enables it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select

from gateway.app import create_app
from gateway.db.models import LoginCode
from gateway.platform.settings import Settings

INTROSPECT = "{ __schema { queryType { name } } }"


@pytest.fixture
async def production(db) -> AsyncIterator:
    """An httpx client factory for the app built with production settings (and extras)."""
    clients: list[httpx.AsyncClient] = []

    def make(**extra) -> httpx.AsyncClient:
        settings = Settings(database_url=db.url, secret_key="prod-secret", environment="production", **extra)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(settings, db)), base_url="http://test")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


async def test_mutations_run_only_over_post_with_json(client, db) -> None:
    mutation = 'mutation { requestLoginCode(email: "a@b.test") { userErrors { code } } }'
    response = await client.get("/graphql", params={"query": mutation})
    assert (response.status_code, response.json()["errors"][0]["message"]) == (400, "mutations are not allowed when using GET")
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        response = await client.post(
            "/graphql", content=json.dumps({"query": mutation}), headers={"content-type": content_type}
        )
        assert response.status_code == 400, content_type
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(LoginCode)) == 0
    assert (await client.get("/graphql", params={"query": "{ shop { name } }"})).status_code == 200


async def test_production_refuses_queries_over_get(production) -> None:
    http = production()
    response = await http.get("/graphql", params={"query": "{ shop { name } }"})
    assert (response.status_code, response.json()["errors"][0]["message"]) == (400, "queries are not allowed when using GET")
    ok = await http.post("/graphql", json={"query": "{ shop { name } }"})
    assert ok.json() == {"data": {"shop": {"name": "Gateway Shop"}}}


async def test_production_hides_introspection_unless_allowed(production) -> None:
    closed = (await production().post("/graphql", json={"query": INTROSPECT})).json()
    assert closed["errors"] and closed.get("data") is None
    opened = (await production(allow_introspection=True).post("/graphql", json={"query": INTROSPECT})).json()
    assert opened["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_cors_allows_only_configured_origins(production) -> None:
    http = production(cors_origins="https://shop.example")
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = await http.options("/graphql", headers={"Origin": "https://shop.example", **preflight})
    assert allowed.headers["access-control-allow-origin"] == "https://shop.example"
    refused = await http.options("/graphql", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in refused.headers
