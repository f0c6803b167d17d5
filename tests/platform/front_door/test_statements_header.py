"""X-SQL-Statements tells apart an order that exists from one that does not: sent only when
EXPOSE_SQL_STATEMENTS asks (the tests' settings and bench/ do)."""

from __future__ import annotations

import httpx

from gateway.app import create_app
from gateway.platform.settings import Settings


async def test_the_statement_count_is_off_by_default(settings, db) -> None:
    assert Settings(database_url=db.url, secret_key="x").expose_sql_statements is False
    app = create_app(settings.model_copy(update={"expose_sql_statements": False}), db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        response = await http.post("/graphql", json={"query": "{ shop { name } }"})
    assert response.status_code == 200 and response.headers["x-request-id"]
    assert "x-sql-statements" not in response.headers


async def test_the_setting_turns_it_on(client) -> None:
    response = await client.post("/graphql", json={"query": "{ shop { name } }"})
    assert int(response.headers["x-sql-statements"]) >= 1


def test_the_environment_variable_turns_it_on(monkeypatch) -> None:
    monkeypatch.setenv("EXPOSE_SQL_STATEMENTS", "1")
    monkeypatch.setenv("MAX_BODY_BYTES", "2048")
    settings = Settings(secret_key="x")
    assert (settings.expose_sql_statements, settings.max_body_bytes) == (True, 2048)
