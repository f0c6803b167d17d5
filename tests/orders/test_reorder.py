"""orderReorder through HTTP: a new cart at today's prices, each kind of line left out, each quantity
moved under the quantity rule, the location it buys for, and who may reorder which order."""

from __future__ import annotations

from tests.account.helpers import colleague, company_id, new_location, place_order
from tests.catalog.helpers import add_prices, login, set_access_mode
from tests.helpers import ERRORS, codes

REORDER = f"""mutation($id: ID!) {{ orderReorder(orderId: $id) {{
    cart {{ id location {{ id }} subtotal {{ amount }}
      lines {{ quantity unitPrice {{ amount }} variant {{ sku }} }} }}
    unavailableLines {{ sku title quantity reason }}
    adjustedLines {{ sku requestedQuantity quantity reason }} {ERRORS} }} }}"""


async def reorder(buyer, order: dict) -> dict:  # noqa: ANN001
    return (await buyer(REORDER, id=order["id"]))["orderReorder"]


def lines(payload: dict) -> list[tuple[str, int, str]]:
    return [(ln["variant"]["sku"], ln["quantity"], ln["unitPrice"]["amount"]) for ln in payload["cart"]["lines"]]


async def test_a_reorder_copies_the_lines_at_todays_prices(acme, catalog):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 3), (acme["nut"]["variants"][0], 2))
    await catalog("Ten off", ("PERCENTAGE_DECREASE", "10"))
    payload = await reorder(buyer, order)
    assert payload["userErrors"] == [] and payload["unavailableLines"] == payload["adjustedLines"] == []
    assert lines(payload) == [("BOLT-S", 3, "9.00"), ("NUT", 2, "9.05")]
    assert payload["cart"]["location"]["id"] == acme["location"]
    assert payload["cart"]["subtotal"]["amount"] == "45.10"
    read = (await buyer("query($id: ID!) { cart(id: $id) { lines { quantity } } }", id=payload["cart"]["id"]))
    assert read["cart"]["lines"] == [{"quantity": 3}, {"quantity": 2}]


async def test_a_deleted_variant_is_left_out(acme, admin):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"]
    order = await place_order(buyer, (bolt[0], 1), (bolt[1], 2))
    deleted = await admin(f'mutation($id: ID!) {{ productVariantDelete(id: $id) {{ {ERRORS} }} }}', id=bolt[1]["id"])
    assert deleted["productVariantDelete"]["userErrors"] == []
    payload = await reorder(buyer, order)
    assert lines(payload) == [("BOLT-S", 1, "10.00")]
    assert payload["unavailableLines"] == [{"sku": "BOLT-L", "title": "Bolt", "quantity": 2, "reason": "VARIANT_DELETED"}]


async def test_a_product_no_longer_published_to_the_location_is_left_out(acme, admin, catalog):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 1), (acme["nut"]["variants"][0], 4))
    await catalog("Bolts only", productIds=[acme["bolt"]["id"]])
    payload = await reorder(buyer, order)
    assert lines(payload) == [("BOLT-S", 1, "10.00")]
    assert payload["unavailableLines"] == [{"sku": "NUT", "title": "Nut", "quantity": 4, "reason": "UNPUBLISHED"}]


async def test_a_draft_product_is_left_out_as_unpublished(acme, admin):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["nut"]["variants"][0], 1))
    update = f'mutation($id: ID!) {{ productUpdate(id: $id, input: {{status: DRAFT}}) {{ {ERRORS} }} }}'
    assert (await admin(update, id=acme["nut"]["id"]))["productUpdate"]["userErrors"] == []
    payload = await reorder(buyer, order)
    assert payload["cart"]["lines"] == []
    assert [u["reason"] for u in payload["unavailableLines"]] == ["UNPUBLISHED"]


async def test_a_variant_no_catalog_prices_is_left_out(acme, admin, catalog):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"]
    order = await place_order(buyer, (bolt[0], 2), (bolt[1], 1))
    dollars = await catalog("Dollars", currency="USD")  # percentages price nothing in another currency
    await add_prices(admin, dollars, {"variantId": bolt[0]["id"], "price": "11.00"})
    payload = await reorder(buyer, order)
    assert lines(payload) == [("BOLT-S", 2, "11.00")]
    assert payload["unavailableLines"] == [{"sku": "BOLT-L", "title": "Bolt", "quantity": 1, "reason": "UNPRICEABLE"}]


async def test_quantities_move_to_the_nearest_the_rule_allows(acme, admin, catalog):
    buyer, bolt, nut = acme["buyer"], acme["bolt"]["variants"], acme["nut"]["variants"][0]
    order = await place_order(buyer, (bolt[0], 3), (bolt[1], 9), (nut, 7))
    rules = await catalog("Rules")
    await add_prices(
        admin, rules,
        {"variantId": bolt[0]["id"], "price": "10.00", "quantityRule": {"minimum": 5, "increment": 1}},
        {"variantId": bolt[1]["id"], "price": "20.00", "quantityRule": {"minimum": 2, "maximum": 6, "increment": 2}},
        {"variantId": nut["id"], "price": "10.05", "quantityRule": {"minimum": 4, "increment": 4}},
    )
    payload = await reorder(buyer, order)
    assert payload["userErrors"] == [] and payload["unavailableLines"] == []
    assert payload["adjustedLines"] == [
        {"sku": "BOLT-S", "requestedQuantity": 3, "quantity": 5, "reason": "QUANTITY_BELOW_MINIMUM"},
        {"sku": "BOLT-L", "requestedQuantity": 9, "quantity": 6, "reason": "QUANTITY_ABOVE_MAXIMUM"},
        {"sku": "NUT", "requestedQuantity": 7, "quantity": 8, "reason": "QUANTITY_NOT_MULTIPLE_OF_INCREMENT"},
    ]
    assert [(sku, quantity) for sku, quantity, _ in lines(payload)] == [("BOLT-S", 5), ("BOLT-L", 6), ("NUT", 8)]


async def test_off_increment_quantities_round_to_the_nearer_multiple(acme, admin, catalog):
    buyer, nut = acme["buyer"], acme["nut"]["variants"][0]
    order = await place_order(buyer, (nut, 5))
    await add_prices(admin, await catalog("Packs"), {"variantId": nut["id"], "price": "10.05",
                                                     "quantityRule": {"minimum": 4, "increment": 4}})
    payload = await reorder(buyer, order)
    assert payload["adjustedLines"] == [
        {"sku": "NUT", "requestedQuantity": 5, "quantity": 4, "reason": "QUANTITY_NOT_MULTIPLE_OF_INCREMENT"}
    ]


async def test_without_its_role_on_the_orders_location_the_cart_is_for_the_selected_one(acme, admin, db, client):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 1))
    branch = await new_location(admin, "Branch")
    company = (await admin("query($id: ID!) { company(id: $id) { contacts(first: 1) { nodes { id } } } }",
                           id=await company_id(admin)))["company"]
    contact = company["contacts"]["nodes"][0]["id"]
    roles = """mutation($c: ID!, $new: ID!, $old: ID!) {
        companyContactAssignRole(companyContactId: $c, companyLocationId: $new, role: ORDERING_ONLY) { userErrors { code } }
        companyContactRevokeRole(companyContactId: $c, companyLocationId: $old) { userErrors { code } } }"""
    changed = await admin(roles, c=contact, new=branch, old=acme["location"])
    assert changed["companyContactAssignRole"]["userErrors"] == changed["companyContactRevokeRole"]["userErrors"] == []
    payload = await reorder(buyer, order)  # anna placed it, so she still sees it
    assert payload["userErrors"] == [] and payload["cart"]["location"]["id"] == branch
    assert lines(payload) == [("BOLT-S", 1, "10.00")]


async def test_only_orders_the_viewer_may_see_can_be_reordered(acme, admin, db, client, storefront):
    anna = acme["buyer"]
    order = await place_order(anna, (acme["bolt"]["variants"][0], 1))
    ordering = await colleague(admin, db, client, "olga@acme.test", acme["location"], "ORDERING_ONLY")
    location_admin = await colleague(admin, db, client, "lars@acme.test", acme["location"], "LOCATION_ADMIN")
    await admin(f"""mutation {{ companyCreate(input: {{company: {{name: "Other"}}, companyLocation: {{name: "X"}},
        companyContact: {{email: "otto@other.test"}}}}) {{ {ERRORS} }} }}""")
    stranger = await login(db, client, "otto@other.test")
    d2c = await login(db, client, "dora@mail.test")
    for caller in (ordering, stranger, d2c):
        assert codes(await reorder(caller, order)) == [(["orderId"], "NOT_FOUND")]
    assert codes(await reorder(storefront, order)) == [(["orderId"], "LOGIN_REQUIRED")]
    assert codes(await reorder(anna, {"id": "gid://gateway/Order/999"})) == [(["orderId"], "NOT_FOUND")]
    assert codes(await reorder(anna, {"id": "gid://gateway/Cart/1"})) == [(["orderId"], "NOT_FOUND")]
    payload = await reorder(location_admin, order)
    assert payload["userErrors"] == [] and lines(payload) == [("BOLT-S", 1, "10.00")]
    own = (await location_admin("query($id: ID!) { cart(id: $id) { id } }", id=payload["cart"]["id"]))["cart"]
    assert own == {"id": payload["cart"]["id"]}
    assert (await anna("query($id: ID!) { cart(id: $id) { id } }", id=payload["cart"]["id"]))["cart"] is None


async def test_a_direct_customer_reorders_at_base_prices_until_the_shop_is_b2b_only(acme, db, client):
    dora = await login(db, client, "dora@mail.test")
    order = await place_order(dora, (acme["nut"]["variants"][0], 2))
    payload = await reorder(dora, order)
    assert payload["userErrors"] == [] and payload["cart"]["location"] is None
    assert lines(payload) == [("NUT", 2, "10.05")]
    await set_access_mode(db, "B2B_ONLY")
    payload = await reorder(dora, order)
    assert payload["cart"]["lines"] == []
    assert payload["unavailableLines"] == [{"sku": "NUT", "title": "Nut", "quantity": 2, "reason": "UNPUBLISHED"}]


async def test_without_its_role_on_the_orders_location_and_no_choice_made_the_buyer_must_choose(
    acme, admin, db, client
):
    order = await place_order(acme["buyer"], (acme["bolt"]["variants"][0], 1))
    north, south = await new_location(admin, "North"), await new_location(admin, "South")
    contact = (await admin("query($id: ID!) { company(id: $id) { contacts(first: 1) { nodes { id } } } }",
                           id=await company_id(admin)))["company"]["contacts"]["nodes"][0]["id"]
    roles = """mutation($c: ID!, $a: ID!, $b: ID!, $old: ID!) {
        a: companyContactAssignRole(companyContactId: $c, companyLocationId: $a, role: ORDERING_ONLY) { userErrors { code } }
        b: companyContactAssignRole(companyContactId: $c, companyLocationId: $b, role: ORDERING_ONLY) { userErrors { code } }
        companyContactRevokeRole(companyContactId: $c, companyLocationId: $old) { userErrors { code } } }"""
    await admin(roles, c=contact, a=north, b=south, old=acme["location"])
    buyer = await login(db, client, "anna@acme.test")  # two locations now, none chosen in this session

    payload = await reorder(buyer, order)
    assert payload["cart"] is None and codes(payload) == [(None, "LOCATION_REQUIRED")]

    await buyer("mutation($id: ID!) { selectLocation(locationId: $id) { userErrors { code } } }", id=south)
    payload = await reorder(buyer, order)
    assert payload["userErrors"] == [] and payload["cart"]["location"]["id"] == south


async def test_a_contact_without_any_location_left_gets_no_direct_cart_of_a_company_order(acme, admin):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 1))
    contact = (await admin("query($id: ID!) { company(id: $id) { contacts(first: 1) { nodes { id } } } }",
                           id=await company_id(admin)))["company"]["contacts"]["nodes"][0]["id"]
    revoked = await admin("""mutation($c: ID!, $l: ID!) { companyContactRevokeRole(companyContactId: $c,
        companyLocationId: $l) { userErrors { code } } }""", c=contact, l=acme["location"])
    assert revoked["companyContactRevokeRole"]["userErrors"] == []

    payload = await reorder(buyer, order)  # anna placed it, so she still sees it
    assert payload["cart"] is None and codes(payload) == [(["orderId"], "LOCATION_REQUIRED")]
