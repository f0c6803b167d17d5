"""Paying from the account through HTTP: ordersPay (one charge for several orders, replay,
refusals that change nothing), what the viewer owes, and payment methods (remove, default)."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select, update

from gateway.db.models import Order, Transaction
from gateway.platform import clock
from tests.account.helpers import colleague
from tests.catalog.helpers import login
from tests.helpers import ERRORS, codes
from tests.orders.helpers import ORDER, READ_ORDER, add_card, checkout, key, new_cart, set_terms

PAY_MANY = f"""mutation($orders: [ID!]!, $method: ID!, $key: String!) {{
    ordersPay(orderIds: $orders, paymentMethodId: $method, idempotencyKey: $key) {{
      orders {{ id displayFinancialStatus totalOutstanding {{ amount }}
        paymentTerms {{ paymentSchedules {{ completedAt }} }} }}
      transactions {{ kind amount {{ amount }} }} amountCharged {{ amount currencyCode }} {ERRORS} }} }}"""

OWED = """{ viewer { outstandingOrders { id name totalOutstanding { amount } paymentTerms { overdue } }
    totalOutstanding { amount currencyCode } } }"""

METHODS = "{ viewer { paymentMethods { id last4 isDefault } } }"

REMOVE = f"""mutation($id: ID!) {{ paymentMethodRemove(paymentMethodId: $id) {{ removedPaymentMethodId {ERRORS} }} }}"""

SET_DEFAULT = f"""mutation($id: ID!) {{ paymentMethodSetDefault(paymentMethodId: $id) {{
    paymentMethod {{ id isDefault }} {ERRORS} }} }}"""


async def on_terms(acme, quantity: int) -> dict:  # noqa: ANN001
    """An order of quantity x 10.00 by anna on the location's terms."""
    payload = await checkout(acme["buyer"], await new_cart(acme["buyer"], acme["bolt"]["variants"][0], quantity))
    assert payload["userErrors"] == []
    return payload["order"]


async def pay_many(buyer, orders: list[str], method: str, idempotency_key: str | None = None) -> dict:  # noqa: ANN001
    return (await buyer(PAY_MANY, orders=orders, method=method, key=idempotency_key or key()))["ordersPay"]


async def test_orders_pay_charges_once_for_all_and_settles_each(acme, admin):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    first, second, card = await on_terms(acme, 1), await on_terms(acme, 2), await add_card(buyer)
    paid = await pay_many(buyer, [first["id"], second["id"]], card)
    assert paid["userErrors"] == []
    assert paid["amountCharged"] == {"amount": "30.00", "currencyCode": "EUR"}
    assert [t["amount"]["amount"] for t in paid["transactions"]] == ["10.00", "20.00"]
    assert {t["kind"] for t in paid["transactions"]} == {"PAYMENT"}
    for order in paid["orders"]:
        assert (order["displayFinancialStatus"], order["totalOutstanding"]["amount"]) == ("PAID", "0.00")
        assert order["paymentTerms"]["paymentSchedules"][0]["completedAt"] is not None
    assert (await buyer(OWED))["viewer"] == {"outstandingOrders": [], "totalOutstanding": []}
    again = await pay_many(buyer, [first["id"]], card)
    assert codes(again) == [(["orderIds", "0"], "NOTHING_OUTSTANDING")]


async def test_the_same_key_pays_once_and_other_arguments_are_refused(acme, admin):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    first, second, card, same = await on_terms(acme, 1), await on_terms(acme, 2), await add_card(buyer), key()
    answer = await pay_many(buyer, [first["id"], second["id"]], card, same)
    assert await pay_many(buyer, [first["id"], second["id"]], card, same) == answer
    assert codes(await pay_many(buyer, [first["id"]], card, same)) == [(["idempotencyKey"], "IDEMPOTENCY_KEY_REUSED")]
    order = (await buyer(READ_ORDER, id=first["id"]))["order"]
    assert [t["amount"]["amount"] for t in order["transactions"]] == ["10.00"]


async def test_refusals_change_nothing(acme, admin, db, client):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    first, second, card = await on_terms(acme, 1), await on_terms(acme, 2), await add_card(buyer)
    both = [first["id"], second["id"]]
    assert codes(await pay_many(buyer, [], card)) == [(["orderIds"], "BLANK")]
    assert codes(await pay_many(buyer, [first["id"], first["id"]], card)) == [(["orderIds", "1"], "DUPLICATE")]
    unknown = await pay_many(buyer, [first["id"], "gid://gateway/Order/999", "nonsense"], card)
    assert codes(unknown) == [(["orderIds", "1"], "NOT_FOUND"), (["orderIds", "2"], "NOT_FOUND")]
    assert codes(await pay_many(buyer, both, "gid://gateway/PaymentMethod/999")) == [
        (["paymentMethodId"], "NOT_FOUND")
    ]
    declined = await pay_many(buyer, both, await add_card(buyer, "tok_insufficient_funds"))
    assert codes(declined) == [(["paymentMethodId"], "PAYMENT_DECLINED")]
    bob = await login(db, client, "bob@acme.test")  # no role at Acme: Anna's orders are unknown to bob
    assert codes(await pay_many(bob, both, await add_card(bob))) == [
        (["orderIds", "0"], "NOT_FOUND"), (["orderIds", "1"], "NOT_FOUND")
    ]
    async with db.transaction() as session:
        await session.execute(update(Order).where(Order.name == second["name"]).values(currency="USD"))
    assert codes(await pay_many(buyer, both, card)) == [(["orderIds"], "CURRENCY_MISMATCH")]
    owed = (await buyer(OWED))["viewer"]["totalOutstanding"]
    assert owed == [{"amount": "10.00", "currencyCode": "EUR"}, {"amount": "20.00", "currencyCode": "USD"}]


async def test_concurrent_payments_of_overlapping_orders_pay_each_once(acme, admin, db):
    """Each request lists the orders in another order: the row locks (taken in id order) let one
    pay and the rest find nothing outstanding, on PostgreSQL without deadlocks."""
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    first, second, card = await on_terms(acme, 1), await on_terms(acme, 2), await add_card(buyer)
    lists = [[first["id"], second["id"]], [second["id"], first["id"]]] * 5
    results = await asyncio.gather(*(pay_many(buyer, orders, card) for orders in lists))
    assert sum(1 for r in results if not r["userErrors"]) == 1
    assert all({e["code"] for e in r["userErrors"]} == {"NOTHING_OUTSTANDING"} for r in results if r["userErrors"])
    async with db.reader() as session:
        paid = await session.scalar(select(func.sum(Order.paid_amount)))
        charged = await session.scalar(select(func.sum(Transaction.amount)))
    assert paid == charged == 3000


async def test_anonymous_visitors_cannot_pay(acme, admin, storefront):
    await set_terms(admin, acme["location"], "Net 30")
    order = await on_terms(acme, 1)
    assert codes(await pay_many(storefront, [order["id"]], "gid://gateway/PaymentMethod/1")) == [
        (["orderIds"], "LOGIN_REQUIRED")
    ]


async def test_outstanding_orders_overdue_first_as_each_contact_may_see_them(acme, admin, db, client):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 90")
    later = await on_terms(acme, 1)
    await set_terms(admin, acme["location"], "Net 7")
    clock.advance(60)
    overdue = await on_terms(acme, 2)
    paid = await on_terms(acme, 3)
    assert (await pay_many(buyer, [paid["id"]], await add_card(buyer)))["userErrors"] == []
    clock.advance(8 * 86400)
    buyer = await login(db, client, "anna@acme.test")  # the test sessions last a day
    viewer = (await buyer(OWED))["viewer"]
    assert [(o["name"], o["paymentTerms"]["overdue"]) for o in viewer["outstandingOrders"]] == [
        (overdue["name"], True), (later["name"], False)
    ]
    assert viewer["totalOutstanding"] == [{"amount": "30.00", "currencyCode": "EUR"}]
    # An ORDERING_ONLY contact owes only what it ordered; another LOCATION_ADMIN sees the location's.
    carl = await colleague(admin, db, client, "carl@acme.test", acme["location"], "ORDERING_ONLY")
    assert (await carl(OWED))["viewer"] == {"outstandingOrders": [], "totalOutstanding": []}
    dora = await colleague(admin, db, client, "dora@acme.test", acme["location"], "LOCATION_ADMIN")
    assert [o["id"] for o in (await dora(OWED))["viewer"]["outstandingOrders"]] == [overdue["id"], later["id"]]
    assert (await pay_many(dora, [later["id"]], await add_card(dora)))["userErrors"] == []
    assert (await buyer(OWED))["viewer"]["totalOutstanding"] == [{"amount": "20.00", "currencyCode": "EUR"}]


async def test_what_is_outstanding_costs_the_same_statements_for_one_order_or_four(acme, admin):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    query = f"""{{ viewer {{ outstandingOrders {{ {ORDER} }} totalOutstanding {{ amount }}
        paymentMethods {{ isDefault }} }} }}"""

    async def statements(orders: int) -> int:
        response = await buyer.post(query)
        assert len(response.json()["data"]["viewer"]["outstandingOrders"]) == orders
        return int(response.headers["x-sql-statements"])

    await add_card(buyer)
    await on_terms(acme, 1)
    one = await statements(1)
    for quantity in (2, 3, 4):
        await add_card(buyer)
        await on_terms(acme, quantity)
    assert await statements(4) == one


async def test_the_first_method_is_the_default_until_another_is_chosen(acme, db, client):
    buyer = acme["buyer"]
    first, second = await add_card(buyer), await add_card(buyer, "tok_mastercard")
    assert [(m["id"], m["isDefault"]) for m in (await buyer(METHODS))["viewer"]["paymentMethods"]] == [
        (first, True), (second, False)
    ]
    chosen = (await buyer(SET_DEFAULT, id=second))["paymentMethodSetDefault"]
    assert chosen == {"paymentMethod": {"id": second, "isDefault": True}, "userErrors": []}
    assert [m["isDefault"] for m in (await buyer(METHODS))["viewer"]["paymentMethods"]] == [False, True]
    removed = (await buyer(REMOVE, id=second))["paymentMethodRemove"]
    assert removed == {"removedPaymentMethodId": second, "userErrors": []}
    assert [(m["id"], m["isDefault"]) for m in (await buyer(METHODS))["viewer"]["paymentMethods"]] == [(first, True)]
    assert codes((await buyer(REMOVE, id=second))["paymentMethodRemove"]) == [(["paymentMethodId"], "NOT_FOUND")]


async def test_another_customers_method_is_not_found(acme, db, client, storefront):
    card = await add_card(acme["buyer"])
    bob = await login(db, client, "bob@acme.test")
    for mutation, name in ((REMOVE, "paymentMethodRemove"), (SET_DEFAULT, "paymentMethodSetDefault")):
        assert codes((await bob(mutation, id=card))[name]) == [(["paymentMethodId"], "NOT_FOUND")]
        assert codes((await storefront(mutation, id=card))[name]) == [(["paymentMethodId"], "LOGIN_REQUIRED")]
    assert [m["isDefault"] for m in (await acme["buyer"](METHODS))["viewer"]["paymentMethods"]] == [True]
