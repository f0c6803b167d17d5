"""checkoutComplete through HTTP: each mode of the location, each userError, the cart consumed,
the confirmation emails, and amounts that add up."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import update

from gateway.db.models import ShopSettings
from gateway.platform import clock
from tests.catalog.helpers import login
from tests.helpers import MERCHANT, codes
from tests.orders.helpers import (
    ADD_METHOD,
    ORDER,
    READ_ORDER,
    add_card,
    checkout,
    key,
    mails_to,
    new_cart,
    pay,
    set_company,
    set_terms,
)

ORDERS = "{ viewer { orders(first: 10) { nodes { id name } } } }"


def money(value: dict) -> Decimal:
    return Decimal(value["amount"])


def assert_adds_up(order: dict) -> None:
    assert money(order["total"]) == sum(money(line["total"]) for line in order["lineItems"])
    assert money(order["totalPaid"]) + money(order["totalOutstanding"]) == money(order["total"])
    assert money(order["totalPaid"]) == sum(money(t["amount"]) for t in order["transactions"])


async def test_pay_now_charges_the_total_and_consumes_the_cart(acme, db):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    card = await add_card(buyer)
    cart = await new_cart(buyer, bolt, 3, poNumber="PO-77")
    payload = await checkout(buyer, cart, card)
    assert payload["userErrors"] == [] and payload["draftOrder"] is None
    order = payload["order"]
    assert payload["amountCharged"] == {"amount": "30.00", "currencyCode": "EUR"}
    assert (order["name"], order["poNumber"], order["displayFinancialStatus"]) == ("#1001", "PO-77", "PAID")
    assert order["location"]["id"] == acme["location"] and order["paymentTerms"] is None
    assert order["lineItems"] == [{
        "sku": "BOLT-S", "title": "Bolt", "quantity": 3, "unitPrice": {"amount": "10.00"}, "total": {"amount": "30.00"},
        "priceSource": "BASE", "variant": {"id": bolt["id"]}, "taxLines": [],
    }]
    assert (order["shippingLine"], order["taxLines"], order["totalTax"], order["total"]) == (
        None, [], {"amount": "0.00"}, {"amount": "30.00"}
    )
    assert order["transactions"] == [{"kind": "SALE", "status": "SUCCESS", "amount": {"amount": "30.00"}}]
    assert_adds_up(order)

    again = await checkout(buyer, cart, card)
    assert codes(again) == [(["cartId"], "ALREADY_COMPLETED")]
    add = """mutation($id: ID!, $l: [CartLineInput!]!) {
        cartLinesAdd(cartId: $id, lines: $l) { userErrors { field code } } }"""
    changed = (await buyer(add, id=cart, l=[{"variantId": bolt["id"], "quantity": 1}]))["cartLinesAdd"]
    assert codes(changed) == [(["cartId"], "ALREADY_COMPLETED")]
    [mail] = await mails_to(db, "anna@acme.test")
    assert "#1001" in mail.subject
    assert all(text in mail.body_text for text in ("PO-77", "3 x Bolt (BOLT-S)", "30.00 EUR", "Paid in full"))
    second = await checkout(buyer, await new_cart(buyer, bolt), card)
    assert second["order"]["name"] == "#1002"
    assert [o["name"] for o in (await buyer(ORDERS))["viewer"]["orders"]["nodes"]] == ["#1002", "#1001"]


async def test_a_declined_card_makes_no_order_and_the_cart_stays(acme):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    cart = await new_cart(buyer, bolt)
    declined = await checkout(buyer, cart, await add_card(buyer, "tok_declined"))
    short = await checkout(buyer, cart, await add_card(buyer, "tok_insufficient_funds"))
    assert codes(declined) == codes(short) == [(["paymentMethodId"], "PAYMENT_DECLINED")]
    assert declined["userErrors"][0]["message"] != short["userErrors"][0]["message"]
    assert "insufficient funds" in short["userErrors"][0]["message"]
    assert (await buyer(ORDERS))["viewer"]["orders"]["nodes"] == []
    assert (await checkout(buyer, cart, await add_card(buyer, "tok_mastercard")))["order"]["name"] == "#1001"


async def test_net_terms_charge_nothing_and_schedule_the_total(acme, admin, db, client):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    payload = await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][1], 2))
    order = payload["order"]
    assert payload["userErrors"] == [] and payload["amountCharged"]["amount"] == "0.00"
    assert order["displayFinancialStatus"] == "PENDING" and order["transactions"] == []
    terms = order["paymentTerms"]
    assert (terms["paymentTermsName"], terms["paymentTermsType"], terms["dueInDays"], terms["overdue"]) == (
        "Net 30", "NET", 30, False
    )
    [schedule] = terms["paymentSchedules"]
    created = datetime.fromisoformat(order["createdAt"])
    assert datetime.fromisoformat(schedule["dueAt"]) - created == timedelta(days=30)
    assert (schedule["amount"]["amount"], schedule["completedAt"]) == ("40.00", None)
    assert (order["totalOutstanding"]["amount"], order["totalPaid"]["amount"]) == ("40.00", "0.00")
    assert_adds_up(order)

    clock.advance(31 * 86400)
    buyer = await login(db, client, "anna@acme.test")  # the first session has expired
    assert (await buyer(READ_ORDER, id=order["id"]))["order"]["paymentTerms"]["overdue"] is True


async def test_receipt_is_due_at_once_and_fixed_on_the_locations_date(acme, admin):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    await set_terms(admin, acme["location"], "Due on receipt")
    order = (await checkout(buyer, await new_cart(buyer, bolt)))["order"]
    [schedule] = order["paymentTerms"]["paymentSchedules"]
    assert schedule["dueAt"] == order["createdAt"]

    await set_terms(admin, acme["location"], "Fixed date", paymentTermsDueAt="2031-03-31T00:00:00Z")
    order = (await checkout(buyer, await new_cart(buyer, bolt)))["order"]
    assert order["paymentTerms"]["paymentTermsType"] == "FIXED"
    assert datetime.fromisoformat(order["paymentTerms"]["paymentSchedules"][0]["dueAt"]) == datetime.fromisoformat(
        "2031-03-31T00:00:00+00:00"
    )


async def test_deposit_charges_its_share_rounded_half_up_and_schedules_the_rest(acme, admin):
    buyer, nut = acme["buyer"], acme["nut"]["variants"][0]
    await set_terms(admin, acme["location"], "Net 15", deposit={"percentage": 50})
    declined = await checkout(buyer, await new_cart(buyer, nut), await add_card(buyer, "tok_declined"))
    assert codes(declined) == [(["paymentMethodId"], "PAYMENT_DECLINED")]
    assert (await buyer(ORDERS))["viewer"]["orders"]["nodes"] == []

    payload = await checkout(buyer, await new_cart(buyer, nut), await add_card(buyer))
    order = payload["order"]
    assert payload["amountCharged"]["amount"] == "5.03"  # 50 % of 10.05 = 5.025, half up
    assert order["displayFinancialStatus"] == "PARTIALLY_PAID"
    assert (order["totalPaid"]["amount"], order["totalOutstanding"]["amount"]) == ("5.03", "5.02")
    assert order["paymentTerms"]["paymentSchedules"][0]["amount"]["amount"] == "5.02"
    assert order["transactions"] == [{"kind": "DEPOSIT", "status": "SUCCESS", "amount": {"amount": "5.03"}}]
    assert_adds_up(order)


async def test_checkout_to_draft_submits_for_approval_and_emails_the_merchant(acme, admin, db):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30", checkoutToDraft=True)
    payload = await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 4, poNumber="PO-9"))
    assert payload["userErrors"] == [] and payload["order"] is None
    assert payload["amountCharged"]["amount"] == "0.00"
    draft = payload["draftOrder"]
    assert (draft["status"], draft["poNumber"], draft["subtotal"]["amount"]) == ("OPEN", "PO-9", "40.00")
    assert draft["location"]["id"] == acme["location"]
    assert draft["lineItems"] == [{"sku": "BOLT-S", "quantity": 4, "total": {"amount": "40.00"}, "taxLines": []}]
    drafts = (await buyer("{ viewer { draftOrders(first: 5) { nodes { id status } } } }"))["viewer"]["draftOrders"]
    assert drafts["nodes"] == [{"id": draft["id"], "status": "OPEN"}]
    [mail] = await mails_to(db, MERCHANT)
    assert "anna@acme.test" in mail.body_text and "PO-9" in mail.body_text and "40.00 EUR" in mail.body_text


async def test_checkout_errors_change_nothing(acme, db, client, storefront):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    anonymous_cart = (await storefront(
        "mutation($i: CartInput!) { cartCreate(input: $i) { cart { id } } }", i={"lines": []}
    ))["cartCreate"]["cart"]["id"]
    assert codes(await checkout(storefront, anonymous_cart)) == [(["cartId"], "LOGIN_REQUIRED")]
    assert codes(await checkout(buyer, anonymous_cart)) == [(["cartId"], "NOT_FOUND")]
    assert codes(await checkout(buyer, "gid://gateway/Cart/nope")) == [(["cartId"], "NOT_FOUND")]
    empty = (await buyer("mutation { cartCreate(input: {}) { cart { id } } }"))["cartCreate"]["cart"]["id"]
    assert codes(await checkout(buyer, empty)) == [(["cartId"], "CART_EMPTY")]
    cart = await new_cart(buyer, bolt)
    assert codes(await checkout(buyer, cart)) == [(["paymentMethodId"], "PAYMENT_METHOD_REQUIRED")]
    bob = await login(db, client, "bob@else.test")
    bobs_card = await add_card(bob)
    assert codes(await checkout(buyer, cart, bobs_card)) == [(["paymentMethodId"], "NOT_FOUND")]
    assert codes(await checkout(buyer, cart, await add_card(buyer), " ")) == [(["idempotencyKey"], "BLANK")]
    assert (await buyer(ORDERS))["viewer"]["orders"]["nodes"] == []
    assert (await checkout(buyer, cart, await add_card(buyer)))["order"]["name"] == "#1001"


async def test_credit_limit_caps_what_the_company_owes(acme, admin, db):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    await set_terms(admin, acme["location"], "Net 30")
    await set_company(admin, creditLimit="50.00")
    first = (await checkout(buyer, await new_cart(buyer, bolt, 3)))["order"]
    refused = await checkout(buyer, await new_cart(buyer, bolt, 3))
    assert codes(refused) == [(["cartId"], "CREDIT_LIMIT_EXCEEDED")]
    assert "20.00" in refused["userErrors"][0]["message"]
    assert (await checkout(buyer, await new_cart(buyer, bolt, 2)))["order"]["displayFinancialStatus"] == "PENDING"

    assert (await pay(buyer, first["id"], await add_card(buyer)))["userErrors"] == []
    assert (await checkout(buyer, await new_cart(buyer, bolt, 3)))["userErrors"] == []


async def test_terms_longer_than_the_companys_max_payment_days_are_refused(acme, admin):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    await set_company(admin, maxPaymentDays=15)
    await set_terms(admin, acme["location"], "Net 30")
    assert codes(await checkout(buyer, await new_cart(buyer, bolt))) == [(["cartId"], "TERMS_EXCEED_MAX_PAYMENT_DAYS")]
    await set_terms(admin, acme["location"], "Net 15")
    assert (await checkout(buyer, await new_cart(buyer, bolt)))["userErrors"] == []


async def test_an_overdue_order_blocks_terms_checkout_when_the_shop_says_so(acme, admin, db, client):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    await set_terms(admin, acme["location"], "Net 7")
    assert (await checkout(buyer, await new_cart(buyer, bolt)))["userErrors"] == []
    clock.advance(8 * 86400)
    buyer = await login(db, client, "anna@acme.test")  # the first session has expired
    assert (await checkout(buyer, await new_cart(buyer, bolt)))["userErrors"] == []  # the shop does not block
    async with db.transaction() as session:
        await session.execute(update(ShopSettings).values(block_checkout_when_overdue=True))
    blocked = await checkout(buyer, await new_cart(buyer, bolt))
    assert codes(blocked) == [(["cartId"], "COMPANY_HAS_OVERDUE_ORDERS")]


async def test_the_same_key_replays_the_first_answer_without_charging_again(acme):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    card, idempotency_key = await add_card(buyer), key()
    cart = await new_cart(buyer, bolt, 2)
    first = await checkout(buyer, cart, card, idempotency_key)
    replay = await checkout(buyer, cart, card, idempotency_key)
    assert replay == first and first["order"]["transactions"][0]["amount"]["amount"] == "20.00"
    assert len((await buyer(ORDERS))["viewer"]["orders"]["nodes"]) == 1
    other = await checkout(buyer, await new_cart(buyer, bolt), card, idempotency_key)
    assert codes(other) == [(["idempotencyKey"], "IDEMPOTENCY_KEY_REUSED")]


async def test_payment_methods_show_brand_and_last4_to_their_owner_only(acme, db, client):
    buyer = acme["buyer"]
    await add_card(buyer)
    await add_card(buyer, "tok_mastercard")
    unknown = (await buyer(ADD_METHOD, token="tok_stolen"))["paymentMethodAdd"]
    assert codes(unknown) == [(["token"], "INVALID")]
    methods = (await buyer("{ viewer { paymentMethods { brand last4 } } }"))["viewer"]["paymentMethods"]
    assert methods == [{"brand": "visa", "last4": "4242"}, {"brand": "mastercard", "last4": "4444"}]
    bob = await login(db, client, "bob@else.test")
    assert (await bob("{ viewer { paymentMethods { id } } }"))["viewer"]["paymentMethods"] == []


async def test_a_page_of_orders_costs_the_same_statements_whatever_its_size(acme, admin):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    await set_terms(admin, acme["location"], "Net 30")
    for _ in range(4):
        assert (await checkout(buyer, await new_cart(buyer, bolt)))["userErrors"] == []
    page = f"query($n: Int!) {{ viewer {{ orders(first: $n) {{ nodes {{ {ORDER} }} }} }} }}"

    async def statements(first: int) -> int:
        response = await buyer.post(page, n=first)
        assert len(response.json()["data"]["viewer"]["orders"]["nodes"]) == first
        return int(response.headers["x-sql-statements"])

    assert await statements(1) == await statements(4)
