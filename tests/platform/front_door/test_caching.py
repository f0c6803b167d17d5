"""Caching a CDN can do on /graphql: automatic persisted queries (POST and GET, production too),
ETag and 304, and Cache-Control public only for anonymous OPEN catalog answers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select

from gateway import persisted_queries
from gateway.app import create_app
from gateway.db.models import PersistedQuery
from gateway.platform.settings import Settings
from tests.auth.sessions import live_session
from tests.catalog.helpers import set_access_mode
from tests.platform.front_door.helpers import assert_error

SHOP = "query Shop { shop { name } }"
VIEWER = "{ viewer { email } }"
MUTATION = 'mutation { requestLoginCode(email: "a@b.test") { userErrors { code } } }'


def sha(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def persisted(query: str, version: int = 1) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": sha(query)}}


def by_hash_params(query: str, **variables) -> dict:  # noqa: ANN003
    """The GET form Apollo Client sends (useGETForHashedQueries)."""
    return {"extensions": json.dumps(persisted(query)), "variables": json.dumps(variables)}


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Each test starts like a new instance: only the table knows registered documents."""
    persisted_queries.CACHE.entries.clear()
    persisted_queries.CACHE.size = 0


@pytest.fixture
async def production(db) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=db.url, secret_key="prod-secret", environment="production")
    transport = httpx.ASGITransport(app=create_app(settings, db))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def test_a_registered_document_runs_by_hash_over_post_and_get_on_any_instance(client, db) -> None:
    registered = await client.post("/graphql", json={"query": SHOP, "extensions": persisted(SHOP)})
    assert registered.json() == {"data": {"shop": {"name": "Gateway Shop"}}}
    persisted_queries.CACHE.entries.clear()  # another instance, or a restart: the table answers
    hit = await client.post("/graphql", json={"extensions": persisted(SHOP), "operationName": "Shop"})
    assert hit.json() == {"data": {"shop": {"name": "Gateway Shop"}}}
    got = await client.get("/graphql", params={**by_hash_params(SHOP), "operationName": "Shop"})
    assert got.status_code == 200 and got.json() == hit.json()
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(PersistedQuery)) == 1
    # once this process knows the hash, running by it costs no statement more than sending the text
    plain = await client.post("/graphql", json={"query": SHOP})
    again = await client.get("/graphql", params=by_hash_params(SHOP))
    assert again.headers["x-sql-statements"] == plain.headers["x-sql-statements"]


async def test_an_unknown_hash_answers_persisted_query_not_found(client) -> None:
    for response in (
        await client.post("/graphql", json={"extensions": persisted(SHOP)}),
        await client.get("/graphql", params=by_hash_params(SHOP)),
    ):
        assert response.status_code == 200
        assert response.json() == {"errors": [{"message": "PersistedQueryNotFound",
                                               "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]}
        assert response.headers["cache-control"] == "private, no-store"  # a CDN must not keep the miss


async def test_a_hash_that_does_not_match_or_a_bad_version_is_refused_and_registers_nothing(client, db) -> None:
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": sha("{ shop { currencyCode } }")}}
    response = await client.post("/graphql", json={"query": SHOP, "extensions": wrong})
    assert assert_error(response, 400, "BAD_REQUEST") == "provided sha does not match query"
    response = await client.post("/graphql", json={"query": SHOP, "extensions": persisted(SHOP, version=2)})
    assert "version must be 1" in assert_error(response, 400, "BAD_REQUEST")
    response = await client.post("/graphql", json={"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "x"}}})
    assert "64 lowercase hex" in assert_error(response, 400, "BAD_REQUEST")
    # a document that does not validate is not kept either
    await client.post("/graphql", json={"query": "{ nope }", "extensions": persisted("{ nope }")})
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(PersistedQuery)) == 0


async def test_a_persisted_mutation_runs_over_post_only(client, production) -> None:
    await client.post("/graphql", json={"query": MUTATION, "extensions": persisted(MUTATION)})
    for http in (client, production):
        response = await http.get("/graphql", params=by_hash_params(MUTATION))
        assert assert_error(response, 400, "BAD_REQUEST") == "mutations are not allowed when using GET"
    posted = await production.post("/graphql", json={"extensions": persisted(MUTATION)})
    assert posted.json() == {"data": {"requestLoginCode": {"userErrors": []}}}
    assert "etag" not in posted.headers and posted.headers["cache-control"] == "private, no-store"


async def test_production_takes_persisted_queries_over_get_and_nothing_else(production) -> None:
    response = await production.get("/graphql", params={"query": SHOP})
    assert assert_error(response, 400, "BAD_REQUEST") == "queries are not allowed when using GET"
    # registering is a POST: a GET with the document is not a persisted query
    response = await production.get("/graphql", params={"query": SHOP, **by_hash_params(SHOP)})
    assert assert_error(response, 400, "BAD_REQUEST") == "queries are not allowed when using GET"
    await production.post("/graphql", json={"query": SHOP, "extensions": persisted(SHOP)})
    response = await production.get("/graphql", params=by_hash_params(SHOP))
    assert response.json() == {"data": {"shop": {"name": "Gateway Shop"}}}
    assert response.headers["cache-control"] == "public, max-age=60"


async def test_an_etag_answers_304_without_a_body(client) -> None:
    first = await client.get("/graphql", params={"query": SHOP})
    etag = first.headers["etag"]
    assert etag == f'"{hashlib.sha256(first.content).hexdigest()[:32]}"'
    again = await client.get("/graphql", params={"query": SHOP}, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["x-request-id"]
    assert again.headers["cache-control"] == first.headers["cache-control"]
    posted = await client.post("/graphql", json={"query": SHOP}, headers={"if-none-match": f'"other", W/{etag}'})
    assert posted.status_code == 304
    changed = await client.get("/graphql", params={"query": "{ shop { currencyCode } }"}, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


async def test_cache_control_is_public_only_for_anonymous_open_catalog_answers(client, db) -> None:
    catalog = "{ shop { name } products(first: 2) { edges { node { id } } } }"
    public = await client.get("/graphql", params={"query": catalog})
    assert public.status_code == 200 and not public.json().get("errors")
    assert public.headers["cache-control"] == "public, max-age=60"
    assert public.headers["vary"] == "Authorization, Accept-Encoding, x-storefront-private-token"
    # the caller's own root fields
    viewer = await client.get("/graphql", params={"query": VIEWER})
    assert viewer.headers["cache-control"] == "private, no-cache" and "etag" in viewer.headers
    # a logged-in buyer
    token = await live_session(db, "buyer@acme.test")
    buyer = await client.get("/graphql", params={"query": catalog}, headers={"authorization": f"Bearer {token}"})
    assert buyer.status_code == 200 and buyer.headers["cache-control"] == "private, no-cache"
    # an answer with errors
    failed = await client.get("/graphql", params={"query": "{ nope }"})
    assert failed.headers["cache-control"] == "private, no-store" and "etag" not in failed.headers
    # prices behind a login
    await set_access_mode(db, "LOGIN_FOR_PRICES")
    hidden = await client.get("/graphql", params={"query": catalog})
    assert hidden.status_code == 200 and hidden.headers["cache-control"] == "private, no-cache"


async def test_max_age_is_a_setting(db) -> None:
    settings = Settings(database_url=db.url, secret_key="s", catalog_max_age=300)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(settings, db)), base_url="http://test") as http:
        response = await http.get("/graphql", params={"query": SHOP})
    assert response.headers["cache-control"] == "public, max-age=300"
