"""Catalogs, their locations (catalogContextUpdate) and price lists with fixed prices, through HTTP."""

import pytest

from tests.helpers import CATALOG_CREATE, ERRORS, codes, count, create_catalog, create_company, create_product

CATALOG = """id title status allProducts priceList { id currency adjustment { type value } }
    companyLocations(first: 10) { nodes { id } } products(first: 10) { nodes { id } }"""
READ = f"query($id: ID!) {{ node(id: $id) {{ ... on Catalog {{ {CATALOG} }} }} }}"
UPDATE = f"""mutation($id: ID!, $input: CatalogUpdateInput!) {{ catalogUpdate(id: $id, input: $input) {{
    catalog {{ {CATALOG} }} {ERRORS} }} }}"""
DELETE = f"mutation($id: ID!) {{ catalogDelete(id: $id) {{ deletedId {ERRORS} }} }}"
CONTEXT = f"""mutation($id: ID!, $add: CatalogContextInput, $remove: CatalogContextInput) {{
    catalogContextUpdate(catalogId: $id, contextsToAdd: $add, contextsToRemove: $remove) {{
      catalog {{ companyLocations(first: 10) {{ nodes {{ id }} }} }} {ERRORS} }} }}"""
PRICES = """prices(first: 10) { nodes { variant { sku } price { amount currencyCode }
    quantityPriceBreaks { minimumQuantity price { amount } } quantityRule { minimum maximum increment } } }"""
ADD = f"""mutation($id: ID!, $prices: [PriceListPriceInput!]!) {{
    priceListFixedPricesAdd(priceListId: $id, prices: $prices) {{ priceList {{ {PRICES} }} {ERRORS} }} }}"""
REMOVE = f"""mutation($id: ID!, $variants: [ID!]!) {{
    priceListFixedPricesDelete(priceListId: $id, variantIds: $variants) {{ priceList {{ {PRICES} }} {ERRORS} }} }}"""
READ_PRICES = f"query($id: ID!) {{ node(id: $id) {{ ... on PriceList {{ {PRICES} }} }} }}"


async def location_of(admin, name: str = "Acme", email: str | None = None) -> str:
    return (await create_company(admin, name, email=email))["locations"]["nodes"][0]["id"]


async def test_create_with_locations_products_and_an_adjusted_price_list(admin):
    location = await location_of(admin)
    product = await create_product(admin)
    payload = (await admin(CATALOG_CREATE, input={
        "title": "Wholesale", "companyLocationIds": [location], "productIds": [product["id"]],
        "priceList": {"currency": "eur", "adjustment": {"type": "PERCENTAGE_DECREASE", "value": "12.5"}},
    }))["catalogCreate"]
    assert payload["userErrors"] == []
    catalog = (await admin(READ, id=payload["catalog"]["id"]))["node"]
    assert catalog["title"] == "Wholesale" and catalog["status"] == "ACTIVE" and catalog["allProducts"] is False
    assert catalog["priceList"]["currency"] == "EUR"
    assert catalog["priceList"]["adjustment"] == {"type": "PERCENTAGE_DECREASE", "value": "12.5"}
    assert catalog["companyLocations"]["nodes"] == [{"id": location}]
    assert catalog["products"]["nodes"] == [{"id": product["id"]}]
    listed = await admin("query($id: ID!) { node(id: $id) { ... on CompanyLocation { catalogs(first: 5) { nodes { id } } } } }",
                         id=location)
    assert listed["node"]["catalogs"]["nodes"] == [{"id": catalog["id"]}]


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"title": " "}, ["input", "title"], "BLANK"),
        ({"title": "A", "priceList": {"currency": "EURO"}}, ["input", "priceList", "currency"], "INVALID"),
        ({"title": "A", "priceList": {"currency": "EUR", "adjustment": {"type": "PERCENTAGE_DECREASE", "value": "101"}}},
         ["input", "priceList", "adjustment", "value"], "GREATER_THAN"),
        ({"title": "A", "priceList": {"currency": "EUR", "adjustment": {"type": "PERCENTAGE_INCREASE", "value": "-1"}}},
         ["input", "priceList", "adjustment", "value"], "LESS_THAN"),
        ({"title": "A", "companyLocationIds": ["gid://gateway/Company/1"]}, ["input", "companyLocationIds", "0"], "NOT_FOUND"),
        ({"title": "A", "productIds": ["gid://gateway/Product/999"]}, ["input", "productIds", "0"], "NOT_FOUND"),
    ],
)
async def test_create_refuses_bad_input_and_stores_nothing(admin, input, field, code):
    await create_company(admin, email=None)
    payload = (await admin(CATALOG_CREATE, input=input))["catalogCreate"]
    assert codes(payload) == [(field, code)]
    assert await count(admin, "catalogs") == 0


async def test_all_catalogs_of_a_location_share_one_currency(admin):
    location = await location_of(admin)
    await create_catalog(admin, "Euro", "EUR", companyLocationIds=[location])
    payload = (await admin(CATALOG_CREATE, input={
        "title": "Kronor", "companyLocationIds": [location], "priceList": {"currency": "SEK"},
    }))["catalogCreate"]
    assert codes(payload) == [(["input", "priceList", "currency"], "CURRENCY_MISMATCH")]
    assert await count(admin, "catalogs") == 1
    # Adding the location later to a catalog in another currency is refused the same way.
    sek = await create_catalog(admin, "Kronor", "SEK")
    context = (await admin(CONTEXT, id=sek["id"], add={"companyLocationIds": [location]}))["catalogContextUpdate"]
    assert codes(context) == [(["contextsToAdd", "companyLocationIds"], "CURRENCY_MISMATCH")]
    assert (await admin(READ, id=sek["id"]))["node"]["companyLocations"]["nodes"] == []


async def test_context_update_adds_and_removes_locations(admin):
    one, two = await location_of(admin, "One"), await location_of(admin, "Two")
    catalog = await create_catalog(admin, companyLocationIds=[one])
    payload = (await admin(CONTEXT, id=catalog["id"], add={"companyLocationIds": [two]},
                           remove={"companyLocationIds": [one]}))["catalogContextUpdate"]
    assert payload == {"catalog": {"companyLocations": {"nodes": [{"id": two}]}}, "userErrors": []}
    bad = (await admin(CONTEXT, id=catalog["id"], add={"companyLocationIds": [one, "gid://gateway/CompanyLocation/999"]}))
    assert codes(bad["catalogContextUpdate"]) == [(["contextsToAdd", "companyLocationIds", "1"], "NOT_FOUND")]
    assert (await admin(READ, id=catalog["id"]))["node"]["companyLocations"]["nodes"] == [{"id": two}]
    unknown = await admin(CONTEXT, id="gid://gateway/Catalog/999", add={"companyLocationIds": [one]})
    assert codes(unknown["catalogContextUpdate"]) == [(["catalogId"], "NOT_FOUND")]


async def test_update_and_its_failures(admin):
    product = await create_product(admin)
    catalog = await create_catalog(admin, productIds=[product["id"]])
    payload = (await admin(UPDATE, id=catalog["id"], input={
        "title": "Renamed", "status": "DRAFT", "productIds": None,
        "priceList": {"adjustment": {"type": "PERCENTAGE_INCREASE", "value": "5"}},
    }))["catalogUpdate"]
    assert payload["userErrors"] == []
    updated = (await admin(READ, id=catalog["id"]))["node"]
    assert (updated["title"], updated["status"], updated["allProducts"]) == ("Renamed", "DRAFT", True)
    assert updated["priceList"]["adjustment"] == {"type": "PERCENTAGE_INCREASE", "value": "5"}
    bad = (await admin(UPDATE, id=catalog["id"], input={
        "title": "", "productIds": ["gid://gateway/Product/999"],
    }))["catalogUpdate"]
    assert codes(bad) == [(["input", "title"], "BLANK"), (["input", "productIds", "0"], "NOT_FOUND")]
    assert (await admin(READ, id=catalog["id"]))["node"] == updated


async def test_delete_removes_catalog_and_price_list(admin):
    catalog = await create_catalog(admin, companyLocationIds=[await location_of(admin)])
    assert (await admin(DELETE, id=catalog["id"]))["catalogDelete"] == {"deletedId": catalog["id"], "userErrors": []}
    assert (await admin(READ, id=catalog["id"]))["node"] is None
    assert (await admin("query($id: ID!) { node(id: $id) { id } }", id=catalog["priceList"]["id"]))["node"] is None
    assert codes((await admin(DELETE, id=catalog["id"]))["catalogDelete"]) == [(["id"], "NOT_FOUND")]


async def test_fixed_prices_with_breaks_and_rules_replace_and_delete(admin):
    product = await create_product(admin, "Bolt", "B-1", "B-2")
    price_list = (await create_catalog(admin, currency="EUR"))["priceList"]["id"]
    one, two = (v["id"] for v in product["variants"])
    payload = (await admin(ADD, id=price_list, prices=[
        {"variantId": one, "price": "9.50", "quantityPriceBreaks": [{"minimumQuantity": 10, "price": "9"}],
         "quantityRule": {"minimum": 5, "increment": 5, "maximum": 100}},
        {"variantId": two, "price": "3"},
    ]))["priceListFixedPricesAdd"]
    assert payload["userErrors"] == []
    assert payload["priceList"]["prices"]["nodes"] == [
        {"variant": {"sku": "B-1"}, "price": {"amount": "9.50", "currencyCode": "EUR"},
         "quantityPriceBreaks": [{"minimumQuantity": 10, "price": {"amount": "9.00"}}],
         "quantityRule": {"minimum": 5, "maximum": 100, "increment": 5}},
        {"variant": {"sku": "B-2"}, "price": {"amount": "3.00", "currencyCode": "EUR"},
         "quantityPriceBreaks": [], "quantityRule": None},
    ]
    replaced = (await admin(ADD, id=price_list, prices=[
        {"variantId": one, "price": "8", "quantityPriceBreaks": [], "quantityRule": None},
    ]))["priceListFixedPricesAdd"]
    assert replaced["priceList"]["prices"]["nodes"][0] == {
        "variant": {"sku": "B-1"}, "price": {"amount": "8.00", "currencyCode": "EUR"},
        "quantityPriceBreaks": [], "quantityRule": None,
    }
    removed = (await admin(REMOVE, id=price_list, variants=[one]))["priceListFixedPricesDelete"]
    assert removed["userErrors"] == []
    assert [n["variant"]["sku"] for n in removed["priceList"]["prices"]["nodes"]] == ["B-2"]
    unknown = (await admin(REMOVE, id=price_list, variants=["gid://gateway/Product/1"]))["priceListFixedPricesDelete"]
    assert codes(unknown) == [(["variantIds", "0"], "NOT_FOUND")]


RULE = ["prices", "0", "quantityRule"]
BREAKS = ["prices", "0", "quantityPriceBreaks"]


@pytest.mark.parametrize(
    ("item", "field", "code"),
    [
        ({"price": "-1"}, ["prices", "0", "price"], "LESS_THAN"),
        ({"price": "1.005"}, ["prices", "0", "price"], "INVALID"),
        ({"quantityRule": {"minimum": 0}}, [*RULE, "minimum"], "LESS_THAN"),
        ({"quantityRule": {"increment": 0}}, [*RULE, "increment"], "LESS_THAN"),
        ({"quantityRule": {"minimum": 5, "increment": 2}}, [*RULE, "minimum"], "INVALID"),
        ({"quantityRule": {"minimum": 10, "maximum": 5}}, [*RULE, "maximum"], "LESS_THAN"),
        ({"quantityRule": {"minimum": 2, "increment": 2, "maximum": 9}}, [*RULE, "maximum"], "INVALID"),
        ({"quantityPriceBreaks": [{"minimumQuantity": 1, "price": "1"}]}, [*BREAKS, "0", "minimumQuantity"], "LESS_THAN"),
        ({"quantityPriceBreaks": [{"minimumQuantity": 5, "price": "1"}, {"minimumQuantity": 5, "price": "2"}]},
         [*BREAKS, "1", "minimumQuantity"], "TAKEN"),
        ({"quantityPriceBreaks": [{"minimumQuantity": 5, "price": "-2"}]}, [*BREAKS, "0", "price"], "LESS_THAN"),
        ({"variantId": "gid://gateway/Product/1"}, ["prices", "0", "variantId"], "NOT_FOUND"),
    ],
)
async def test_fixed_prices_refuse_bad_input_and_change_nothing(admin, item, field, code):
    product = await create_product(admin, "Bolt", "B-1")
    price_list = (await create_catalog(admin, currency="EUR"))["priceList"]["id"]
    variant = product["variants"][0]["id"]
    await admin(ADD, id=price_list, prices=[{"variantId": variant, "price": "5"}])
    payload = (await admin(ADD, id=price_list, prices=[{"variantId": variant, "price": "4", **item}]))
    assert codes(payload["priceListFixedPricesAdd"]) == [(field, code)]
    nodes = (await admin(READ_PRICES, id=price_list))["node"]["prices"]["nodes"]
    assert [(n["price"]["amount"], n["quantityRule"], n["quantityPriceBreaks"]) for n in nodes] == [("5.00", None, [])]


async def test_currency_decimals_follow_the_price_list(admin):
    product = await create_product(admin, "Bolt", "B-1")
    price_list = (await create_catalog(admin, currency="JPY"))["priceList"]["id"]
    payload = await admin(ADD, id=price_list, prices=[{"variantId": product["variants"][0]["id"], "price": "100.5"}])
    assert codes(payload["priceListFixedPricesAdd"]) == [(["prices", "0", "price"], "INVALID")]


async def test_the_same_variant_twice_is_refused(admin):
    product = await create_product(admin, "Bolt", "B-1")
    price_list = (await create_catalog(admin))["priceList"]["id"]
    variant = product["variants"][0]["id"]
    payload = await admin(ADD, id=price_list, prices=[{"variantId": variant, "price": "1"}, {"variantId": variant, "price": "2"}])
    assert codes(payload["priceListFixedPricesAdd"]) == [(["prices", "1", "variantId"], "TAKEN")]


async def test_fixed_prices_on_an_unknown_price_list(admin):
    payload = await admin(ADD, id="gid://gateway/Catalog/1", prices=[])
    assert codes(payload["priceListFixedPricesAdd"]) == [(["priceListId"], "NOT_FOUND")]


async def test_a_price_list_keeps_its_currency(admin):
    catalog = await create_catalog(admin, currency="EUR")
    payload = (await admin(UPDATE, id=catalog["id"], input={"priceList": {"currency": "SEK"}}))["catalogUpdate"]
    assert codes(payload) == [(["input", "priceList", "currency"], "INVALID")]
    assert (await admin(READ, id=catalog["id"]))["node"]["priceList"]["currency"] == "EUR"
    same = (await admin(UPDATE, id=catalog["id"], input={"priceList": {"currency": "eur"}}))["catalogUpdate"]
    assert same["userErrors"] == []


async def test_update_adds_a_price_list_checked_against_the_locations_other_catalogs(admin):
    location = await location_of(admin)
    await create_catalog(admin, "Euro", "EUR", companyLocationIds=[location])
    plain = await create_catalog(admin, "Plain", None, companyLocationIds=[location])
    payload = (await admin(UPDATE, id=plain["id"], input={"priceList": {"currency": "SEK"}}))["catalogUpdate"]
    assert codes(payload) == [(["input", "priceList", "currency"], "CURRENCY_MISMATCH")]
    assert (await admin(READ, id=plain["id"]))["node"]["priceList"] is None


async def test_id_lists_are_capped_at_250(admin):
    ids = [f"gid://gateway/CompanyLocation/{i}" for i in range(251)]
    payload = (await admin(CATALOG_CREATE, input={"title": "Big", "companyLocationIds": ids}))["catalogCreate"]
    assert codes(payload) == [(["input", "companyLocationIds"], "TOO_LONG")]
    price_list = (await create_catalog(admin))["priceList"]["id"]
    prices = [{"variantId": f"gid://gateway/ProductVariant/{i}", "price": "1"} for i in range(251)]
    assert codes((await admin(ADD, id=price_list, prices=prices))["priceListFixedPricesAdd"]) == [(["prices"], "TOO_LONG")]
