"""Returns and shipments under concurrency, through HTTP: requests and fulfillments of one order at
once never take more than was bought (the order row lock decides on PostgreSQL; SQLite serialises
writers), and return names never clash."""

from __future__ import annotations

import asyncio

from tests.account.helpers import place_order
from tests.helpers import codes
from tests.orders.returns import fulfill, line, read_order, request_return


async def test_concurrent_return_requests_never_ask_back_more_than_was_bought(acme):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 7))
    [bolt] = (await read_order(buyer, order["id"]))["lineItems"]
    results = await asyncio.gather(*(request_return(buyer, order["id"], line(bolt["id"], 2)) for _ in range(8)))
    made = [r["return"]["name"] for r in results if not r["userErrors"]]
    assert len(made) == 7 // 2
    assert all(codes(r) == [(["lines", "0", "quantity"], "GREATER_THAN")] for r in results if r["userErrors"])
    assert sorted(made) == [f"{order['name']}-R{n}" for n in (1, 2, 3)]
    returns = (await read_order(buyer, order["id"]))["returns"]
    assert sum(ln["quantity"] for r in returns for ln in r["lines"]) == 6


async def test_concurrent_fulfillments_never_ship_more_than_was_bought(acme, admin):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 5))
    [bolt] = (await read_order(buyer, order["id"]))["lineItems"]
    shipment = [{"orderLineId": bolt["id"], "quantity": 2}]
    results = await asyncio.gather(*(fulfill(admin, order["id"], lines=shipment) for _ in range(6)))
    assert sum(1 for r in results if not r["userErrors"]) == 5 // 2
    seen = await read_order(buyer, order["id"])
    assert sum(ln["quantity"] for f in seen["fulfillments"] for ln in f["lines"]) == 4
    assert seen["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"
