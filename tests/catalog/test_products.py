"""Storefront products: search, sort, keyset pages, lookups, and a constant SQL statement count."""

from __future__ import annotations

from sqlalchemy import insert, select

from gateway.db.models import PriceList, PriceListPrice, Product, ProductVariant, QuantityPriceBreak, QuantityRule
from tests.catalog.helpers import VARIANT_FIELDS

PAGE = f"""query($first: Int!, $q: Int = 1) {{ products(first: $first) {{ nodes {{ id handle title
    variants {{ {VARIANT_FIELDS} availableForSale }} }} }} }}"""


async def handles(client, args: str) -> list[str]:  # noqa: ANN001
    data = await client(f"{{ products({args}) {{ nodes {{ handle }} }} }}")
    return [n["handle"] for n in data["products"]["nodes"]]


async def test_query_matches_title_handle_and_sku(acme, storefront):
    assert await handles(storefront, 'first: 10, query: "nu"') == ["nut"]
    assert await handles(storefront, 'first: 10, query: "bolt-l"') == ["bolt"]
    assert await handles(storefront, 'first: 10, query: "BOLT"') == ["bolt"]


async def test_sort_keys_and_keyset_pages(acme, storefront):
    assert await handles(storefront, "first: 10, sortKey: TITLE, reverse: true") == ["nut", "bolt"]
    assert await handles(storefront, "first: 10, sortKey: CREATED_AT") == ["bolt", "nut"]
    assert await handles(storefront, "first: 10, sortKey: PRICE") == ["bolt", "nut"]
    assert await handles(storefront, "first: 10, sortKey: PRICE, reverse: true") == ["nut", "bolt"]
    page = (await storefront("{ products(first: 1, sortKey: TITLE) { pageInfo { endCursor hasNextPage } } }"))
    cursor = page["products"]["pageInfo"]["endCursor"]
    assert page["products"]["pageInfo"]["hasNextPage"]
    assert await handles(storefront, f'first: 1, sortKey: TITLE, after: "{cursor}"') == ["nut"]
    page = (await storefront("{ products(first: 1, sortKey: PRICE) { pageInfo { endCursor } } }"))
    cursor = page["products"]["pageInfo"]["endCursor"]
    assert await handles(storefront, f'first: 5, sortKey: PRICE, after: "{cursor}"') == ["nut"]
    assert await handles(storefront, "last: 1, sortKey: PRICE") == ["nut"]
    assert (await storefront.errors('{ products(first: 1, sortKey: PRICE, after: "x") { nodes { id } } }'))[0][
        "extensions"]["code"] == "INVALID_CURSOR"


async def test_product_by_id_or_handle_and_node(acme, storefront):
    bolt = acme["bolt"]
    assert (await storefront(f'{{ product(id: "{bolt["id"]}") {{ handle }} }}'))["product"] == {"handle": "bolt"}
    assert (await storefront('{ product(handle: "nope") { id } }'))["product"] is None
    variant = bolt["variants"][0]["id"]
    data = await storefront(f'{{ node(id: "{variant}") {{ ... on ProductVariant {{ sku price {{ amount }} }} }} }}')
    assert data["node"] == {"sku": "BOLT-S", "price": {"amount": "10.00"}}
    assert (await storefront(f'{{ node(id: "{acme["location"]}") {{ id }} }}'))["node"] is None


async def seed(db, n: int) -> None:  # noqa: ANN001
    """n products of three variants each, with fixed prices, a break and a rule on every variant of HQ's catalog."""
    async with db.transaction() as session:
        await session.execute(insert(Product), [{"handle": f"p{i:03}", "title": f"P {i:03}"} for i in range(n)])
        products = (await session.scalars(select(Product.id))).all()
        await session.execute(insert(ProductVariant), [
            {"product_id": p, "sku": f"S{p}-{j}", "price": 1000 + j, "position": j,
             "inventory_quantity": 0 if j else None, "inventory_policy": "DENY" if j == 2 else "CONTINUE"}
            for p in products for j in range(3)  # untracked, sold on without stock, and sold out
        ])
        variants = (await session.scalars(select(ProductVariant.id))).all()
        price_list = await session.scalar(select(PriceList.id))
        await session.execute(insert(PriceListPrice), [{"price_list_id": price_list, "variant_id": v, "price": 900}
                                                       for v in variants])
        await session.execute(insert(QuantityPriceBreak), [
            {"price_list_id": price_list, "variant_id": v, "minimum_quantity": 10, "price": 800} for v in variants
        ])
        await session.execute(insert(QuantityRule), [{"price_list_id": price_list, "variant_id": v, "increment": 2}
                                                     for v in variants])


async def run(client, first: int) -> tuple[int, dict]:  # noqa: ANN001
    response = await client.post(PAGE, first=first)
    body = response.json()
    assert not body.get("errors"), body
    return int(response.headers["x-sql-statements"]), body["data"]


async def test_page_size_does_not_change_the_statement_count(acme, catalog, db):
    await catalog(adjustment=("PERCENTAGE_DECREASE", "10"))
    await catalog("Second")
    await seed(db, 110)
    small, small_data = await run(acme["buyer"], 10)
    large, large_data = await run(acme["buyer"], 100)
    assert len(small_data["products"]["nodes"]) == 10 and len(large_data["products"]["nodes"]) == 100
    variant = large_data["products"]["nodes"][-1]["variants"][2]
    assert variant["price"]["amount"] == "9.00" and variant["quantityRule"]["increment"] == 2
    assert variant["priceBreaks"][0]["minimumQuantity"] == 10
    assert [v["availableForSale"] for v in large_data["products"]["nodes"][-1]["variants"]] == [True, True, False]
    assert small > 0
    assert small == large


async def test_a_page_that_asks_for_no_variants_reads_none(acme, catalog, db):
    await catalog(adjustment=("PERCENTAGE_DECREASE", "10"))
    await seed(db, 10)
    with_variants, _ = await run(acme["buyer"], 10)
    response = await acme["buyer"].post("query { products(first: 10) { nodes { id } } }")
    assert not response.json().get("errors") and len(response.json()["data"]["products"]["nodes"]) == 10
    assert int(response.headers["x-sql-statements"]) < with_variants
