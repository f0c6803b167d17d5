"""Carts: bound to the viewer and its location, priced on every read, each rule its own userError."""

from __future__ import annotations

from sqlalchemy import select, update

from gateway.db.models import CompanyLocation, PaymentTermsTemplate
from tests.catalog.helpers import add_prices, login
from tests.helpers import codes

CART = """id poNumber note checkoutMode subtotal { amount currencyCode } amountDueNow { amount }
    location { id } shippingAddress { address1 city } billingAddress { address1 }
    lines { id quantity unitPrice { amount } total { amount } priceSource { rule } variant { sku } }"""
PAYLOAD = f"cart {{ {CART} }} userErrors {{ field code message }}"
CREATE = f"mutation($input: CartInput!) {{ cartCreate(input: $input) {{ {PAYLOAD} }} }}"
ADD = f"mutation($id: ID!, $lines: [CartLineInput!]!) {{ cartLinesAdd(cartId: $id, lines: $lines) {{ {PAYLOAD} }} }}"
UPDATE_LINES = f"""mutation($id: ID!, $lines: [CartLineUpdateInput!]!) {{
    cartLinesUpdate(cartId: $id, lines: $lines) {{ {PAYLOAD} }} }}"""
REMOVE = f"mutation($id: ID!, $ids: [ID!]!) {{ cartLinesRemove(cartId: $id, lineIds: $ids) {{ {PAYLOAD} }} }}"
UPDATE = f"mutation($id: ID!, $input: CartUpdateInput!) {{ cartUpdate(cartId: $id, input: $input) {{ {PAYLOAD} }} }}"
READ = f"query($id: ID!) {{ cart(id: $id) {{ {CART} }} }}"
ADDRESS = {"address1": "Main St 1", "city": "Oslo", "countryCode": "NO"}


def line(variant: dict, quantity: int = 1) -> dict:
    return {"variantId": variant["id"], "quantity": quantity}


async def create(client, *lines: dict, **extra) -> dict:  # noqa: ANN001
    payload = (await client(CREATE, input={"lines": list(lines), **extra}))["cartCreate"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["cart"]


async def set_location(db, **values) -> None:  # noqa: ANN001, ANN003
    async with db.transaction() as session:
        await session.execute(update(CompanyLocation).values(**values))


async def test_cart_is_priced_for_the_buyers_location(acme, catalog, admin):
    b2b = await catalog(adjustment=("PERCENTAGE_DECREASE", "10"))
    small, large = acme["bolt"]["variants"]
    await add_prices(admin, b2b, {"variantId": small["id"], "price": "7.00"})
    cart = await create(acme["buyer"], line(small, 3), line(large, 2), poNumber="PO-1", note="Back door")
    assert cart["id"].startswith("gid://gateway/Cart/") and len(cart["id"]) > 40
    assert cart["location"] == {"id": acme["location"]}
    assert [(ln["variant"]["sku"], ln["unitPrice"]["amount"], ln["total"]["amount"], ln["priceSource"]["rule"])
            for ln in cart["lines"]] == [("BOLT-S", "7.00", "21.00", "FIXED"), ("BOLT-L", "18.00", "36.00", "PERCENTAGE")]
    assert cart["subtotal"] == {"amount": "57.00", "currencyCode": "EUR"}
    assert (cart["poNumber"], cart["note"]) == ("PO-1", "Back door")
    assert cart["checkoutMode"] == "PAY_NOW" and cart["amountDueNow"]["amount"] == "57.00"


async def test_lines_are_repriced_on_every_read(acme, catalog, admin):
    b2b = await catalog()
    small = acme["bolt"]["variants"][0]
    await add_prices(admin, b2b, {"variantId": small["id"], "price": "7.00"})
    cart = await create(acme["buyer"], line(small, 2))
    await add_prices(admin, b2b, {"variantId": small["id"], "price": "6.00"})
    again = (await acme["buyer"](READ, id=cart["id"]))["cart"]
    assert again["lines"][0]["unitPrice"]["amount"] == "6.00" and again["subtotal"]["amount"] == "12.00"


async def test_adding_a_variant_already_in_the_cart_adds_to_its_line(acme):
    small = acme["bolt"]["variants"][0]
    cart = await create(acme["buyer"], line(small, 2))
    payload = (await acme["buyer"](ADD, id=cart["id"], lines=[line(small, 3), line(small, 1)]))["cartLinesAdd"]
    assert payload["userErrors"] == []
    assert [(ln["id"], ln["quantity"]) for ln in payload["cart"]["lines"]] == [(cart["lines"][0]["id"], 6)]


async def test_lines_update_and_remove(acme):
    small, large = acme["bolt"]["variants"]
    cart = await create(acme["buyer"], line(small, 1), line(large, 1))
    first, second = (ln["id"] for ln in cart["lines"])
    updated = (await acme["buyer"](UPDATE_LINES, id=cart["id"], lines=[{"id": first, "quantity": 4}]))["cartLinesUpdate"]
    assert updated["userErrors"] == [] and updated["cart"]["lines"][0]["quantity"] == 4
    removed = (await acme["buyer"](REMOVE, id=cart["id"], ids=[second]))["cartLinesRemove"]
    assert removed["userErrors"] == [] and [ln["id"] for ln in removed["cart"]["lines"]] == [first]
    unknown = (await acme["buyer"](REMOVE, id=cart["id"], ids=[second]))["cartLinesRemove"]
    assert codes(unknown) == [(["lineIds", "0"], "NOT_FOUND")]
    bad = (await acme["buyer"](UPDATE_LINES, id=cart["id"], lines=[{"id": second, "quantity": 1}]))["cartLinesUpdate"]
    assert codes(bad) == [(["lines", "0", "id"], "NOT_FOUND")]


async def test_quantity_rules_each_have_their_own_code(acme, catalog, admin):
    b2b = await catalog()
    small = acme["bolt"]["variants"][0]
    await add_prices(admin, b2b, {
        "variantId": small["id"], "price": "7.00", "quantityRule": {"minimum": 4, "maximum": 20, "increment": 2},
    })
    cases = [(2, "QUANTITY_BELOW_MINIMUM", "at least 4"), (22, "QUANTITY_ABOVE_MAXIMUM", "at most 20"),
             (5, "QUANTITY_NOT_MULTIPLE_OF_INCREMENT", "multiple of 2"), (0, "INVALID", "at least 1")]
    for quantity, code, rule in cases:
        payload = (await acme["buyer"](CREATE, input={"lines": [line(small, quantity)]}))["cartCreate"]
        assert payload["cart"] is None
        [error] = payload["userErrors"]
        assert (error["field"], error["code"]) == (["input", "lines", "0", "quantity"], code)
        assert rule in error["message"]
    cart = await create(acme["buyer"], line(small, 4))
    # The rule holds for the line's new total: 4 + 17 is over the maximum.
    payload = (await acme["buyer"](ADD, id=cart["id"], lines=[line(small, 17)]))["cartLinesAdd"]
    assert codes(payload) == [(["lines", "0", "quantity"], "QUANTITY_ABOVE_MAXIMUM")]
    again = (await acme["buyer"](READ, id=cart["id"]))["cart"]
    assert again["lines"][0]["quantity"] == 4


async def test_unknown_unpublished_or_unpriceable_variants_are_not_found(acme, catalog, admin):
    usd = await catalog("US", currency="USD", productIds=[acme["bolt"]["id"]])
    small, large = acme["bolt"]["variants"]
    await add_prices(admin, usd, {"variantId": small["id"], "price": "12.00"})
    payload = (await acme["buyer"](CREATE, input={"lines": [
        line(small), {"variantId": "gid://gateway/ProductVariant/999999", "quantity": 1},
        line(acme["nut"]["variants"][0]), line(large),
    ]}))["cartCreate"]
    assert payload["cart"] is None
    assert codes(payload) == [(["input", "lines", str(i), "variantId"], "NOT_FOUND") for i in (1, 2, 3)]


async def test_too_many_lines(acme):
    variant = acme["bolt"]["variants"][0]
    payload = (await acme["buyer"](CREATE, input={"lines": [line(variant)] * 251}))["cartCreate"]
    assert codes(payload) == [(["input", "lines"], "TOO_MANY_LINES")] and "250" in payload["userErrors"][0]["message"]


async def test_carts_of_another_customer_are_invisible(acme, db, client, storefront):
    cart = await create(acme["buyer"], line(acme["bolt"]["variants"][0]))
    for other in (await login(db, client, "eve@example.test"), storefront):
        assert (await other(READ, id=cart["id"]))["cart"] is None
        assert (await other(f'{{ node(id: "{cart["id"]}") {{ id }} }}'))["node"] is None
        payload = (await other(ADD, id=cart["id"], lines=[line(acme["bolt"]["variants"][1])]))["cartLinesAdd"]
        assert codes(payload) == [(["cartId"], "NOT_FOUND")]
    assert (await acme["buyer"](f'{{ node(id: "{cart["id"]}") {{ id }} }}'))["node"] == {"id": cart["id"]}
    assert (await acme["buyer"](READ, id="gid://gateway/Cart/guess"))["cart"] is None


async def test_anonymous_cart_is_d2c_at_base_prices(acme, catalog, storefront):
    await catalog(adjustment=("PERCENTAGE_DECREASE", "50"))
    cart = await create(storefront, line(acme["bolt"]["variants"][0], 2))
    assert cart["location"] is None and cart["checkoutMode"] == "PAY_NOW"
    assert cart["subtotal"]["amount"] == "20.00"
    assert (await storefront(READ, id=cart["id"]))["cart"]["id"] == cart["id"]


async def test_checkout_mode_and_amount_due_now_follow_the_location(acme, db):
    async with db.reader() as session:
        net30 = await session.scalar(select(PaymentTermsTemplate.id).where(PaymentTermsTemplate.terms_type == "NET"))
    variant = acme["bolt"]["variants"][0]
    cases = [
        ({"payment_terms_template_id": net30}, "NET_TERMS", "0.00"),
        ({"payment_terms_template_id": net30, "deposit_percentage": 25}, "DEPOSIT", "7.50"),
        ({"checkout_to_draft": True}, "DRAFT_FOR_APPROVAL", "0.00"),
    ]
    for values, mode, due in cases:
        await set_location(db, payment_terms_template_id=None, deposit_percentage=None, checkout_to_draft=False)
        await set_location(db, **values)
        cart = await create(acme["buyer"], line(variant, 3))
        assert (cart["checkoutMode"], cart["amountDueNow"]["amount"], cart["subtotal"]["amount"]) == (mode, due, "30.00")


async def test_addresses_come_from_the_location_and_shipping_is_editable_only_where_allowed(acme, db):
    await set_location(db, shipping_address={"address1": "Dock 4", "city": "Bergen", "country_code": "NO"},
                       billing_address={"address1": "Box 1", "city": "Bergen", "country_code": "NO"})
    cart = await create(acme["buyer"])
    assert cart["shippingAddress"] == {"address1": "Dock 4", "city": "Bergen"}
    assert cart["billingAddress"] == {"address1": "Box 1"}
    refused = (await acme["buyer"](UPDATE, id=cart["id"], input={"shippingAddress": ADDRESS}))["cartUpdate"]
    assert codes(refused) == [(["input", "shippingAddress"], "SHIPPING_ADDRESS_NOT_EDITABLE")]
    await set_location(db, editable_shipping_address=True)
    payload = (await acme["buyer"](UPDATE, id=cart["id"], input={"shippingAddress": ADDRESS, "poNumber": "PO-9",
                                                                 "note": "Ring"}))["cartUpdate"]
    assert payload["userErrors"] == []
    assert payload["cart"]["shippingAddress"] == {"address1": "Main St 1", "city": "Oslo"}
    assert (payload["cart"]["poNumber"], payload["cart"]["note"]) == ("PO-9", "Ring")
    bad = (await acme["buyer"](UPDATE, id=cart["id"], input={"shippingAddress": {"address1": "x"}}))["cartUpdate"]
    assert ("input", "shippingAddress", "city") in {tuple(e["field"]) for e in bad["userErrors"]}


async def test_a_contact_with_several_locations_must_choose_one_before_making_a_cart(acme, admin, db, client):
    from tests.account.helpers import new_location

    branch = await new_location(admin, "Branch")
    contact = (await admin("{ companies(first: 1) { nodes { contacts(first: 1) { nodes { id } } } } }"))
    contact_id = contact["companies"]["nodes"][0]["contacts"]["nodes"][0]["id"]
    assigned = await admin("""mutation($c: ID!, $l: ID!) { companyContactAssignRole(
        companyContactId: $c, companyLocationId: $l, role: ORDERING_ONLY) { userErrors { code } } }""",
                           c=contact_id, l=branch)
    assert assigned["companyContactAssignRole"]["userErrors"] == []
    buyer = await login(db, client, "anna@acme.test")  # a new session: two locations, none chosen

    refused = (await buyer(CREATE, input={"lines": [line(acme["nut"]["variants"][0])]}))["cartCreate"]
    assert refused["cart"] is None and codes(refused) == [(None, "LOCATION_REQUIRED")]

    chosen = await buyer("mutation($id: ID!) { selectLocation(locationId: $id) { userErrors { code } } }", id=branch)
    assert chosen["selectLocation"]["userErrors"] == []
    assert (await create(buyer, line(acme["nut"]["variants"][0])))["location"]["id"] == branch
