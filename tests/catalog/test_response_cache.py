"""The shared response cache of Storefront catalog answers (RESPONSE_CACHE), through HTTP: what a hit
costs, which documents are never cached, whose answers are shared, and two gateway instances on one
database, where a change made through one shows on the next request to the other."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.catalog.response_cache import ResponseCache
from gateway.db.engine import Database
from gateway.platform.settings import Settings
from tests.catalog.helpers import add_prices, login
from tests.catalog.test_catalog_version import PRODUCT_UPDATE, SHOP_UPDATE
from tests.catalog.test_catalogs import CONTEXT
from tests.helpers import GraphQLClient, create_company

PAGE = """query Page($first: Int!) { products(first: $first) { nodes { handle title
    variants { sku price { amount } priceSource { rule } } } } }"""


async def answer(client: GraphQLClient, document: str = PAGE, **variables: Any) -> tuple[dict, int]:
    response = await client.post(document, **({"first": 10} | variables) if "$first" in document else variables)
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    return response.json()["data"], int(response.headers["x-sql-statements"])


def bolt_price(data: dict) -> str | None:
    [bolt] = [p for p in data["products"]["nodes"] if p["handle"] == "bolt"]
    return bolt["variants"][0]["price"] and bolt["variants"][0]["price"]["amount"]


async def test_a_repeated_catalog_document_costs_two_statements_for_a_buyer_and_one_anonymously(
    acme, catalog, storefront
):
    await catalog("B2B", ("PERCENTAGE_DECREASE", "10"))
    buyer = acme["buyer"]
    cold, cold_statements = await answer(buyer)
    warm, warm_statements = await answer(buyer)
    assert warm == cold and bolt_price(warm) == "9.00"
    assert cold_statements >= 4 and warm_statements <= 2  # the session (with shop and roles), the catalogs
    anonymous, _ = await answer(storefront)
    again, statements = await answer(storefront)
    assert again == anonymous and bolt_price(again) == "10.00" and statements <= 1  # the shop's settings


async def test_variables_and_the_operation_are_part_of_the_key(acme):
    buyer = acme["buyer"]
    one, _ = await answer(buyer, first=1)
    two, _ = await answer(buyer, first=2)
    assert len(one["products"]["nodes"]) == 1 and len(two["products"]["nodes"]) == 2


@pytest.mark.parametrize("document", [
    "query($first: Int!) { viewer { email } products(first: $first) { nodes { handle } } }",
    "query($id: ID!) { node(id: $id) { id } }",
    "query($first: Int!) { products(first: $first) { nodes { handle } } ...F } fragment F on Query { shop { name } }",
])
async def test_documents_with_more_than_catalog_data_run_every_time(acme, document):
    buyer = acme["buyer"]
    variables = {"id": acme["bolt"]["id"]} if "$id" in document else {"first": 5}
    _, first = await answer(buyer, document, **variables)
    _, second = await answer(buyer, document, **variables)
    assert second == first and second > 2


async def test_buyers_priced_by_the_same_catalogs_share_answers_but_not_with_other_catalogs(
    acme, admin, db, client, catalog
):
    made = await catalog("B2B", ("PERCENTAGE_DECREASE", "10"))
    other_location = (await create_company(admin, "Beta", email="bea@beta.test"))["locations"]["nodes"][0]["id"]
    third = (await create_company(admin, "Gamma", email="gus@gamma.test"))
    payload = (await admin(CONTEXT, id=made["id"], add={"companyLocationIds": [other_location]}))
    assert payload["catalogContextUpdate"]["userErrors"] == []
    first, _ = await answer(acme["buyer"])
    shared, statements = await answer(await login(db, client, "bea@beta.test"))
    assert shared == first and statements <= 2
    base, statements = await answer(await login(db, client, "gus@gamma.test"))  # no catalog: base prices
    assert bolt_price(base) == "10.00" and bolt_price(shared) == "9.00" and statements > 2
    assert third["locations"]["nodes"]


async def test_with_response_cache_off_every_request_runs(acme, settings, db):
    off = settings.model_copy(update={"response_cache": "off"})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(off, db)), base_url="http://t") as http:
        buyer = GraphQLClient(http, "/graphql", acme["buyer"].token)
        _, first = await answer(buyer)
        _, second = await answer(buyer)
    assert second == first > 2


async def test_an_answer_still_gets_its_etag_and_304_from_the_cache(acme):
    buyer = acme["buyer"]
    first = await buyer.post(PAGE, first=3)
    hit = await buyer.http.post("/graphql", json={"query": PAGE, "variables": {"first": 3}},
                                headers={"Authorization": f"Bearer {buyer.token}", "If-None-Match": first.headers["etag"]})
    assert hit.status_code == 304 and hit.headers["etag"] == first.headers["etag"]


def test_the_cache_is_bounded_by_the_bytes_it_holds():
    cache = ResponseCache(budget=1000, max_answer=400)
    for i in range(10):
        cache.put((1, f"doc{i}", None, b"{}", ()), b"x" * 300)
    assert cache.size <= 1000 and cache.get((1, "doc9", None, b"{}", ())) is not None
    assert cache.get((1, "doc0", None, b"{}", ())) is None
    cache.put((1, "big", None, b"{}", ()), b"x" * 500)
    assert cache.get((1, "big", None, b"{}", ())) is None


# -- two instances of the gateway on one database ------------------------------------------------


@pytest.fixture
async def other_instance(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """A second gateway: its own app, connection pool and response cache, on the same database."""
    database = Database(db.url)
    try:
        transport = httpx.ASGITransport(app=create_app(settings, database))
        async with httpx.AsyncClient(transport=transport, base_url="http://other") as http:
            yield http
    finally:
        await database.dispose()


@pytest.fixture
def other_admin(other_instance, staff_token) -> GraphQLClient:  # noqa: ANN001
    return GraphQLClient(other_instance, "/admin/graphql", staff_token)


async def cached(client: GraphQLClient) -> dict:
    """The page as the client sees it, asked twice so that the second answer came from the cache."""
    first, _ = await answer(client)
    second, statements = await answer(client)
    assert second == first and statements <= 2
    return second


async def test_a_price_changed_on_one_instance_shows_on_the_other(acme, catalog, other_admin):
    made = await catalog("B2B", ("PERCENTAGE_DECREASE", "10"))
    assert bolt_price(await cached(acme["buyer"])) == "9.00"
    await add_prices(other_admin, made, {"variantId": acme["bolt"]["variants"][0]["id"], "price": "7.50"})
    assert bolt_price((await answer(acme["buyer"]))[0]) == "7.50"


async def test_a_catalog_assignment_changed_on_one_instance_shows_on_the_other(acme, catalog, other_admin):
    made = await catalog("B2B", ("PERCENTAGE_DECREASE", "10"))
    assert bolt_price(await cached(acme["buyer"])) == "9.00"
    payload = await other_admin(CONTEXT, id=made["id"], remove={"companyLocationIds": [acme["location"]]})
    assert payload["catalogContextUpdate"]["userErrors"] == []
    assert bolt_price((await answer(acme["buyer"]))[0]) == "10.00"


async def test_a_product_status_changed_on_one_instance_shows_on_the_other(acme, other_admin):
    handles = [p["handle"] for p in (await cached(acme["buyer"]))["products"]["nodes"]]
    assert "bolt" in handles
    payload = await other_admin(PRODUCT_UPDATE, id=acme["bolt"]["id"], input={"status": "DRAFT"})
    assert payload["productUpdate"]["userErrors"] == []
    handles = [p["handle"] for p in (await answer(acme["buyer"]))[0]["products"]["nodes"]]
    assert "bolt" not in handles and "nut" in handles


async def test_the_access_mode_changed_on_one_instance_shows_on_the_other(acme, storefront, other_admin):
    assert bolt_price(await cached(storefront)) == "10.00"
    payload = await other_admin(SHOP_UPDATE, input={"accessMode": "LOGIN_FOR_PRICES"})
    assert payload["shopUpdate"]["userErrors"] == []
    assert bolt_price((await answer(storefront))[0]) is None
    payload = await other_admin(SHOP_UPDATE, input={"accessMode": "B2B_ONLY"})
    assert (await answer(storefront))[0]["products"]["nodes"] == []
