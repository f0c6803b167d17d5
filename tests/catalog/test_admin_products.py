"""productCreate, productUpdate, productDelete and productVariantDelete through HTTP."""

import pytest

from tests.helpers import ERRORS, PRODUCT_CREATE, codes, count, create_product

UPDATE = f"""mutation($id: ID!, $input: ProductInput!) {{ productUpdate(id: $id, input: $input) {{
    product {{ id handle title status variants {{ id sku title price {{ amount }} }} }} {ERRORS} }} }}"""
READ = "query($id: ID!) { node(id: $id) { ... on Product { handle title variants { sku price { amount } } } } }"


async def test_create_derives_the_handle_and_keeps_variant_order(admin):
    payload = (await admin(PRODUCT_CREATE, input={"title": "Große Schraube M8", "variants": [
        {"sku": "M8-10", "price": "1.50", "title": "10 mm"}, {"sku": "M8-20", "price": "2"},
    ]}))["productCreate"]
    assert payload["userErrors"] == []
    assert payload["product"]["handle"] == "grosse-schraube-m8"
    data = await admin(READ, id=payload["product"]["id"])
    assert data["node"]["variants"] == [
        {"sku": "M8-10", "price": {"amount": "1.50"}}, {"sku": "M8-20", "price": {"amount": "2.00"}},
    ]


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"title": "", "variants": [{"sku": "A", "price": "1"}]}, ["input", "title"], "BLANK"),
        ({"title": "x" * 256, "handle": "x", "variants": [{"sku": "A", "price": "1"}]}, ["input", "title"], "TOO_LONG"),
        ({"title": "A", "variants": []}, ["input", "variants"], "BLANK"),
        ({"title": "A", "handle": "Not A Handle", "variants": [{"sku": "A", "price": "1"}]}, ["input", "handle"], "INVALID"),
        ({"title": "Bolt", "variants": [{"sku": "A", "price": "1"}]}, ["input", "handle"], "TAKEN"),
        ({"title": "A", "variants": [{"sku": "BOLT", "price": "1"}]}, ["input", "variants", "0", "sku"], "TAKEN"),
        ({"title": "A", "variants": [{"sku": "X", "price": "1"}, {"sku": "X", "price": "1"}]},
         ["input", "variants", "1", "sku"], "TAKEN"),
        ({"title": "A", "variants": [{"sku": "", "price": "1"}]}, ["input", "variants", "0", "sku"], "BLANK"),
        ({"title": "A", "variants": [{"sku": "A"}]}, ["input", "variants", "0", "price"], "BLANK"),
        ({"title": "A", "variants": [{"sku": "A", "price": "-0.01"}]}, ["input", "variants", "0", "price"], "LESS_THAN"),
        ({"title": "A", "variants": [{"sku": "A", "price": "0.001"}]}, ["input", "variants", "0", "price"], "INVALID"),
        ({"title": "A", "variants": [{"sku": "A", "price": "1e-999999999"}]}, ["input", "variants", "0", "price"],
         "INVALID"),
        ({"title": "A", "variants": [{"sku": "A", "price": "1e999999"}]}, ["input", "variants", "0", "price"],
         "GREATER_THAN"),
    ],
)
async def test_create_refuses_bad_input_and_stores_nothing(admin, input, field, code):
    await create_product(admin, "Bolt", "BOLT")
    payload = (await admin(PRODUCT_CREATE, input=input))["productCreate"]
    assert codes(payload) == [(field, code)]
    assert payload["product"] is None
    assert await count(admin, "products") == 1


async def test_update_changes_and_adds_variants(admin):
    product = await create_product(admin, "Bolt", "B-1")
    variant = product["variants"][0]["id"]
    payload = (await admin(UPDATE, id=product["id"], input={
        "title": "Bolt M8", "status": "DRAFT",
        "variants": [{"id": variant, "price": "3.25"}, {"sku": "B-2", "price": "4"}],
    }))["productUpdate"]
    assert payload["userErrors"] == []
    assert payload["product"]["title"] == "Bolt M8" and payload["product"]["status"] == "DRAFT"
    assert payload["product"]["handle"] == "bolt"
    assert [(v["sku"], v["price"]["amount"]) for v in payload["product"]["variants"]] == [("B-1", "3.25"), ("B-2", "4.00")]


async def test_update_refuses_bad_input_and_changes_nothing(admin):
    other = await create_product(admin, "Nut", "N-1")
    product = await create_product(admin, "Bolt", "B-1")
    before = (await admin(READ, id=product["id"]))["node"]
    payload = (await admin(UPDATE, id=product["id"], input={
        "title": "", "handle": "nut",
        "variants": [{"id": product["variants"][0]["id"], "price": "-1"}, {"id": other["variants"][0]["id"], "sku": "X"}],
    }))["productUpdate"]
    assert codes(payload) == [
        (["input", "title"], "BLANK"), (["input", "handle"], "TAKEN"),
        (["input", "variants", "0", "price"], "LESS_THAN"), (["input", "variants", "1", "id"], "NOT_FOUND"),
    ]
    assert (await admin(READ, id=product["id"]))["node"] == before


async def test_delete_product_and_variant(admin):
    product = await create_product(admin, "Bolt", "B-1", "B-2")
    delete_variant = f"mutation($id: ID!) {{ productVariantDelete(id: $id) {{ deletedProductVariantId {ERRORS} }} }}"
    first, second = (v["id"] for v in product["variants"])
    assert (await admin(delete_variant, id=first))["productVariantDelete"] == {
        "deletedProductVariantId": first, "userErrors": [],
    }
    last = (await admin(delete_variant, id=second))["productVariantDelete"]
    assert codes(last) == [(["id"], "INVALID")]
    assert codes((await admin(delete_variant, id=first))["productVariantDelete"]) == [(["id"], "NOT_FOUND")]
    delete = f"mutation($id: ID!) {{ productDelete(id: $id) {{ deletedProductId {ERRORS} }} }}"
    assert (await admin(delete, id=product["id"]))["productDelete"] == {"deletedProductId": product["id"], "userErrors": []}
    assert (await admin(READ, id=product["id"]))["node"] is None
    assert (await admin("query($id: ID!) { node(id: $id) { id } }", id=second))["node"] is None
    assert codes((await admin(delete, id=product["id"]))["productDelete"]) == [(["id"], "NOT_FOUND")]


async def test_variants_added_later_come_after_the_existing_ones(admin):
    product = await create_product(admin, "Bolt", "B-1", "B-2")
    for sku in ("B-3", "B-4"):
        payload = (await admin(UPDATE, id=product["id"], input={"variants": [{"sku": sku, "price": "1"}]}))
        assert payload["productUpdate"]["userErrors"] == []
    data = await admin(READ, id=product["id"])
    assert [v["sku"] for v in data["node"]["variants"]] == ["B-1", "B-2", "B-3", "B-4"]


async def test_at_most_100_variants_at_once(admin):
    variants = [{"sku": f"S-{i}", "price": "1"} for i in range(101)]
    payload = (await admin(PRODUCT_CREATE, input={"title": "Many", "variants": variants}))["productCreate"]
    assert codes(payload) == [(["input", "variants"], "TOO_LONG")]
    assert await count(admin, "products") == 0
