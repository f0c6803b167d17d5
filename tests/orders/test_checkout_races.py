"""Money under concurrency: checkouts against one credit limit, payments of one order, and
requests sharing one idempotency key, all at once through HTTP. PostgreSQL runs them truly in
parallel (the company and order row locks decide); SQLite serialises writers, so it checks the
same arithmetic."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from gateway.db.models import Order, Transaction
from tests.helpers import codes
from tests.orders.helpers import add_card, checkout, key, new_cart, pay, set_company, set_terms


async def test_concurrent_checkouts_on_terms_never_exceed_the_credit_limit(acme, admin, db):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    await set_terms(admin, acme["location"], "Net 30")
    await set_company(admin, creditLimit="100.00")
    assert (await checkout(buyer, await new_cart(buyer, bolt, 3)))["userErrors"] == []  # 30.00 owed: 70.00 left
    carts = [await new_cart(buyer, bolt, 2) for _ in range(20)]  # 20.00 each, 400.00 in all
    results = await asyncio.gather(*(checkout(buyer, cart) for cart in carts))
    succeeded = [r for r in results if not r["userErrors"]]
    assert len(succeeded) == 70 // 20
    assert all(codes(r) == [(["cartId"], "CREDIT_LIMIT_EXCEEDED")] for r in results if r["userErrors"])
    async with db.reader() as session:
        owed = await session.scalar(select(func.sum(Order.total - Order.paid_amount)))
    assert owed == 3000 + 2000 * (70 // 20) <= 10000


async def test_concurrent_payments_never_overpay(acme, admin, db):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    order = (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 3)))["order"]
    card = await add_card(buyer)
    results = await asyncio.gather(*(pay(buyer, order["id"], card, "7.00") for _ in range(10)))
    assert sum(1 for r in results if not r["userErrors"]) == 30 // 7
    assert all(codes(r) == [(["amount"], "INVALID_AMOUNT")] for r in results if r["userErrors"])
    async with db.reader() as session:
        paid, total = (await session.execute(select(Order.paid_amount, Order.total))).one()
        charged = await session.scalar(select(func.sum(Transaction.amount)))
    assert paid == charged == 700 * (30 // 7) <= total


async def test_concurrent_requests_with_one_key_make_one_order(acme, db):
    buyer = acme["buyer"]
    card, idempotency_key = await add_card(buyer), key()
    cart = await new_cart(buyer, acme["bolt"]["variants"][0], 2)
    results = await asyncio.gather(*(checkout(buyer, cart, card, idempotency_key) for _ in range(5)))
    assert all(r["userErrors"] == [] for r in results), results
    assert len({r["order"]["id"] for r in results}) == 1
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 1
        assert await session.scalar(select(func.count()).select_from(Transaction)) == 1
