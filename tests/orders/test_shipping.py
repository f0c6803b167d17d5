"""Delivery methods through HTTP: what the merchant sets up, what a cart is offered for its address,
choosing one, free shipping from a subtotal, and the shipping line on the order, taxed, in its total."""

from __future__ import annotations

from tests.catalog.helpers import add_prices, login
from tests.helpers import codes, create_product
from tests.orders.helpers import CART_CREATE, add_card, checkout, new_cart
from tests.orders.totals import (
    DELIVERY_METHOD_CREATE,
    READ_CART,
    delivery_method,
    locate,
    read_cart,
    select_delivery,
    shop_update,
    tax_rate,
)


async def test_the_cart_offers_what_ships_to_it_and_the_order_has_the_chosen_shipping_taxed(acme, admin, db, client):
    await shop_update(admin, countryCode="DE")
    await tax_rate(admin, "DE", "19.0")
    await locate(admin, acme["location"], "DE")
    standard = await delivery_method(admin, "Standard", "4.90", "DE", "AT", free_above="100.00")
    express = await delivery_method(admin, "Express", "12.00", "DE")
    nordic = await delivery_method(admin, "Nordic freight", "25.00", "SE", "NO")
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    cart = await new_cart(buyer, bolt, 2)
    shown = await read_cart(buyer, cart)
    assert [(m["title"], m["price"]["amount"]) for m in shown["deliveryMethods"]] == [
        ("Standard", "4.90"), ("Express", "12.00")
    ]
    assert shown["deliveryMethod"] is None
    assert codes(await checkout(buyer, cart, await add_card(buyer))) == [(["cartId"], "DELIVERY_METHOD_REQUIRED")]

    assert codes(await select_delivery(buyer, cart, nordic)) == [(["deliveryMethodId"], "DELIVERY_METHOD_UNAVAILABLE")]
    unknown = await select_delivery(buyer, cart, "gid://gateway/DeliveryMethod/999")
    assert codes(unknown) == [(["deliveryMethodId"], "NOT_FOUND")]
    stranger = await login(db, client, "bob@else.test")
    assert codes(await select_delivery(stranger, cart, express)) == [(["cartId"], "NOT_FOUND")]
    chosen = await select_delivery(buyer, cart, express)
    assert chosen["userErrors"] == []
    # 20.00 + 12.00 shipping, each taxed at 19 %: 3.80 + 2.28
    assert (chosen["cart"]["deliveryMethod"]["title"], chosen["cart"]["totalTax"]["amount"],
            chosen["cart"]["total"]["amount"]) == ("Express", "6.08", "38.08")

    order = (await checkout(buyer, cart, await add_card(buyer)))["order"]
    assert order["shippingLine"] == {"title": "Express", "price": {"amount": "12.00"}}
    assert (order["totalTax"]["amount"], order["total"]["amount"], order["totalPaid"]["amount"]) == (
        "6.08", "38.08", "38.08"
    )
    assert [line["taxLines"][0]["amount"]["amount"] for line in order["lineItems"]] == ["3.80"]  # the rest: shipping

    big = await new_cart(buyer, bolt, 10)  # 100.00: Standard is free from there
    shown = (await select_delivery(buyer, big, standard))["cart"]
    assert (shown["deliveryMethod"]["price"]["amount"], shown["total"]["amount"]) == ("0.00", "119.00")


async def test_an_address_without_a_method_needs_none_and_a_changed_address_drops_the_choice(acme, admin):
    await locate(admin, acme["location"], "DE", buyerExperienceConfiguration={"editableShippingAddress": True})
    await delivery_method(admin, "Everywhere", "7.00")  # no countries: every country
    germany = await delivery_method(admin, "Germany only", "3.00", "DE")
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    cart = await new_cart(buyer, bolt, 1)
    assert (await select_delivery(buyer, cart, germany))["userErrors"] == []
    moved = await buyer(
        """mutation($cart: ID!, $input: CartUpdateInput!) { cartUpdate(cartId: $cart, input: $input) {
            cart { deliveryMethod { title } deliveryMethods { title } total { amount } } } }""",
        cart=cart, input={"shippingAddress": {"address1": "Storgatan 1", "city": "Malmö", "countryCode": "SE"}},
    )
    assert moved["cartUpdate"]["cart"] == {
        "deliveryMethod": None, "deliveryMethods": [{"title": "Everywhere"}], "total": {"amount": "10.00"}
    }

    await admin("mutation($id: ID!) { deliveryMethodDelete(id: $id) { deletedId } }",
                id=(await admin("{ deliveryMethods { id } }"))["deliveryMethods"][0]["id"])
    order = (await checkout(buyer, cart, await add_card(buyer)))["order"]  # nothing ships there: no shipping line
    assert (order["shippingLine"], order["total"]["amount"]) == (None, "10.00")


async def test_a_cart_in_another_currency_is_offered_no_method_in_the_shops(acme, admin, catalog):
    await delivery_method(admin, "Everywhere", "7.00")
    sek = await catalog(currency="SEK")
    await add_prices(admin, sek, {"variantId": acme["bolt"]["variants"][0]["id"], "price": "110.00"})
    buyer = acme["buyer"]
    lines = [{"variantId": acme["bolt"]["variants"][0]["id"], "quantity": 1}]
    cart = (await buyer(CART_CREATE, input={"lines": lines}))["cartCreate"]["cart"]["id"]
    shown = await read_cart(buyer, cart)
    assert (shown["deliveryMethods"], shown["total"]["amount"]) == ([], "110.00")


async def test_delivery_methods_are_validated(admin):
    bad = {"title": " ", "price": "-1", "countryCodes": ["DE", "Germany"], "freeAbove": "0.001"}
    payload = (await admin(DELIVERY_METHOD_CREATE, input=bad))["deliveryMethodCreate"]
    assert codes(payload) == [
        (["input", "title"], "BLANK"), (["input", "price"], "LESS_THAN"), (["input", "freeAbove"], "INVALID"),
        (["input", "countryCodes", "1"], "INVALID"),
    ]
    assert (await admin("{ deliveryMethods { id } }"))["deliveryMethods"] == []
    made = (await admin(DELIVERY_METHOD_CREATE, input={"title": "Pallet", "price": "80", "countryCodes": ["de", "DE"]}))
    assert made["deliveryMethodCreate"]["deliveryMethod"]["countryCodes"] == ["DE"]
    assert (await admin("{ deliveryMethods { title price { amount currencyCode } freeAbove { amount } } }"))[
        "deliveryMethods"] == [{"title": "Pallet", "price": {"amount": "80.00", "currencyCode": "EUR"}, "freeAbove": None}]


async def test_a_cart_with_tax_and_shipping_costs_the_same_statements_for_one_line_or_twenty(acme, admin):
    await shop_update(admin, countryCode="DE")
    await tax_rate(admin, "DE", "19.0")
    await locate(admin, acme["location"], "DE")
    method = await delivery_method(admin, "Standard", "4.90", "DE")
    buyer = acme["buyer"]
    skus = [f"S-{i}" for i in range(20)]
    product = await create_product(admin, "Screw", *skus)

    async def statements(lines: int) -> int:
        items = [{"variantId": v["id"], "quantity": 1} for v in product["variants"][:lines]]
        cart = (await buyer(CART_CREATE, input={"lines": items}))["cartCreate"]["cart"]["id"]
        assert (await select_delivery(buyer, cart, method))["userErrors"] == []
        response = await buyer.post(READ_CART, id=cart)
        assert response.json()["data"]["cart"]["totalTax"]["amount"] == f"{lines * 1.90 + 0.93:.2f}"
        return int(response.headers["x-sql-statements"])

    assert await statements(1) == await statements(20)
