"""The Admin API answers only a live staff token: anything else is HTTP 401 with no data."""

import pytest

from gateway.auth import staff_tokens
from tests.auth.sessions import live_session
from tests.helpers import GraphQLClient

QUERY = "{ companies(first: 1) { nodes { id } } }"


async def assert_refused(client, token: str | None) -> None:
    response = await GraphQLClient(client, "/admin/graphql", token).post(QUERY)
    assert response.status_code == 401
    assert "data" not in response.text


async def test_a_staff_token_is_let_in(admin):
    assert await admin(QUERY) == {"companies": {"nodes": []}}


@pytest.mark.parametrize("token", [None, "gws_not-a-real-token", "gwc_storefront-shaped", "garbage"])
async def test_missing_or_wrong_tokens_get_401(client, staff_token, token):
    await assert_refused(client, token)


async def test_a_revoked_token_gets_401(client, db, admin):
    async with db.transaction() as session:
        await staff_tokens.revoke(session, "tests")
    await assert_refused(client, admin.token)


async def test_a_live_storefront_session_cannot_reach_the_admin_api(client, db, staff_token):
    token = await live_session(db, "buyer@acme.test")
    assert (await GraphQLClient(client, "/graphql", token).post("{ shop { name } }")).status_code == 200
    await assert_refused(client, token)


async def test_a_non_bearer_scheme_gets_401(client, staff_token):
    response = await client.post("/admin/graphql", json={"query": QUERY}, headers={"Authorization": staff_token})
    assert response.status_code == 401
