"""Schemathesis against both GraphQL endpoints, on the demo shop: no 5xx, no unmasked error, and no
masked one either (a masked error means a request shape reached an exception we did not expect).

Schemathesis (hypothesis-graphql underneath) writes the documents: every query and mutation of the
introspected schema in turn, documents that fit the schema and documents that break it. Its resource
pool puts ids into arguments named for their type (companyId, variantId, ...); a first query per
endpoint fills it with the demo's rows, so resolvers and domain code reach real rows, not only "not
found". The pool stays as primed: Hypothesis replays a case to shrink it, and a pool that grew in
between would draw differently (FlakyStrategyDefinition). Hypothesis runs in a worker thread and hands each request to
the test's event loop, where the app and its database live. Derandomized: the same cases every run
(FUZZ_EXAMPLES raises the count per operation for a longer hunt).
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import graphql
import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.graphql import nodes
from schemathesis.graphql.loaders import get_introspection_query

from gateway import demo
from gateway.db.engine import Database
from gateway.platform import ids
from gateway.platform.front_door import INTERNAL_MESSAGE
from tests.catalog.helpers import login
from tests.helpers import GraphQLClient

# Per operation and mode (fitting, breaking): 29 storefront and 59 admin operations.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
# What Python or a driver says when an exception's text reaches a client.
LEAK = re.compile(
    r"Traceback|File \"|<class '|\bat 0x[0-9a-f]+|sqlalchemy|asyncpg|aiosqlite|sqlite3|psycopg|NoneType"
    r"|object has no attribute|\b[A-Z][a-z]+(Error|Exception)\b"
)

# The demo's rows, for the resource pool (every id in the answer is captured under its type).
PRIME = {
    "/admin/graphql": """{ paymentTermsTemplates { id }
      companies(first: 50) { nodes { id locations(first: 50) { nodes { id } }
        contacts(first: 50) { nodes { id customer { id } roleAssignments { id } } } } }
      customers(first: 50) { nodes { id } }
      products(first: 50) { nodes { id variants { id } } }
      catalogs(first: 50) { nodes { id priceList { id } } }
      orders(first: 50) { nodes { id lineItems { id } } }
      draftOrders(first: 50) { nodes { id } }
      returns(first: 50) { nodes { id } }
      webhookSubscriptions(first: 50) { nodes { id } }
      accountRequests(first: 50) { nodes { id } } }""",
    "/graphql": """{ products(first: 50) { nodes { id variants { id } } }
      viewer { id companyContacts { id company { id } } locations(first: 50) { nodes { id } }
        orders(first: 50) { nodes { id lineItems { id } } } } }""",
}

SELECT_LOCATION = "mutation($id: ID!) { selectLocation(locationId: $id) { userErrors { message } } }"
CART = """mutation($input: CartInput!) { cartCreate(input: $input) {
    cart { id deliveryMethods { id } } userErrors { message } } }"""
SELECT_DELIVERY = """mutation($cart: ID!, $method: ID!) { cartSelectDeliveryMethod(cartId: $cart, deliveryMethodId: $method) {
    userErrors { message } } }"""
CHECKOUT = """mutation($cart: ID!) { checkoutComplete(cartId: $cart, idempotencyKey: "fuzz") {
    order { id } userErrors { message } } }"""


def register_scalars(type_names: list[str]) -> None:
    """Strategies for the scalars hypothesis-graphql has none for (DateTime, Decimal), and for ID
    gid-shaped values of every type with any number (real ids come from the resource pool)."""
    gids = st.builds(ids.to_gid, st.sampled_from(type_names), st.integers(min_value=0, max_value=10**19))
    schemathesis.graphql.scalar("ID", st.one_of(gids, st.text(max_size=40)).map(nodes.String))
    moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC))
    schemathesis.graphql.scalar("DateTime", st.one_of(moments.map(datetime.isoformat), st.text(max_size=30)).map(nodes.String))
    amounts = st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**15, max_value=10**15)
    schemathesis.graphql.scalar("Decimal", st.one_of(amounts.map(str), st.text(max_size=30)).map(nodes.String))


def problem_with(response: httpx.Response) -> str | None:
    """What is wrong with an answer, or None."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}: {response.text[:300]}"
    if LEAK.search(response.text):
        return f"exception text: {response.text[:300]}"
    try:
        errors = response.json().get("errors") or []
    except ValueError:
        return f"not JSON (HTTP {response.status_code}): {response.text[:300]}"
    masked = [e.get("path") for e in errors if e.get("message") == INTERNAL_MESSAGE]
    return f"masked error at {masked}" if masked else None


async def fuzz(
    http: httpx.AsyncClient, path: str, token: str | None, renew: Callable[[], Awaitable[str]]
) -> tuple[int, list[str]]:
    """(cases sent, findings) over every operation of the endpoint; renew gives a fresh token
    after a logout case, so the rest still runs logged in."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    introspection = await http.post(path, json={"query": get_introspection_query()}, headers=headers)
    schema = schemathesis.graphql.from_dict(introspection.json())
    register_scalars(sorted(name for name, t in schema.client_schema.type_map.items()
                            if isinstance(t, graphql.GraphQLObjectType) and "id" in t.fields))
    pool = schema.create_extra_data_source()
    primed = (await http.post(path, json={"query": PRIME[path]}, headers=headers)).json()
    assert "errors" not in primed, primed
    pool.capture(operation_node=graphql.parse(PRIME[path]).definitions[0], response_data=primed["data"])
    feedback = FeedbackSources(extra_data_source=pool)
    loop, findings, sent = asyncio.get_running_loop(), [], 0

    def send(case: Any) -> None:
        nonlocal sent
        request = http.post(path, json={"query": case.body}, headers=headers)
        try:
            response = asyncio.run_coroutine_threadsafe(request, loop).result(timeout=60)
            problem = problem_with(response)
        except Exception as error:  # noqa: BLE001 - an exception out of the app is a finding too
            problem = f"{type(error).__name__} out of the app: {error}"
        sent += 1
        if problem:
            findings.append(f"{path} {case.operation.label}: {problem}\n{case.body}")
        if token and case.operation.label == "Mutation.logout":
            headers["Authorization"] = f"Bearer {asyncio.run_coroutine_threadsafe(renew(), loop).result()}"

    def every_operation() -> None:
        for operation in schema.get_all_operations():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                settings(
                    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck),
                )(given(operation.ok().as_strategy(mode, feedback=feedback))(send))()

    await asyncio.to_thread(every_operation)
    return sent, findings


async def buyer(db: Database, http: httpx.AsyncClient) -> GraphQLClient:
    """The demo's first buyer, logged in and buying for its first location (on Net 30)."""
    client = await login(db, http, demo.BUYER_EMAILS[0])
    location = (await client("{ viewer { locations(first: 1) { nodes { id } } } }"))["viewer"]["locations"]["nodes"][0]
    assert (await client(SELECT_LOCATION, id=location["id"]))["selectLocation"]["userErrors"] == []
    return client


@pytest.fixture
async def demo_shop(db: Database, client: httpx.AsyncClient) -> None:
    """The demo shop, with an order on terms (shipped by the first delivery method) and an open cart
    of its first buyer, so order and cart resolvers reach rows too."""
    async with db.transaction() as session:
        await demo.seed(session)
    anna = await buyer(db, client)
    products = (await anna("{ products(first: 2) { nodes { variants { id } } } }"))["products"]["nodes"]
    lines = [{"variantId": product["variants"][0]["id"], "quantity": 2} for product in products]
    carts = [(await anna(CART, input={"lines": lines}))["cartCreate"] for _ in range(2)]
    assert all(c["userErrors"] == [] for c in carts), carts
    cart = carts[0]["cart"]
    chosen = await anna(SELECT_DELIVERY, cart=cart["id"], method=cart["deliveryMethods"][0]["id"])
    assert chosen["cartSelectDeliveryMethod"]["userErrors"] == []
    placed = (await anna(CHECKOUT, cart=carts[0]["cart"]["id"]))["checkoutComplete"]
    assert placed["userErrors"] == [] and placed["order"], placed


@pytest.mark.parametrize("who", ["anonymous", "buyer", "staff"])
async def test_no_request_shape_reaches_an_unexpected_exception(
    who: str, demo_shop: None, db: Database, client: httpx.AsyncClient, staff_token: str
) -> None:
    async def buyer_token() -> str:
        return (await buyer(db, client)).token

    path = "/admin/graphql" if who == "staff" else "/graphql"
    token = {"anonymous": None, "buyer": await buyer_token(), "staff": staff_token}[who]
    started = time.monotonic()
    sent, findings = await fuzz(client, path, token, buyer_token)
    print(f"\nfuzz {who} {path}: {sent} cases in {time.monotonic() - started:.1f} s, {len(findings)} findings")
    assert sent >= 300
    assert not findings, "\n\n".join(findings)


@pytest.mark.parametrize(("status", "body", "flagged"), [
    (200, {"data": {"shop": {"name": "x"}}}, False),
    (200, {"errors": [{"message": "first and last may be at most 100.", "path": ["orders"]}]}, False),
    (200, {"errors": [{"message": INTERNAL_MESSAGE, "path": ["viewer"]}]}, True),
    (200, {"errors": [{"message": "'NoneType' object has no attribute 'id'"}]}, True),
    (200, {"errors": [{"message": "Expected value of type 'Decimal', found \"x\"; [<class 'decimal.ConversionSyntax'>]"}]}, True),
    (400, {"errors": [{"message": "sqlalchemy.exc.DBAPIError: (asyncpg.exceptions.DataError)"}]}, True),
    (500, {"errors": [{"message": "Internal Server Error"}]}, True),
])
def test_the_oracle_flags_what_a_client_must_never_see(status: int, body: dict, flagged: bool) -> None:
    assert (problem_with(httpx.Response(status, json=body)) is not None) == flagged
