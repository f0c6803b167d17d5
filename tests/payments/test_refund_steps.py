"""With the sandbox provider: refunds are booked one charge at a time (a refusal keeps the earlier
ones), 3-D Secure answers PAYMENT_REQUIRES_ACTION, and the Stripe webhook route is Stripe's only."""

from __future__ import annotations

from sqlalchemy import update

from gateway.db.models import PaymentMethod
from tests.helpers import codes
from tests.orders.helpers import READ_ORDER, add_card, checkout, key, new_cart, pay, set_terms
from tests.payments.helpers import CANCEL, REFUND


async def two_charges(acme, admin, second_card: str = "tok_refund_fail") -> dict:  # noqa: ANN001
    """A 30.00 order: a deposit of 15.00 paid with tok_visa, the rest with second_card."""
    await set_terms(admin, acme["location"], "Net 30", deposit={"percentage": 50})
    buyer = acme["buyer"]
    placed = await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 3), await add_card(buyer))
    assert placed["userErrors"] == [] and placed["amountCharged"]["amount"] == "15.00"
    assert (await pay(buyer, placed["order"]["id"], await add_card(buyer, second_card)))["userErrors"] == []
    return placed["order"]


async def test_a_refused_refund_keeps_the_earlier_ones_booked_and_cancels_nothing(acme, admin):
    order = await two_charges(acme, admin)
    refused = (await admin(CANCEL, order=order["id"]))["orderCancel"]
    assert codes(refused) == [(["refund"], "REFUND_FAILED")] and refused["order"] is None
    assert "The refunds before it (1500 minor units) are made and booked" in refused["userErrors"][0]["message"]
    after = (await acme["buyer"](READ_ORDER, id=order["id"]))["order"]
    assert after["displayFinancialStatus"] == "PAID"
    assert [(t["kind"], t["amount"]["amount"]) for t in after["transactions"]] == [
        ("DEPOSIT", "15.00"), ("PAYMENT", "15.00"), ("REFUND", "15.00")
    ]
    again = (await admin(CANCEL, order=order["id"]))["orderCancel"]  # the deposit is not refunded twice
    assert codes(again) == [(["refund"], "REFUND_FAILED")] and "before it" not in again["userErrors"][0]["message"]
    part = (await admin(REFUND, order=order["id"], amount="15.01", key=key()))["orderRefund"]
    assert codes(part) == [(["amount"], "INVALID_AMOUNT")]  # 15.00 is left


async def test_a_partial_refund_spans_charges_oldest_first(acme, admin):
    order = await two_charges(acme, admin, "tok_mastercard")
    made = (await admin(REFUND, order=order["id"], amount="20.00", reason="returned", key=key()))["orderRefund"]
    assert made["userErrors"] == []
    assert [r["amount"]["amount"] for r in made["refunds"]] == ["15.00", "5.00"]
    rest = (await admin(CANCEL, order=order["id"]))["orderCancel"]["order"]
    assert (rest["displayFinancialStatus"], rest["totalRefunded"]["amount"]) == ("REFUNDED", "30.00")


async def test_3d_secure_makes_no_order_and_keeps_the_cart(acme):
    buyer = acme["buyer"]
    cart = await new_cart(buyer, acme["bolt"]["variants"][0])
    needs = await checkout(buyer, cart, await add_card(buyer, "pm_card_threeDSecure2Required"))
    assert codes(needs) == [(["paymentMethodId"], "PAYMENT_REQUIRES_ACTION")] and needs["order"] is None
    assert "client secret pi_test_" in needs["userErrors"][0]["message"]
    assert (await checkout(buyer, cart, await add_card(buyer, "pm_card_visa")))["order"]["displayFinancialStatus"] == "PAID"


async def test_a_method_of_another_provider_is_not_charged(acme, db):
    buyer = acme["buyer"]
    card = await add_card(buyer)
    async with db.transaction() as session:
        await session.execute(update(PaymentMethod).values(provider="stripe"))
    refused = await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0]), card)
    assert codes(refused) == [(["paymentMethodId"], "INVALID")]


async def test_the_stripe_webhook_is_not_there_for_the_test_provider(client):
    answer = await client.post("/webhooks/stripe", content=b"{}", headers={"stripe-signature": "t=1,v1=x"})
    assert answer.status_code == 404 and answer.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    wrong = await client.get("/webhooks/stripe")
    assert (wrong.status_code, wrong.headers["allow"], wrong.json()["errors"][0]["extensions"]["code"]) == (
        405, "POST", "METHOD_NOT_ALLOWED"
    )
