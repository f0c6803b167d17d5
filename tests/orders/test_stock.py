"""Stock through HTTP: inventorySet, availableForSale on the Storefront API, checkout taking stock
all or nothing and never overselling under concurrency, cancelled orders and approved returns giving
it back, drafts that take it only once approved, and `gateway stock import`."""

from __future__ import annotations

import asyncio

from tests.catalog.helpers import login
from tests.catalog.test_catalog_version import version as catalog_version
from tests.helpers import ERRORS, codes
from tests.orders.helpers import CART_CREATE, add_card, checkout, key, new_cart, set_terms
from tests.orders.returns import APPROVE, line, request_return
from tests.orders.totals import INVENTORY_SET, inventory

STOCK = """query($id: ID!) { node(id: $id) { ... on ProductVariant { inventoryQuantity inventoryPolicy availableForSale } } }"""
AVAILABLE = """query($id: ID!) { node(id: $id) { ... on ProductVariant { availableForSale } } }"""
CANCEL = f"mutation($id: ID!) {{ orderCancel(orderId: $id) {{ {ERRORS} }} }}"
COMPLETE = f"""mutation($id: ID!) {{ draftOrderComplete(id: $id, paymentPending: true) {{
    order {{ id }} {ERRORS} }} }}"""
ORDER_LINES = "query($id: ID!) { order(id: $id) { lineItems { id } } }"


async def stock_of(admin, variant: str) -> tuple[int, str]:  # noqa: ANN001
    found = (await admin(STOCK, id=variant))["node"]
    return found["inventoryQuantity"], found["inventoryPolicy"]


async def test_inventory_set_and_available_for_sale(acme, admin, storefront):
    variant = acme["bolt"]["variants"][0]["id"]
    assert await stock_of(admin, variant) == (None, "DENY")  # not tracked: it sells until the merchant sets stock
    assert (await storefront(AVAILABLE, id=variant))["node"] == {"availableForSale": True}
    assert await inventory(admin, variant, 0, policy=None) == {
        "id": variant, "sku": "BOLT-S", "inventoryQuantity": 0, "inventoryPolicy": "DENY", "availableForSale": False
    }
    assert (await storefront(AVAILABLE, id=variant))["node"] == {"availableForSale": False}
    assert (await inventory(admin, variant, 3, policy=None))["inventoryPolicy"] == "DENY"  # no policy: it stays
    assert (await storefront(AVAILABLE, id=variant))["node"] == {"availableForSale": True}

    refused = (await admin(INVENTORY_SET, id=variant, quantity=-1, policy=None))["inventorySet"]
    assert codes(refused) == [(["quantity"], "LESS_THAN")]
    unknown = (await admin(INVENTORY_SET, id="gid://gateway/ProductVariant/999", quantity=1, policy=None))
    assert codes(unknown["inventorySet"]) == [(["variantId"], "NOT_FOUND")]
    assert await stock_of(admin, variant) == (3, "DENY")
    # Stock on hand is the merchant's: the Storefront API cannot even name it.
    errors = await storefront.errors("query($id: ID!) { node(id: $id) { ... on ProductVariant { inventoryQuantity } } }",
                                     id=variant)
    assert "inventoryQuantity" in errors[0]["message"]


async def test_checkout_takes_stock_all_or_nothing(acme, admin):
    buyer, small, large = acme["buyer"], *acme["bolt"]["variants"]
    await inventory(admin, small["id"], 5)
    await inventory(admin, large["id"], 1)
    card = await add_card(buyer)
    lines = [{"variantId": small["id"], "quantity": 4}, {"variantId": large["id"], "quantity": 2}]
    cart = (await buyer(CART_CREATE, input={"lines": lines}))["cartCreate"]["cart"]["id"]
    refused = await checkout(buyer, cart, card)
    assert codes(refused) == [(["cartId"], "OUT_OF_STOCK")]
    assert refused["userErrors"][0]["message"] == "Not enough in stock: BOLT-L (1 left)."
    assert (await stock_of(admin, small["id"]), await stock_of(admin, large["id"])) == ((5, "DENY"), (1, "DENY"))

    ordered = await checkout(buyer, await new_cart(buyer, small, 5), card)
    assert ordered["userErrors"] == []
    assert await stock_of(admin, small["id"]) == (0, "DENY")
    assert codes(await checkout(buyer, await new_cart(buyer, small, 1), card)) == [(["cartId"], "OUT_OF_STOCK")]

    await inventory(admin, large["id"], 1, policy="CONTINUE")  # sold on: a backorder
    assert (await checkout(buyer, await new_cart(buyer, large, 3), card))["userErrors"] == []
    assert await stock_of(admin, large["id"]) == (-2, "CONTINUE")


async def test_twenty_buyers_at_once_for_the_last_five_units_buy_exactly_five(acme, admin, db, client):
    """On PostgreSQL the checkouts run truly in parallel; the conditional UPDATE's row lock decides."""
    variant = acme["nut"]["variants"][0]
    await inventory(admin, variant["id"], 5)
    buyers = [await login(db, client, f"buyer{i}@d2c.test") for i in range(20)]
    carts = [await new_cart(b, variant, 1) for b in buyers]
    cards = [await add_card(b) for b in buyers]
    results = await asyncio.gather(*(checkout(b, c, m) for b, c, m in zip(buyers, carts, cards, strict=True)))
    assert sum(1 for r in results if r["order"]) == 5
    assert all(codes(r) == [(["cartId"], "OUT_OF_STOCK")] for r in results if not r["order"])
    assert await stock_of(admin, variant["id"]) == (0, "DENY")
    orders = await admin("{ orders(first: 50) { nodes { lineItems { quantity } } } }")
    assert sum(n["lineItems"][0]["quantity"] for n in orders["orders"]["nodes"]) == 5


async def test_a_cancelled_order_and_an_approved_return_give_stock_back(acme, admin):
    buyer, variant = acme["buyer"], acme["bolt"]["variants"][0]
    await inventory(admin, variant["id"], 10)
    card = await add_card(buyer)
    first = (await checkout(buyer, await new_cart(buyer, variant, 4), card))["order"]["id"]
    second = (await checkout(buyer, await new_cart(buyer, variant, 3), card))["order"]["id"]
    assert await stock_of(admin, variant["id"]) == (3, "DENY")
    assert (await admin(CANCEL, id=first))["orderCancel"]["userErrors"] == []
    assert await stock_of(admin, variant["id"]) == (7, "DENY")

    [order_line] = (await buyer(ORDER_LINES, id=second))["order"]["lineItems"]
    asked = await request_return(buyer, second, line(order_line["id"], 2))
    assert await stock_of(admin, variant["id"]) == (7, "DENY")  # asked back: not in stock yet
    assert (await admin(APPROVE, id=asked["return"]["id"]))["returnApprove"]["userErrors"] == []
    assert await stock_of(admin, variant["id"]) == (9, "DENY")
    assert (await admin(CANCEL, id=second))["orderCancel"]["userErrors"] == []  # the one not returned
    assert await stock_of(admin, variant["id"]) == (10, "DENY")


async def test_a_draft_takes_stock_only_once_approved(acme, admin):
    buyer, variant = acme["buyer"], acme["bolt"]["variants"][0]
    await inventory(admin, variant["id"], 3)
    await set_terms(admin, acme["location"], "Net 30", checkoutToDraft=True)
    first = (await checkout(buyer, await new_cart(buyer, variant, 2)))["draftOrder"]["id"]
    second = (await checkout(buyer, await new_cart(buyer, variant, 2)))["draftOrder"]["id"]
    assert await stock_of(admin, variant["id"]) == (3, "DENY")  # submitted drafts hold nothing
    assert (await admin(COMPLETE, id=first))["draftOrderComplete"]["userErrors"] == []
    assert await stock_of(admin, variant["id"]) == (1, "DENY")
    refused = (await admin(COMPLETE, id=second))["draftOrderComplete"]
    assert codes(refused) == [(["id"], "OUT_OF_STOCK")]
    assert (await admin("query($id: ID!) { draftOrder(id: $id) { status } }", id=second))["draftOrder"] == {
        "status": "OPEN"
    }
    assert await stock_of(admin, variant["id"]) == (1, "DENY")


async def test_untracked_stock_sells_without_limit_and_counts_nothing(acme, admin):
    buyer, variant = acme["buyer"], acme["bolt"]["variants"][0]
    order = (await checkout(buyer, await new_cart(buyer, variant, 1000), await add_card(buyer)))["order"]
    assert await stock_of(admin, variant["id"]) == (None, "DENY")
    assert (await admin(CANCEL, id=order["id"]))["orderCancel"]["userErrors"] == []
    assert await stock_of(admin, variant["id"]) == (None, "DENY")


async def test_the_same_checkout_key_takes_stock_once(acme, admin):
    buyer, variant = acme["buyer"], acme["bolt"]["variants"][0]
    await inventory(admin, variant["id"], 2)
    card, idempotency_key = await add_card(buyer), key()
    cart = await new_cart(buyer, variant, 2)
    results = await asyncio.gather(*(checkout(buyer, cart, card, idempotency_key) for _ in range(3)))
    assert all(r["userErrors"] == [] for r in results) and len({r["order"]["id"] for r in results}) == 1
    assert await stock_of(admin, variant["id"]) == (0, "DENY")


PAGE = "{ products(first: 10) { nodes { handle variants { sku availableForSale } } } }"


def bolt_small_available(data: dict) -> bool:
    [bolt] = [p for p in data["products"]["nodes"] if p["handle"] == "bolt"]
    return bolt["variants"][0]["availableForSale"]


async def test_stock_empties_the_response_caches_only_when_availability_flips(acme, admin, db):
    """The Storefront shows availableForSale, not the quantity: an order that leaves stock on hand keeps
    every instance's cached catalog answers; the one that takes the last unit, or a cancellation that
    brings a sold-out variant back, bumps the catalog version, and the next answer shows it."""
    buyer, small, large = acme["buyer"], *acme["bolt"]["variants"]
    await inventory(admin, small["id"], 5)
    await inventory(admin, large["id"], 1, policy="CONTINUE")
    card = await add_card(buyer)
    assert bolt_small_available(await buyer(PAGE))
    start = await catalog_version(db)

    first = (await checkout(buyer, await new_cart(buyer, small, 2), card))["order"]["id"]
    sold_on = (await checkout(buyer, await new_cart(buyer, large, 3), card))["order"]["id"]  # CONTINUE: always on sale
    untracked = (await checkout(buyer, await new_cart(buyer, acme["nut"]["variants"][0], 1), card))["order"]["id"]
    assert await catalog_version(db) == start
    last = (await checkout(buyer, await new_cart(buyer, small, 3), card))["order"]["id"]  # the last three
    assert await catalog_version(db) == start + 1
    assert not bolt_small_available(await buyer(PAGE))

    for order in (sold_on, untracked):
        assert (await admin(CANCEL, id=order))["orderCancel"]["userErrors"] == []
    assert await catalog_version(db) == start + 1
    assert (await admin(CANCEL, id=first))["orderCancel"]["userErrors"] == []  # 0 -> 2: on sale again
    assert await catalog_version(db) == start + 2
    assert bolt_small_available(await buyer(PAGE))
    assert (await admin(CANCEL, id=last))["orderCancel"]["userErrors"] == []  # 2 -> 5
    assert await catalog_version(db) == start + 2
