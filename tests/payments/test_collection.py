"""Collection on the due date (gateway/orders/collection.py): a location's autoCharge charges the
buyer's default payment method once when a schedule falls due, with a receipt, or emails buyer and
merchant on failure; the shop's paymentReminderDays reminds before the due date and once overdue."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from gateway.db.models import Order, PaymentSchedule, Transaction
from gateway.orders import collection
from gateway.payments import provider_for
from gateway.platform import clock
from tests.helpers import ERRORS, MERCHANT, codes
from tests.orders.helpers import LOCATION_UPDATE, add_card, checkout, mails_to, new_cart, set_terms

DAY = 86400
BUYER = "anna@acme.test"
SHOP_UPDATE = f"""mutation($input: ShopInput!) {{ shopUpdate(input: $input) {{
    shop {{ paymentReminderDays }} {ERRORS} }} }}"""


async def order_on_terms(acme, admin, auto_charge: bool = True) -> dict:  # noqa: ANN001
    """A Net 30 order of 20.00 by anna, at a location that charges on the due date (or not)."""
    await set_terms(admin, acme["location"], "Net 30", autoCharge=auto_charge)
    buyer = acme["buyer"]
    payload = await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 2))
    assert payload["userErrors"] == [] and payload["order"]["displayFinancialStatus"] == "PENDING"
    return payload["order"]


async def read(db, order: dict) -> dict:  # noqa: ANN001
    """The order as its buyer would see it (read from the database: 30 days on, her session has ended)."""
    async with db.reader() as session:
        row = await session.get(Order, int(order["id"].rsplit("/", 1)[1]))
        transactions = (await session.scalars(select(Transaction).where(Transaction.order_id == row.id))).all()
        schedules = (await session.scalars(select(PaymentSchedule).where(PaymentSchedule.order_id == row.id))).all()
    return {"status": row.financial_status, "paid": row.paid_amount, "outstanding": row.total - row.paid_amount,
            "transactions": [(t.kind, t.amount) for t in transactions], "completed": [s.completed_at for s in schedules]}


async def templates(db, to: str) -> list[str]:  # noqa: ANN001
    return [row.headers["X-Gateway-Template"] for row in await mails_to(db, to)]


async def test_the_default_method_is_charged_once_when_the_schedule_falls_due(acme, admin, db, settings):
    provider = provider_for(settings)
    order = await order_on_terms(acme, admin)
    await add_card(acme["buyer"], "tok_mastercard")  # the oldest: the default
    await add_card(acme["buyer"], "tok_declined")
    assert (await collection.run_once(db, settings, provider))["charged"] == 0  # not due yet
    clock.advance(30 * DAY + 60)
    # two workers at once: one charge
    passes = await asyncio.gather(*(collection.run_once(db, settings, provider) for _ in range(2)))
    assert sum(p["charged"] for p in passes) == 1 and sum(p["failed"] for p in passes) == 0
    assert (await collection.run_once(db, settings, provider))["charged"] == 0
    paid = await read(db, order)
    assert (paid["status"], paid["transactions"]) == ("PAID", [("PAYMENT", 2000)])
    assert paid["completed"][0] is not None
    assert "payment_receipt" in await templates(db, BUYER)
    receipt = [m for m in await mails_to(db, BUYER) if m.headers["X-Gateway-Template"] == "payment_receipt"][0]
    assert "mastercard ending in 4444" in receipt.body_text and "20.00" in receipt.body_text


async def test_a_failed_charge_emails_buyer_and_merchant_and_leaves_the_order_outstanding(acme, admin, db, settings):
    provider = provider_for(settings)
    order = await order_on_terms(acme, admin)
    await add_card(acme["buyer"], "tok_insufficient_funds")
    clock.advance(31 * DAY)
    assert (await collection.run_once(db, settings, provider))["failed"] == 1
    assert (await collection.run_once(db, settings, provider))["failed"] == 0  # tried once
    after = await read(db, order)
    assert (after["status"], after["outstanding"], after["transactions"]) == ("PENDING", 2000, [])
    assert "payment_failed" in await templates(db, BUYER)
    merchant = [m for m in await mails_to(db, MERCHANT) if m.headers["X-Gateway-Template"] == "payment_failed_merchant"]
    assert len(merchant) == 1 and "insufficient funds" in merchant[0].body_text and BUYER in merchant[0].body_text


async def test_without_a_payment_method(acme, admin, db, settings):
    await order_on_terms(acme, admin)  # no card saved
    clock.advance(31 * DAY)
    assert (await collection.run_once(db, settings, provider_for(settings)))["failed"] == 1
    assert "No payment method" in (await mails_to(db, MERCHANT))[-1].body_text


async def test_nothing_is_charged_without_autocharge(acme, admin, db, settings):
    provider = provider_for(settings)
    await order_on_terms(acme, admin, auto_charge=False)
    await add_card(acme["buyer"])
    clock.advance(31 * DAY)
    assert (await collection.run_once(db, settings, provider)) == {"charged": 0, "failed": 0, "reminded": 0,
                                                                   "overdue": 0}


async def test_reminders_before_the_due_date_and_when_overdue_each_once(acme, admin, db, settings):
    provider = provider_for(settings)
    shop = (await admin(SHOP_UPDATE, input={"paymentReminderDays": 3}))["shopUpdate"]
    assert shop == {"shop": {"paymentReminderDays": 3}, "userErrors": []}
    order = await order_on_terms(acme, admin, auto_charge=False)
    clock.advance(26 * DAY)
    assert (await collection.run_once(db, settings, provider))["reminded"] == 0
    clock.advance(2 * DAY)
    assert (await collection.run_once(db, settings, provider))["reminded"] == 1
    assert (await collection.run_once(db, settings, provider))["reminded"] == 0
    clock.advance(3 * DAY)
    assert (await collection.run_once(db, settings, provider))["overdue"] == 1
    assert (await collection.run_once(db, settings, provider))["overdue"] == 0
    assert await templates(db, BUYER) == ["order_confirmation", "payment_reminder", "payment_overdue"]
    reminder = (await mails_to(db, BUYER))[1]
    assert order["name"] in reminder.subject and "20.00" in reminder.body_text


async def test_the_settings_are_checked(acme, admin):
    for days in (-1, 61):
        assert codes((await admin(SHOP_UPDATE, input={"paymentReminderDays": days}))["shopUpdate"]) == [
            (["paymentReminderDays"], "GREATER_THAN" if days > 0 else "LESS_THAN")
        ]
    off = (await admin(SHOP_UPDATE, input={"paymentReminderDays": None}))["shopUpdate"]
    assert off == {"shop": {"paymentReminderDays": None}, "userErrors": []}
    await set_terms(admin, acme["location"], None)
    refused = await admin(LOCATION_UPDATE, id=acme["location"], input={"buyerExperienceConfiguration": {"autoCharge": True}})
    assert codes(refused["companyLocationUpdate"]) == [
        (["input", "buyerExperienceConfiguration", "autoCharge"], "INVALID")
    ]
    await set_terms(admin, acme["location"], "Net 30", autoCharge=True)
    read = await admin("query($id: ID!) { node(id: $id) { ... on CompanyLocation { buyerExperienceConfiguration { "
                       "autoCharge } } } }", id=acme["location"])
    assert read["node"]["buyerExperienceConfiguration"] == {"autoCharge": True}


async def test_auto_charge_through_stripe(stripe_shop, acme, admin, db, settings):
    order = await order_on_terms(acme, admin)
    await add_card(acme["buyer"], "pm_card_visa")
    clock.advance(31 * DAY)
    assert (await collection.run_once(db, settings, provider_for(settings)))["charged"] == 1
    assert (await read(db, order))["status"] == "PAID"
    intents = (await stripe_shop.request("GET", "/v1/payment_intents", limit=100))["data"]
    mine = [i for i in intents if i["metadata"].get("gateway_orders", "").endswith(":2000")]
    assert [(i["amount"], i["status"]) for i in mine] == [(2000, "succeeded")]
