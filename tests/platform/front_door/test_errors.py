"""Every non-200 answer of /graphql and /admin/graphql is JSON with a code and X-Request-ID, and
no request shape a client can send gets a 500."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from gateway.auth import staff_tokens
from gateway.db.models import LoginCode
from gateway.platform import clock
from gateway.platform.front_door import MAX_JSON_DEPTH, MAX_JSON_VALUES
from tests.auth.sessions import live_session
from tests.platform.front_door.helpers import assert_error

ENDPOINTS = ["/graphql", "/admin/graphql"]
SHOP = "{ shop { name } }"
JSON = {"content-type": "application/json"}


@pytest.fixture
def auth(staff_token: str):  # noqa: ANN201
    """Headers that get a request past the Admin API's token check (harmless on the storefront)."""
    return lambda path: {"Authorization": f"Bearer {staff_token}"} if path.startswith("/admin") else {}


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize(("body", "content_type", "says"), [
    (b'{"query": "{ shop { name } }", "x": "\xff\xfe"}', "application/json", "not valid UTF-8"),
    (b'{"query": ', "application/json", "not valid JSON"),
    (b'"{ shop { name } }"', "application/json", "must be an object"),
    (b"[]", "application/json", "Batching is not enabled"),
    (b"{}", "application/json", "No GraphQL query"),
    (b'{"query": 7}', "application/json", "must be a string"),
    (b'{"query": "{ shop { name } }", "operationName": 7}', "application/json", "operationName"),
    (b'{"query": "{ shop { name } }", "variables": [1]}', "application/json", "variables"),
    (b'{"query": "{ shop { name } }"}', "text/plain", "Unsupported content type"),
    (b'{"query": "{ shop { name } }"}', "multipart/form-data; boundary=x", "Unsupported content type"),
])
async def test_a_malformed_request_is_a_json_400(client, auth, path, body, content_type, says) -> None:
    response = await client.post(path, content=body, headers={"content-type": content_type, **auth(path)})
    assert says in assert_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize("path", ENDPOINTS)
async def test_json_nested_1000_deep_is_a_400_not_a_recursion_error(client, auth, path) -> None:
    deep = "[" * 1000 + "]" * 1000
    body = f'{{"query": "{SHOP}", "variables": {{"a": {deep}}}}}'.encode()
    response = await client.post(path, content=body, headers={**JSON, **auth(path)})
    assert f"nested more than {MAX_JSON_DEPTH} levels" in assert_error(response, 400, "BAD_REQUEST")
    just = "[" * (MAX_JSON_DEPTH - 2) + "]" * (MAX_JSON_DEPTH - 2)  # the body and variables are two levels
    response = await client.post(path, content=f'{{"query": "{SHOP}", "variables": {{"a": {just}}}}}'.encode(),
                                 headers={**JSON, **auth(path)})
    assert response.json() == {"data": {"shop": {"name": "Gateway Shop"}}}


async def test_too_many_json_values_are_a_400(client) -> None:
    response = await client.post("/graphql", json={"query": SHOP, "variables": {"a": list(range(MAX_JSON_VALUES))}})
    assert f"more than {MAX_JSON_VALUES:,} values" in assert_error(response, 400, "BAD_REQUEST")


async def test_variables_over_get_are_checked_the_same_way(client) -> None:
    response = await client.get("/graphql", params={"query": SHOP, "variables": "[" * 100 + "]" * 100})
    assert_error(response, 400, "BAD_REQUEST")
    response = await client.get("/graphql", params={"query": SHOP, "variables": "{"})
    assert "not valid JSON" in assert_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_other_methods_are_a_json_405_before_any_token_check(client, path, method) -> None:
    response = await client.request(method, path, json={"query": SHOP})
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "GET, POST"


async def test_a_bad_expired_or_revoked_storefront_token_is_a_json_401(client, db) -> None:
    token = await live_session(db, "buyer@acme.test")
    ok = await client.post("/graphql", json={"query": SHOP}, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    for bad in ("gwc_nonsense", "garbage"):
        response = await client.post("/graphql", json={"query": SHOP}, headers={"Authorization": f"Bearer {bad}"})
        assert "Log in again" in assert_error(response, 401, "UNAUTHENTICATED")
        assert response.headers["www-authenticate"] == "Bearer"
    logout = "mutation { logout { userErrors { code } } }"
    await client.post("/graphql", json={"query": logout}, headers={"Authorization": f"Bearer {token}"})
    response = await client.post("/graphql", json={"query": SHOP}, headers={"Authorization": f"Bearer {token}"})
    assert_error(response, 401, "UNAUTHENTICATED")
    expiring = await live_session(db, "other@acme.test")
    clock.advance(31 * 86400)
    response = await client.post("/graphql", json={"query": SHOP}, headers={"Authorization": f"Bearer {expiring}"})
    assert_error(response, 401, "UNAUTHENTICATED")


async def test_a_missing_wrong_or_revoked_staff_token_is_a_json_401(client, db, staff_token) -> None:
    for headers in ({}, {"Authorization": "Bearer gws_nope"}, {"Authorization": staff_token}):
        response = await client.post("/admin/graphql", json={"query": SHOP}, headers=headers)
        assert "staff token" in assert_error(response, 401, "UNAUTHENTICATED")
    async with db.transaction() as session:
        await staff_tokens.revoke(session, "tests")
    response = await client.post("/admin/graphql", json={"query": SHOP}, headers={"Authorization": f"Bearer {staff_token}"})
    assert_error(response, 401, "UNAUTHENTICATED")


async def test_two_operations_without_operation_name_run_neither(client, db) -> None:
    document = 'query Shop { shop { name } } mutation Login { requestLoginCode(email: "a@b.test") { userErrors { code } } }'
    response = await client.post("/graphql", json={"query": document})
    assert "name the one to run in operationName" in assert_error(response, 400, "BAD_REQUEST")
    response = await client.post("/graphql", json={"query": "mutation A { logout { userErrors { code } } } " + document})
    assert "3 operations" in assert_error(response, 400, "BAD_REQUEST")
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(LoginCode)) == 0
    named = await client.post("/graphql", json={"query": document, "operationName": "Shop"})
    assert named.json() == {"data": {"shop": {"name": "Gateway Shop"}}}
    unknown = await client.post("/graphql", json={"query": document, "operationName": "Nope"})
    assert 'Unknown operation named "Nope"' in assert_error(unknown, 400, "BAD_REQUEST")


async def test_graphql_errors_stay_200_results(client) -> None:
    """A document that does not validate is a GraphQL result (with errors), not an HTTP error."""
    response = await client.post("/graphql", json={"query": "{ shop { nope } }"})
    assert response.status_code == 200 and response.json()["errors"]


@pytest.mark.parametrize("body", [
    {"query": SHOP, "extensions": []},
    {"query": "{ shop { name } ", "variables": {}},
    {"query": "query($a: Int) { shop { name } }", "variables": {"a": "x" * 1000}},
    {"query": "query($a: [[Int]]) { shop { name } }", "variables": {"a": [[[[1]]]]}},
    {"query": "{" * 2000},
    {"query": "subscription { shop { name } }"},
])
async def test_odd_shapes_never_get_a_500(client, body) -> None:
    response = await client.post("/graphql", content=json.dumps(body), headers=JSON)
    assert response.status_code in (200, 400), response.text
    assert response.headers["content-type"] == "application/json" and response.headers["x-request-id"]
    assert response.json()["errors"]
