"""A shop with something in every console queue: an order paid at checkout with a return requested
on it, an order on Net 30 terms, a draft submitted for approval, an account request, a catalog with a fixed price."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from gateway.db.models import Base
from tests.account.helpers import place_order
from tests.customers.account_requests import submitted
from tests.orders.returns import line, read_order, request_return
from tests.orders.test_admin_orders import submit_draft


def tail(gid: str) -> str:
    return gid.rsplit("/", 1)[-1]


async def world(acme: dict, admin: Any, storefront: Any, catalog: Any) -> dict[str, str]:  # noqa: ANN401
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 3))
    bolt = (await read_order(buyer, order["id"]))["lineItems"][0]
    made = await request_return(buyer, order["id"], line(bolt["id"], 1))
    assert made["userErrors"] == []
    on_terms = await submit_draft(acme, admin, po="PO-0")
    completed = await admin("""mutation($id: ID!) { draftOrderComplete(id: $id) { order { id } userErrors { code } } }""",
                            id=on_terms)
    unpaid = completed["draftOrderComplete"]["order"]["id"]
    draft = await submit_draft(acme, admin)
    request = await submitted(storefront)
    b2b = await catalog("B2B")
    prices = {"variantId": acme["nut"]["variants"][0]["id"], "price": "9.00"}
    added = await admin("""mutation($id: ID!, $p: [PriceListPriceInput!]!) { priceListFixedPricesAdd(priceListId: $id,
        prices: $p) { userErrors { code } } }""", id=b2b["priceList"]["id"], p=[prices])
    assert added["priceListFixedPricesAdd"]["userErrors"] == []
    return {
        "order": tail(order["id"]), "unpaid": tail(unpaid), "return": tail(made["return"]["id"]), "draft": tail(draft),
        "request": tail(request), "catalog": tail(b2b["id"]), "price_list": b2b["priceList"]["id"],
        "variant": acme["bolt"]["variants"][0]["id"],
    }


async def snapshot(db) -> dict[str, list]:  # noqa: ANN001
    """Every row of every table: what "changes nothing" compares."""
    tables = {}
    async with db.reader() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(select(table))).all()
            tables[table.name] = sorted((tuple(map(repr, row)) for row in rows))
    return tables
