"""Taking payments with Stripe through the GraphQL APIs, the app's Stripe provider talking to a real
Stripe-compatible server (localstripe, tests/payments/localstripe.py): success, decline, replay,
3-D Secure, refunds in full and in part, and the webhooks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gateway.db.models import Customer, PaymentCustomer, Transaction
from tests.helpers import codes
from tests.orders.helpers import READ_ORDER, add_card, checkout, key, new_cart, pay, set_terms
from tests.payments.helpers import CANCEL, REFUND, SETUP, deliver, event_of, forward
from tests.payments.localstripe import sign

THREE_D_SECURE = "4000002760003184"


async def intents(stripe_shop, db) -> list[dict[str, Any]]:  # noqa: ANN001
    """The PaymentIntents localstripe holds for the shop's Stripe customers."""
    async with db.reader() as session:
        customers = set((await session.scalars(select(PaymentCustomer.reference))).all())
    listed = await stripe_shop.request("GET", "/v1/payment_intents", limit=100)
    return [intent for intent in listed["data"] if intent["customer"] in customers]


async def paid_now(acme, quantity: int = 2) -> dict:  # noqa: ANN001
    buyer = acme["buyer"]
    payload = await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], quantity),
                             await add_card(buyer, "pm_card_visa"))
    assert payload["userErrors"] == [], payload
    return payload["order"]


async def test_a_checkout_is_charged_once_per_key_on_the_buyers_stripe_customer(stripe_shop, acme, db):
    buyer = acme["buyer"]
    card, cart, idempotency_key = await add_card(buyer, "pm_card_visa"), None, key()
    cart = await new_cart(buyer, acme["bolt"]["variants"][0], 3)
    first = await checkout(buyer, cart, card, idempotency_key)
    assert first["userErrors"] == [] and first["order"]["displayFinancialStatus"] == "PAID"
    assert first["amountCharged"] == {"amount": "30.00", "currencyCode": "EUR"}
    assert await checkout(buyer, cart, card, idempotency_key) == first  # replayed, not charged again
    [intent] = await intents(stripe_shop, db)
    assert (intent["amount"], intent["currency"], intent["status"]) == (3000, "eur", "succeeded")
    assert intent["metadata"]["gateway_cart"]
    async with db.reader() as session:
        assert (await session.scalars(select(Transaction.provider_reference))).all() == [intent["id"]]


async def test_a_declined_card_makes_no_order(stripe_shop, acme, db):
    buyer = acme["buyer"]
    cart = await new_cart(buyer, acme["bolt"]["variants"][0])
    declined = await checkout(buyer, cart, await add_card(buyer, "pm_card_chargeCustomerFail"))
    assert codes(declined) == [(["paymentMethodId"], "PAYMENT_DECLINED")] and declined["order"] is None
    assert "declined" in declined["userErrors"][0]["message"]
    again = await checkout(buyer, cart, await add_card(buyer, "pm_card_visa"))  # the cart is still there
    assert again["order"]["displayFinancialStatus"] == "PAID"


async def test_an_unknown_payment_method_is_refused_and_setup_gives_a_client_secret(stripe_shop, acme):
    buyer = acme["buyer"]
    payload = (await buyer("mutation { paymentMethodAdd(token: \"pm_nope\") { paymentMethod { id } "
                           "userErrors { field code } } }"))["paymentMethodAdd"]
    assert codes(payload) == [(["token"], "INVALID")]
    setup = (await buyer(SETUP))["paymentMethodSetupCreate"]
    assert setup["userErrors"] == [] and "_secret_" in setup["clientSecret"]


async def test_3d_secure_answers_the_client_secret_and_the_event_books_the_payment(
    stripe_shop, acme, admin, receiver, client
):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    order = (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 2)))["order"]
    card = await add_card(buyer, await stripe_shop.card(THREE_D_SECURE))
    needs = await pay(buyer, order["id"], card)
    assert codes(needs) == [(["paymentMethodId"], "PAYMENT_REQUIRES_ACTION")]
    secret = needs["userErrors"][0]["message"].split("client secret ")[1].split(",")[0]
    assert "_secret_" in secret
    assert (await buyer(READ_ORDER, id=order["id"]))["order"]["displayFinancialStatus"] == "PENDING"

    await stripe_shop.authenticate(secret)  # the buyer passes 3-D Secure in the browser (Stripe.js)
    received = await event_of(receiver, "payment_intent.succeeded", secret.split("_secret_")[0])
    answer = await forward(client, received)
    assert answer.status_code == 200 and answer.json()["outcome"] == "booked on 1 order(s)"
    paid = (await buyer(READ_ORDER, id=order["id"]))["order"]
    assert (paid["displayFinancialStatus"], paid["totalPaid"]["amount"]) == ("PAID", "20.00")
    assert (await forward(client, received)).json()["outcome"] == "handled already"


async def test_a_charge_whose_request_died_before_commit_is_booked_once_by_its_event(
    stripe_shop, acme, admin, receiver, client, db, settings
):
    """The request charged at Stripe, then died before its transaction committed: nothing of it is in
    our database, and the payment_intent.succeeded event books it, once."""
    from gateway.orders import ledger
    from gateway.payments import provider_for

    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    order = (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 2)))["order"]
    card = await add_card(buyer, "pm_card_visa")
    async with db.reader() as session:
        customer_id = await session.scalar(select(Customer.id).where(Customer.email == "anna@acme.test"))

    class Killed(Exception):
        pass

    try:
        async with db.transaction() as session:
            await ledger.pay(session, provider_for(settings), customer_id, order["id"], card, None, key())
            raise Killed  # the process dies between Stripe's success and our commit
    except Killed:
        pass
    assert (await buyer(READ_ORDER, id=order["id"]))["order"]["transactions"] == []
    [intent] = [i for i in await intents(stripe_shop, db) if i["metadata"].get("gateway_orders")]
    assert intent["status"] == "succeeded"

    received = await event_of(receiver, "payment_intent.succeeded", intent["id"])
    assert (await forward(client, received)).json()["outcome"] == "booked on 1 order(s)"
    assert (await forward(client, received)).json()["outcome"] == "handled already"
    # the same payment in another event (Stripe retries with the same id; this one is new): not booked twice
    event = received.json() | {"id": "evt_another_delivery"}
    assert (await deliver(client, *sign(event))).json()["outcome"] == "booked already"
    paid = (await buyer(READ_ORDER, id=order["id"]))["order"]
    assert (paid["displayFinancialStatus"], [t["amount"]["amount"] for t in paid["transactions"]]) == (
        "PAID", ["20.00"]
    )


async def test_a_webhook_that_does_not_verify_is_refused(stripe_shop, client):
    body, signature = sign({"id": "evt_x", "type": "payment_intent.succeeded", "data": {"object": {}}},
                           secret="whsec_wrong")
    refused = await deliver(client, body, signature)
    assert refused.status_code == 400 and refused.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    stale = await deliver(client, *sign({"id": "evt_y", "type": "x", "data": {"object": {}}}, at=1_000_000))
    assert stale.status_code == 400
    assert (await deliver(client, b"not json", sign({})[1])).status_code == 400
    ignored = await deliver(client, *sign({"id": "evt_z", "type": "customer.created", "data": {"object": {}}}))
    assert ignored.status_code == 200 and ignored.json()["outcome"] == "ignored"


async def test_cancel_with_refund_gives_back_the_charge_at_stripe(stripe_shop, acme, admin, db):
    order = await paid_now(acme)
    cancelled = (await admin(CANCEL, order=order["id"]))["orderCancel"]
    assert cancelled["userErrors"] == []
    assert (cancelled["order"]["displayFinancialStatus"], cancelled["order"]["totalRefunded"]["amount"]) == (
        "REFUNDED", "20.00"
    )
    [intent] = await intents(stripe_shop, db)
    refunds = await stripe_shop.request("GET", "/v1/refunds", payment_intent=intent["id"])
    assert [refund["amount"] for refund in refunds["data"]] == [2000]


async def test_partial_refunds_once_per_key_and_never_more_than_was_paid(stripe_shop, acme, admin, db):
    order = await paid_now(acme, 3)
    first_key = key()
    first = (await admin(REFUND, order=order["id"], amount="5.00", reason="one bolt bent", key=first_key))
    first = first["orderRefund"]
    assert first["userErrors"] == [] and first["refunds"] == [{"kind": "REFUND", "amount": {"amount": "5.00"}}]
    assert first["order"]["totalRefunded"]["amount"] == "5.00"
    assert first["order"]["displayFinancialStatus"] == "PAID" and first["order"]["totalOutstanding"]["amount"] == "0.00"
    replay = (await admin(REFUND, order=order["id"], amount="5.00", reason="one bolt bent", key=first_key))
    assert replay["orderRefund"] == first
    reused = (await admin(REFUND, order=order["id"], amount="6.00", reason="one bolt bent", key=first_key))
    assert codes(reused["orderRefund"]) == [(["idempotencyKey"], "IDEMPOTENCY_KEY_REUSED")]
    too_much = (await admin(REFUND, order=order["id"], amount="25.01", key=key()))["orderRefund"]
    assert codes(too_much) == [(["amount"], "INVALID_AMOUNT")] and "25.00" in too_much["userErrors"][0]["message"]
    for amount in ("0", "-1", "0.001", "NaN"):
        assert codes((await admin(REFUND, order=order["id"], amount=amount, key=key()))["orderRefund"]) == [
            (["amount"], "INVALID_AMOUNT")
        ]
    rest = (await admin(REFUND, order=order["id"], amount="25.00", key=key()))["orderRefund"]
    assert rest["order"]["totalRefunded"]["amount"] == "30.00"
    [intent] = await intents(stripe_shop, db)
    refunds = await stripe_shop.request("GET", "/v1/refunds", payment_intent=intent["id"])
    assert sorted(refund["amount"] for refund in refunds["data"]) == [500, 2500]
    missing = (await admin(REFUND, order="gid://gateway/Order/999", amount="1.00", key=key()))["orderRefund"]
    assert codes(missing) == [(["orderId"], "NOT_FOUND")]


async def test_a_refund_made_in_stripe_is_booked_from_its_charge_refunded_event(stripe_shop, acme, admin, client, db):
    """localstripe sends no charge.refunded: the event is built and signed here, as Stripe would."""
    order = await paid_now(acme)
    [intent] = await intents(stripe_shop, db)
    refund = await stripe_shop.request("POST", "/v1/refunds", payment_intent=intent["id"], amount=700)
    charge = {"id": intent["latest_charge"]["id"] if isinstance(intent["latest_charge"], dict) else intent["latest_charge"],
              "object": "charge", "payment_intent": intent["id"], "amount": 2000, "amount_refunded": 700,
              "currency": "eur", "metadata": {}}
    event = {"id": "evt_refunded_1", "type": "charge.refunded", "data": {"object": charge}}
    assert (await deliver(client, *sign(event))).json()["outcome"] == "booked 1 refund(s)"
    assert (await deliver(client, *sign(event))).json()["outcome"] == "handled already"
    assert (await deliver(client, *sign(event | {"id": "evt_refunded_2"}))).json()["outcome"] == "booked 0 refund(s)"
    async with db.reader() as session:
        refunds = (await session.execute(select(Transaction.kind, Transaction.amount, Transaction.provider_reference)
                                         .where(Transaction.kind == "REFUND"))).all()
    assert refunds == [("REFUND", 700, refund["id"])]
    left = (await admin(REFUND, order=order["id"], amount="13.01", key=key()))["orderRefund"]
    assert codes(left) == [(["amount"], "INVALID_AMOUNT")]  # 13.00 is what is left to refund


async def test_a_draft_order_whose_payment_request_died_is_completed_by_its_event(
    stripe_shop, acme, admin, receiver, client, db, settings
):
    from gateway.orders import drafts
    from gateway.payments import provider_for
    from tests.orders.test_admin_orders import INVOICE, submit_draft

    buyer = acme["buyer"]
    draft = await submit_draft(acme, admin, po="PO-KILL")
    assert (await admin(INVOICE, id=draft))["draftOrderInvoiceSend"]["userErrors"] == []
    card = await add_card(buyer, "pm_card_visa")
    async with db.reader() as session:
        customer_id = await session.scalar(select(Customer.id).where(Customer.email == "anna@acme.test"))

    class Killed(Exception):
        pass

    try:
        async with db.transaction() as session:
            await drafts.pay(session, settings, provider_for(settings), customer_id, draft, card, key())
            raise Killed
    except Killed:
        pass
    [intent] = [i for i in await intents(stripe_shop, db) if i["metadata"].get("gateway_draft_order")]
    received = await event_of(receiver, "payment_intent.succeeded", intent["id"])
    assert (await forward(client, received)).json()["outcome"] == "draft order completed"
    assert (await deliver(client, *sign(received.json() | {"id": "evt_again"}))).json()["outcome"] == "booked already"
    orders = (await buyer("{ viewer { orders(first: 5) { nodes { poNumber displayFinancialStatus "
                          "transactions { kind amount { amount } } } } } }"))["viewer"]["orders"]["nodes"]
    assert orders == [{"poNumber": "PO-KILL", "displayFinancialStatus": "PAID",
                       "transactions": [{"kind": "SALE", "amount": {"amount": "30.00"}}]}]


def test_the_orders_a_charge_pays_survive_stripes_metadata_limits():
    from gateway.orders import ledger

    paid = {order_id: 10**12 - order_id for order_id in range(10**9, 10**9 + 50)}  # ordersPay's most
    metadata = ledger.paying_for(paid)
    assert all(len(value) <= 500 for value in metadata.values()) and len(metadata) <= 50
    assert ledger.orders_paid_by(metadata) == paid and ledger.orders_paid_by({"gateway_cart": "1"}) == {}


async def test_orders_paid_together_are_one_payment_intent_naming_each_order(stripe_shop, acme, admin, db):
    from tests.orders.test_orders_pay import PAY_MANY

    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30", deposit={"percentage": 50})
    card = await add_card(buyer, "pm_card_visa")
    placed = [await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], n), card) for n in (1, 2)]
    assert [p["amountCharged"]["amount"] for p in placed] == ["5.00", "10.00"]  # deposits, charged at Stripe
    paid = (await buyer(PAY_MANY, orders=[p["order"]["id"] for p in placed], method=card, key=key()))["ordersPay"]
    assert paid["userErrors"] == [] and [o["displayFinancialStatus"] for o in paid["orders"]] == ["PAID", "PAID"]
    together = [i for i in await intents(stripe_shop, db) if i["metadata"].get("gateway_orders", "").count(":") == 2]
    order_ids = [int(p["order"]["id"].rsplit("/", 1)[1]) for p in placed]
    assert [(i["amount"], i["metadata"]["gateway_orders"]) for i in together] == [
        (1500, f"{order_ids[0]}:500,{order_ids[1]}:1000")
    ]
