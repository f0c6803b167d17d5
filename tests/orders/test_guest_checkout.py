"""Guests and the first order (issue 14, point 7): an anonymous cart with an email pays now with a
provider token and becomes an order with no customer, unless registerAccount asks for an account
(registration OPEN only); after a code login cartBuyerIdentityUpdate makes an anonymous cart the
viewer's, repriced; a guest's orders never show in another customer's history."""

from __future__ import annotations

from sqlalchemy import func, select

from gateway.db.models import Customer, Order
from tests.auth.helpers import log_in
from tests.catalog.helpers import add_prices, login
from tests.customers.groups import add_to_group, create_customer, create_group, shop_update
from tests.helpers import ERRORS, GraphQLClient, codes, create_catalog, create_product
from tests.orders.helpers import CART_CREATE, key, mails_to

CART = "id email subtotal { amount } lines { quantity unitPrice { amount } }"
UPDATE = f"""mutation($cart: ID!, $input: CartUpdateInput!) {{ cartUpdate(cartId: $cart, input: $input) {{
    cart {{ {CART} }} {ERRORS} }} }}"""
GUEST_CHECKOUT = f"""mutation($cart: ID!, $token: String, $register: Boolean, $key: String!) {{
    checkoutComplete(cartId: $cart, paymentMethodToken: $token, registerAccount: $register, idempotencyKey: $key) {{
      order {{ id name email customer {{ email }} displayFinancialStatus totalPaid {{ amount }} }}
      amountCharged {{ amount }} {ERRORS} }} }}"""
ADOPT = f"""mutation($cart: ID!) {{ cartBuyerIdentityUpdate(cartId: $cart) {{ cart {{ {CART} }} {ERRORS} }} }}"""


async def guest_cart(storefront: GraphQLClient, variant: dict, email: str | None = "guest@home.test") -> str:
    made = (await storefront(CART_CREATE, input={"lines": [{"variantId": variant["id"], "quantity": 2}]}))
    cart = made["cartCreate"]["cart"]["id"]
    if email:
        assert (await storefront(UPDATE, cart=cart, input={"email": email}))["cartUpdate"]["userErrors"] == []
    return cart


async def customers(db) -> list[str]:  # noqa: ANN001
    async with db.reader() as session:
        return list((await session.scalars(select(Customer.email).order_by(Customer.id))).all())


async def test_a_guest_pays_with_a_token_and_no_account_is_made(admin, storefront, db):
    bolt = await create_product(admin, "Bolt", "BOLT", price="10.00")
    cart = await guest_cart(storefront, bolt["variants"][0])
    idempotency_key = key()
    payload = (await storefront(GUEST_CHECKOUT, cart=cart, token="tok_visa", key=idempotency_key))["checkoutComplete"]
    assert payload["userErrors"] == []
    order = payload["order"]
    assert (order["email"], order["customer"], order["displayFinancialStatus"], order["totalPaid"]) == (
        "guest@home.test", None, "PAID", {"amount": "20.00"})
    assert payload["amountCharged"] == {"amount": "20.00"}
    assert await customers(db) == []
    [confirmation] = await mails_to(db, "guest@home.test")
    assert order["name"] in confirmation.subject + confirmation.body_text
    # A retry with the same key answers the same order and charges nothing more.
    again = (await storefront(GUEST_CHECKOUT, cart=cart, token="tok_visa", key=idempotency_key))["checkoutComplete"]
    assert again["order"]["id"] == order["id"]
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 1
    # The merchant sees it as a guest's order.
    listed = await admin("{ orders(first: 5) { nodes { email customer { id } } } }")
    assert listed["orders"]["nodes"] == [{"email": "guest@home.test", "customer": None}]


async def test_a_guest_checkout_is_refused_without_email_token_or_a_good_card(admin, storefront, db):
    bolt = await create_product(admin, "Bolt", "BOLT")
    no_email = await guest_cart(storefront, bolt["variants"][0], email=None)
    refused = (await storefront(GUEST_CHECKOUT, cart=no_email, token="tok_visa", key=key()))["checkoutComplete"]
    assert codes(refused) == [(["cartId"], "BLANK")]
    without_token = (await storefront(GUEST_CHECKOUT, cart=no_email, key=key()))["checkoutComplete"]
    assert codes(without_token) == [(["cartId"], "LOGIN_REQUIRED")]
    cart = await guest_cart(storefront, bolt["variants"][0])
    assert codes((await storefront(GUEST_CHECKOUT, cart=cart, token="tok_nope", key=key()))["checkoutComplete"]) == [
        (["paymentMethodToken"], "INVALID")]
    declined = (await storefront(GUEST_CHECKOUT, cart=cart, token="tok_declined", key=key()))["checkoutComplete"]
    assert codes(declined) == [(["paymentMethodId"], "PAYMENT_DECLINED")]
    bad_email = (await storefront(UPDATE, cart=cart, input={"email": "nope"}))["cartUpdate"]
    assert codes(bad_email) == [(["input", "email"], "INVALID")]
    # Nothing was made: the cart still checks out.
    assert (await storefront(GUEST_CHECKOUT, cart=cart, token="tok_visa", key=key()))["checkoutComplete"][
        "userErrors"] == []
    assert await customers(db) == []


async def test_register_account_makes_the_customer_and_the_order_is_its(admin, storefront, db):
    retail = await create_group(admin, "Retail")
    await shop_update(admin, defaultCustomerGroupId=retail["id"], assignCustomerNumbers=True)
    bolt = await create_product(admin, "Bolt", "BOLT")
    cart = await guest_cart(storefront, bolt["variants"][0], "new@home.test")
    payload = (await storefront(GUEST_CHECKOUT, cart=cart, token="tok_visa", register=True, key=key()))[
        "checkoutComplete"]
    assert payload["userErrors"] == [] and payload["order"]["customer"] is None  # not shown to the anonymous caller
    record = await admin("""{ customers(first: 5) { nodes { email status customerNumber groups { name }
        orders(first: 5) { nodes { id } } } } }""")
    assert record["customers"]["nodes"] == [{
        "email": "new@home.test", "status": "INVITED", "customerNumber": "K-10000", "groups": [{"name": "Retail"}],
        "orders": {"nodes": [{"id": payload["order"]["id"]}]},
    }]
    templates = [m.headers["X-Gateway-Template"] for m in await mails_to(db, "new@home.test")]
    assert sorted(templates) == ["invitation", "order_confirmation"]
    # Logged in, the order is in its history.
    buyer = GraphQLClient(storefront.http, storefront.path, await log_in(storefront, db, "new@home.test"))
    assert (await buyer("{ viewer { orders(first: 5) { nodes { id } } } }"))["viewer"]["orders"]["nodes"] == [
        {"id": payload["order"]["id"]}]


async def test_register_account_needs_open_registration_and_never_takes_over_an_account(admin, storefront, db):
    bolt = await create_product(admin, "Bolt", "BOLT")
    eva = await create_customer(admin, "eva@home.test")
    cart = await guest_cart(storefront, bolt["variants"][0], "eva@home.test")
    payload = (await storefront(GUEST_CHECKOUT, cart=cart, token="tok_visa", register=True, key=key()))[
        "checkoutComplete"]
    assert payload["userErrors"] == [] and payload["order"]["customer"] is None
    # The guest's order never shows in eva's history (nor anyone else's).
    buyer = await login(db, client=storefront.http, email="eva@home.test")
    assert (await buyer("{ viewer { orders(first: 5) { nodes { id } } } }"))["viewer"]["orders"]["nodes"] == []
    record = await admin("query($id: ID!) { customer(id: $id) { orders(first: 5) { nodes { id } } } }", id=eva["id"])
    assert record["customer"]["orders"]["nodes"] == []
    await shop_update(admin, registration="CLOSED")
    closed = await guest_cart(storefront, bolt["variants"][0], "other@home.test")
    refused = (await storefront(GUEST_CHECKOUT, cart=closed, token="tok_visa", register=True, key=key()))[
        "checkoutComplete"]
    assert codes(refused) == [(["registerAccount"], "REGISTRATION_CLOSED")]
    assert await customers(db) == ["eva@home.test"]


async def test_after_login_the_anonymous_cart_becomes_the_viewers_repriced(admin, storefront, db, client):
    bolt = await create_product(admin, "Bolt", "BOLT", price="10.00")
    retail = await create_group(admin, "Retail")
    eva = await create_customer(admin, "eva@home.test")
    await add_to_group(admin, retail, eva)
    catalog = await create_catalog(admin, "Retail prices", customerGroupIds=[retail["id"]])
    await add_prices(admin, catalog, {"variantId": bolt["variants"][0]["id"], "price": "8.00"})
    cart = await guest_cart(storefront, bolt["variants"][0], email=None)
    buyer = await login(db, client, "eva@home.test")
    assert (await buyer(f"query($id: ID!) {{ cart(id: $id) {{ id }} }}", id=cart))["cart"] is None  # not hers yet
    adopted = (await buyer(ADOPT, cart=cart))["cartBuyerIdentityUpdate"]
    assert adopted["userErrors"] == []
    assert adopted["cart"]["subtotal"] == {"amount": "16.00"}  # her group's price
    assert (await storefront(f"query($id: ID!) {{ cart(id: $id) {{ id }} }}", id=cart))["cart"] is None
    again = (await buyer(ADOPT, cart=cart))["cartBuyerIdentityUpdate"]  # her own: as it is
    assert again["userErrors"] == [] and again["cart"]["id"] == cart
    olle = await login(db, client, "olle@home.test")
    assert codes((await olle(ADOPT, cart=cart))["cartBuyerIdentityUpdate"]) == [(["cartId"], "NOT_FOUND")]
    assert codes((await storefront(ADOPT, cart=cart))["cartBuyerIdentityUpdate"]) == [(["cartId"], "LOGIN_REQUIRED")]
