"""Every pricing rule of gateway/catalog/pricing.py, as a storefront viewer sees it."""

from __future__ import annotations

from tests.catalog.helpers import add_prices, login, set_access_mode, variant_of
from tests.helpers import create_company

DECREASE, INCREASE = "PERCENTAGE_DECREASE", "PERCENTAGE_INCREASE"
CATALOG_UPDATE = """mutation($id: ID!, $input: CatalogUpdateInput!) { catalogUpdate(id: $id, input: $input) {
    userErrors { code } } }"""


def money(variant: dict) -> str | None:
    return variant["price"]["amount"] if variant["price"] else None


async def test_fixed_price_wins_over_base(acme, catalog, admin):
    b2b = await catalog()
    await add_prices(admin, b2b, {"variantId": acme["bolt"]["variants"][0]["id"], "price": "7.00"})
    small = await variant_of(acme["buyer"], "bolt")
    assert small["price"] == {"amount": "7.00", "currencyCode": "EUR"}
    assert small["priceSource"] == {"catalogId": b2b["id"], "catalogTitle": "B2B", "rule": "FIXED"}
    # The catalog has no adjustment: the other variant keeps its base price, still from that catalog.
    large = await variant_of(acme["buyer"], "bolt", 1)
    assert money(large) == "20.00" and large["priceSource"]["rule"] == "BASE"


async def test_percentage_decrease_and_increase(acme, catalog, admin, db, client):
    await catalog(adjustment=(DECREASE, "10"))
    assert money(await variant_of(acme["buyer"], "bolt")) == "9.00"
    beta = await create_company(admin, "Beta", email="ben@beta.test")
    await catalog("Dear", adjustment=(INCREASE, "12.5"), companyLocationIds=[beta["locations"]["nodes"][0]["id"]])
    bolt = await variant_of(await login(db, client, "ben@beta.test"), "bolt")
    assert money(bolt) == "11.25" and bolt["priceSource"]["rule"] == "PERCENTAGE"


async def test_percentage_rounds_half_up_to_the_minor_unit(acme, catalog):
    await catalog(adjustment=(DECREASE, "10"))
    # 10.05 less 10 % is 9.045: half a cent rounds up.
    assert money(await variant_of(acme["buyer"], "nut")) == "9.05"


async def test_two_catalogs_each_win_for_a_different_variant(acme, catalog, admin):
    tenth = await catalog("Ten off", adjustment=(DECREASE, "10"))
    fixed = await catalog("Fixed")
    small, large = (v["id"] for v in acme["bolt"]["variants"])
    await add_prices(admin, fixed, {"variantId": small, "price": "8.50"}, {"variantId": large, "price": "19.00"})
    first, second = await variant_of(acme["buyer"], "bolt"), await variant_of(acme["buyer"], "bolt", 1)
    assert money(first) == "8.50" and first["priceSource"]["catalogId"] == fixed["id"]
    assert money(second) == "18.00" and second["priceSource"] == {
        "catalogId": tenth["id"], "catalogTitle": "Ten off", "rule": "PERCENTAGE",
    }


async def test_price_breaks_apply_from_their_minimum_quantity(acme, catalog, admin):
    b2b = await catalog()
    await add_prices(admin, b2b, {
        "variantId": acme["bolt"]["variants"][0]["id"], "price": "9.00",
        "quantityPriceBreaks": [{"minimumQuantity": 10, "price": "8.00"}, {"minimumQuantity": 50, "price": "7.00"}],
        "quantityRule": {"minimum": 2, "maximum": 100, "increment": 2},
    })
    below = await variant_of(acme["buyer"], "bolt", quantity=9)
    assert money(below) == "9.00" and below["priceSource"]["rule"] == "FIXED"
    at = await variant_of(acme["buyer"], "bolt", quantity=10)
    assert money(at) == "8.00" and at["priceSource"]["rule"] == "PRICE_BREAK"
    assert money(await variant_of(acme["buyer"], "bolt", quantity=50)) == "7.00"
    assert [(b["minimumQuantity"], b["price"]["amount"]) for b in at["priceBreaks"]] == [(10, "8.00"), (50, "7.00")]
    assert at["quantityRule"] == {"minimum": 2, "maximum": 100, "increment": 2}


async def test_quantity_rule_comes_from_the_catalog_that_gives_the_price(acme, catalog, admin):
    cheap = await catalog("Cheap")
    dear = await catalog("Dear")
    variant = acme["bolt"]["variants"][0]["id"]
    await add_prices(admin, cheap, {"variantId": variant, "price": "5.00", "quantityRule": {"minimum": 10}})
    await add_prices(admin, dear, {"variantId": variant, "price": "6.00", "quantityRule": {"minimum": 3}})
    bolt = await variant_of(acme["buyer"], "bolt")
    assert money(bolt) == "5.00" and bolt["quantityRule"] == {"minimum": 10, "maximum": None, "increment": 1}
    # Without a rule of its own the winning catalog gives the default rule.
    assert (await variant_of(acme["buyer"], "bolt", 1))["quantityRule"] == {"minimum": 1, "maximum": None, "increment": 1}


async def test_location_without_catalog_sees_base_prices(acme):
    bolt = await variant_of(acme["buyer"], "bolt")
    assert money(bolt) == "10.00"
    assert bolt["priceSource"] == {"catalogId": None, "catalogTitle": None, "rule": "BASE"}


async def test_d2c_and_anonymous_get_base_prices(acme, catalog, admin, db, client, storefront):
    await catalog(adjustment=(DECREASE, "50"))
    d2c = await login(db, client, "dora@example.test")
    assert money(await variant_of(d2c, "bolt")) == "10.00"
    assert money(await variant_of(storefront, "bolt")) == "10.00"
    assert money(await variant_of(acme["buyer"], "bolt")) == "5.00"


async def test_login_for_prices_hides_prices_from_anonymous_only(acme, db, client, storefront):
    await set_access_mode(db, "LOGIN_FOR_PRICES")
    anonymous = await variant_of(storefront, "bolt")
    assert anonymous["sku"] == "BOLT-S" and anonymous["price"] is None and anonymous["priceSource"] is None
    assert money(await variant_of(await login(db, client, "dora@example.test"), "bolt")) == "10.00"
    assert money(await variant_of(acme["buyer"], "bolt")) == "10.00"


async def test_b2b_only_shows_no_products_to_anonymous_or_d2c(acme, db, client, storefront):
    await set_access_mode(db, "B2B_ONLY")
    d2c = await login(db, client, "dora@example.test")
    for viewer in (storefront, d2c):
        data = await viewer(f"""{{ products(first: 10) {{ nodes {{ id }} }} product(handle: "bolt") {{ id }}
            node(id: "{acme['bolt']['id']}") {{ id }} }}""")
        assert data == {"products": {"nodes": []}, "product": None, "node": None}
    assert money(await variant_of(acme["buyer"], "bolt")) == "10.00"


async def test_open_shop_shows_prices_to_anonymous(acme, storefront):
    assert money(await variant_of(storefront, "nut")) == "10.05"


async def test_draft_and_archived_catalogs_are_ignored(acme, catalog, admin):
    draft = await catalog("Draft", adjustment=(DECREASE, "50"), status="DRAFT")
    archived = await catalog("Old", adjustment=(DECREASE, "40"))
    assert money(await variant_of(acme["buyer"], "bolt")) == "6.00"
    assert (await admin(CATALOG_UPDATE, id=archived["id"], input={"status": "ARCHIVED"}))["catalogUpdate"] == {
        "userErrors": []
    }
    bolt = await variant_of(acme["buyer"], "bolt")
    assert money(bolt) == "10.00" and bolt["priceSource"]["catalogId"] is None
    await admin(CATALOG_UPDATE, id=draft["id"], input={"status": "ACTIVE"})
    assert money(await variant_of(acme["buyer"], "bolt")) == "5.00"


async def test_catalog_removed_from_the_location_no_longer_prices(acme, catalog, admin):
    b2b = await catalog(adjustment=(DECREASE, "20"))
    assert money(await variant_of(acme["buyer"], "bolt")) == "8.00"
    await admin(
        """mutation($id: ID!, $ids: [ID!]!) { catalogContextUpdate(catalogId: $id,
            contextsToRemove: {companyLocationIds: $ids}) { userErrors { code } } }""",
        id=b2b["id"], ids=[acme["location"]],
    )
    assert money(await variant_of(acme["buyer"], "bolt")) == "10.00"


async def test_catalog_with_a_product_list_publishes_only_those(acme, catalog):
    await catalog(productIds=[acme["nut"]["id"]], adjustment=(DECREASE, "10"))
    data = await acme["buyer"]("{ products(first: 10) { nodes { handle } } }")
    assert data["products"]["nodes"] == [{"handle": "nut"}]
    assert await variant_of(acme["buyer"], "bolt") is None


async def test_catalog_in_another_currency_prices_only_its_fixed_prices(acme, catalog, admin):
    usd = await catalog("US", currency="USD", adjustment=(DECREASE, "10"))
    await add_prices(admin, usd, {"variantId": acme["bolt"]["variants"][0]["id"], "price": "12.00"})
    assert (await variant_of(acme["buyer"], "bolt"))["price"] == {"amount": "12.00", "currencyCode": "USD"}
    unpriceable = await variant_of(acme["buyer"], "bolt", 1)
    assert unpriceable["price"] is None and unpriceable["priceSource"] is None


async def test_admin_api_keeps_base_prices(acme, catalog, admin):
    await catalog(adjustment=(DECREASE, "50"))
    data = await admin(f"""{{ node(id: "{acme['bolt']['variants'][0]['id']}") {{
        ... on ProductVariant {{ price {{ amount }} }} }} }}""")
    assert data["node"]["price"]["amount"] == "10.00"

