"""The caps through HTTP: at most 1,000,000 per line and 10,000,000,000.00 EUR per order (10**12 minor
units), at most that for any amount the merchant enters; past them a clear userError and nothing
changes, never an internal error (the 32-bit quantity column overflowed on PostgreSQL past 2,147,483,647;
SQLite stored 3,500,000,000 drills)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from gateway.db.models import Cart, CartLine, Order, OrderLine
from tests.catalog.helpers import PRICES_ADD
from tests.customers.helpers import IMPORT, rows_csv
from tests.helpers import COMPANY_CREATE, ERRORS, PRODUCT_CREATE, codes, create_product
from tests.orders.helpers import CART_CREATE, add_card, checkout, new_cart, pay, set_company, set_terms

CART = "id subtotal { amount } lines { id quantity }"
ADD = f"""mutation($id: ID!, $lines: [CartLineInput!]!) {{ cartLinesAdd(cartId: $id, lines: $lines) {{
    cart {{ {CART} }} {ERRORS} }} }}"""
UPDATE_LINES = f"""mutation($id: ID!, $lines: [CartLineUpdateInput!]!) {{ cartLinesUpdate(cartId: $id, lines: $lines) {{
    cart {{ {CART} }} {ERRORS} }} }}"""
READ_CART = f"query($id: ID!) {{ cart(id: $id) {{ {CART} }} }}"
DRAFT_UPDATE = f"""mutation($id: ID!, $input: DraftOrderUpdateInput!) {{ draftOrderUpdate(id: $id, input: $input) {{
    draftOrder {{ subtotal {{ amount }} lineItems {{ quantity }} }} {ERRORS} }} }}"""
DRAFT_READ = "query($id: ID!) { node(id: $id) { ... on DraftOrder { subtotal { amount } lineItems { quantity } } } }"
PRODUCT_UPDATE = f"""mutation($id: ID!, $input: ProductInput!) {{ productUpdate(id: $id, input: $input) {{
    {ERRORS} }} }}"""
COMPANY = "{ companies(first: 1) { nodes { id creditLimit { amount } } } }"
REORDER = f"""mutation($id: ID!) {{ orderReorder(orderId: $id) {{ cart {{ lines {{ quantity }} }}
    adjustedLines {{ sku requestedQuantity quantity reason }} {ERRORS} }} }}"""


def line(variant: dict[str, Any], quantity: int) -> dict[str, Any]:
    return {"variantId": variant["id"], "quantity": quantity}


async def count(db, model) -> int:  # noqa: ANN001
    async with db.reader() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def on_terms_without_limit(admin, acme) -> None:  # noqa: ANN001
    """The measured case: Net 30 and no credit limit."""
    await set_terms(admin, acme["location"], "Net 30")
    await set_company(admin, creditLimit=None)


async def test_two_billion_drills_are_refused_and_nothing_changes(acme, admin, drill, db):
    buyer = acme["buyer"]
    await on_terms_without_limit(admin, acme)
    refused = (await buyer(CART_CREATE, input={"lines": [line(drill, 2_000_000_000)]}))["cartCreate"]
    assert refused["cart"] is None
    [error] = refused["userErrors"]
    assert (error["field"], error["code"]) == (["input", "lines", "0", "quantity"], "QUANTITY_TOO_LARGE")
    assert error["message"] == "Quantity must be at most 1,000,000 per line."
    assert await count(db, Cart) == 0

    cart = await new_cart(buyer, drill, 10)
    added = (await buyer(ADD, id=cart, lines=[line(drill, 2_000_000_000)]))["cartLinesAdd"]
    assert codes(added) == [(["lines", "0", "quantity"], "QUANTITY_TOO_LARGE")]
    # Each under the cap, together over it: the line's new total counts (2,000,000,000 + 1,500,000,000
    # was a masked internal error on PostgreSQL, its 32-bit column overflowed).
    halves = (await buyer(ADD, id=cart, lines=[line(drill, 999_999), line(drill, 1)]))["cartLinesAdd"]
    assert codes(halves) == [(["lines", "1", "quantity"], "QUANTITY_TOO_LARGE")]
    overflow = (await buyer(ADD, id=cart, lines=[line(drill, 1_500_000_000)] * 2))["cartLinesAdd"]
    assert codes(overflow) == [(["lines", "0", "quantity"], "QUANTITY_TOO_LARGE"),
                               (["lines", "1", "quantity"], "QUANTITY_TOO_LARGE")]
    read = (await buyer(READ_CART, id=cart))["cart"]
    too_many = (await buyer(UPDATE_LINES, id=cart, lines=[{"id": read["lines"][0]["id"], "quantity": 1_000_001}]))
    assert codes(too_many["cartLinesUpdate"]) == [(["lines", "0", "quantity"], "QUANTITY_TOO_LARGE")]
    assert (await buyer(READ_CART, id=cart))["cart"] == {**read, "subtotal": {"amount": "1290.00"}}
    assert [ln["quantity"] for ln in read["lines"]] == [10]
    assert await count(db, Order) == 0


async def test_a_line_at_the_cap_is_accepted(acme, admin, drill):
    buyer = acme["buyer"]
    await on_terms_without_limit(admin, acme)
    cart = (await buyer(CART_CREATE, input={"lines": [line(drill, 1_000_000)]}))["cartCreate"]
    assert cart["userErrors"] == [] and cart["cart"]["subtotal"] == {"amount": "129000000.00"}
    one_more = (await buyer(ADD, id=cart["cart"]["id"], lines=[line(drill, 1)]))["cartLinesAdd"]
    assert codes(one_more) == [(["lines", "0", "quantity"], "QUANTITY_TOO_LARGE")]
    order = (await checkout(buyer, cart["cart"]["id"]))["order"]
    assert (order["total"], order["lineItems"][0]["quantity"]) == ({"amount": "129000000.00"}, 1_000_000)


async def test_an_order_totals_at_most_ten_billion(acme, admin, db):
    buyer = acme["buyer"]
    await on_terms_without_limit(admin, acme)
    press = (await create_product(admin, "Press", "PRESS", price="1000000.00"))  # 10**8 minor units
    variant = press["variants"][0]
    cart = await new_cart(buyer, variant, 10_000)  # 10**12 minor units: the cap itself
    more = (await buyer(ADD, id=cart, lines=[line(acme["bolt"]["variants"][0], 1)]))["cartLinesAdd"]
    assert codes(more) == [(["lines"], "TOTAL_TOO_LARGE")]
    assert more["userErrors"][0]["message"] == (
        "The total would be 10000000010.00 EUR; an order may total at most 10000000000.00 EUR.")
    assert (await buyer(READ_CART, id=cart))["cart"]["subtotal"] == {"amount": "10000000000.00"}
    at_cap = await new_cart(buyer, variant, 10_000)

    # The price rises after the lines are in the cart: checkout prices again and refuses.
    async def set_price(price: str) -> None:
        payload = await admin(PRODUCT_UPDATE, id=press["id"], input={"variants": [{"id": variant["id"], "price": price}]})
        assert payload["productUpdate"]["userErrors"] == []

    await set_price("1000000.01")
    refused = await checkout(buyer, cart)
    assert codes(refused) == [(["cartId"], "TOTAL_TOO_LARGE")] and refused["order"] is None
    assert await count(db, Order) == 0
    await set_price("1000000.00")
    assert (await checkout(buyer, at_cap))["order"]["total"] == {"amount": "10000000000.00"}
    assert (await checkout(buyer, cart))["order"]["total"] == {"amount": "10000000000.00"}  # not consumed before


async def test_a_draft_order_keeps_to_the_caps(acme, admin, drill):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30", checkoutToDraft=True)
    draft = (await checkout(buyer, await new_cart(buyer, drill, 2)))["draftOrder"]["id"]
    cases = [
        ([{**line(drill, 1_000_001)}], ["input", "lines", "0", "quantity"], "QUANTITY_TOO_LARGE"),
        ([{**line(drill, 1), "unitPrice": "10000000000.01"}], ["input", "lines", "0", "unitPrice"], "GREATER_THAN"),
        ([{**line(drill, 1), "unitPrice": "1e30"}], ["input", "lines", "0", "unitPrice"], "GREATER_THAN"),
        ([{**line(drill, 2), "unitPrice": "10000000000.00"}], ["input", "lines"], "TOTAL_TOO_LARGE"),
        ([{**line(drill, 1_000_000), "unitPrice": "6000.00"}, {**line(acme["nut"]["variants"][0], 1_000_000),
          "unitPrice": "5000.00"}], ["input", "lines"], "TOTAL_TOO_LARGE"),
    ]
    for lines, field, code in cases:
        payload = (await admin(DRAFT_UPDATE, id=draft, input={"lines": lines}))["draftOrderUpdate"]
        assert codes(payload) == [(field, code)], lines
    unchanged = {"subtotal": {"amount": "258.00"}, "lineItems": [{"quantity": 2}]}
    assert (await admin(DRAFT_READ, id=draft))["node"] == unchanged
    at_cap = [{**line(drill, 1), "unitPrice": "10000000000.00"}]
    edited = (await admin(DRAFT_UPDATE, id=draft, input={"lines": at_cap}))["draftOrderUpdate"]
    assert edited["userErrors"] == [] and edited["draftOrder"]["subtotal"] == {"amount": "10000000000.00"}


async def test_merchant_amounts_over_the_cap_are_refused(acme, admin, catalog, db):
    b2b = await catalog()
    small = acme["bolt"]["variants"][0]

    async def fixed(**price: Any) -> dict:
        return (await admin(PRICES_ADD, id=b2b["priceList"]["id"], prices=[{"variantId": small["id"], **price}]))[
            "priceListFixedPricesAdd"]

    over = await fixed(price="10000000000.01")
    assert codes(over) == [(["prices", "0", "price"], "GREATER_THAN")]
    assert over["userErrors"][0]["message"] == "Price is too large: at most 10000000000.00 EUR."
    assert codes(await fixed(price="1e30")) == [(["prices", "0", "price"], "GREATER_THAN")]
    breaks = await fixed(price="1", quantityPriceBreaks=[{"minimumQuantity": 10, "price": "99999999999"},
                                                          {"minimumQuantity": 1_000_001, "price": "1"}])
    assert codes(breaks) == [(["prices", "0", "quantityPriceBreaks", "0", "price"], "GREATER_THAN"),
                             (["prices", "0", "quantityPriceBreaks", "1", "minimumQuantity"], "QUANTITY_TOO_LARGE")]
    rule = await fixed(price="1", quantityRule={"minimum": 1_000_001, "maximum": 2_000_000_000, "increment": 1})
    assert codes(rule) == [(["prices", "0", "quantityRule", "minimum"], "QUANTITY_TOO_LARGE"),
                           (["prices", "0", "quantityRule", "maximum"], "QUANTITY_TOO_LARGE")]
    assert (await fixed(price="10000000000.00"))["userErrors"] == []

    base = await admin(PRODUCT_CREATE, input={"title": "Gold", "variants": [{"sku": "AU", "price": "10000000000.01"}]})
    assert codes(base["productCreate"]) == [(["input", "variants", "0", "price"], "GREATER_THAN")]

    company = (await admin(COMPANY))["companies"]["nodes"][0]
    for limit in ("10000000000.01", "1e999999"):
        refused = await admin(f"""mutation($id: ID!, $limit: Decimal) {{ companyUpdate(companyId: $id,
            input: {{creditLimit: $limit}}) {{ {ERRORS} }} }}""", id=company["id"], limit=limit)
        assert codes(refused["companyUpdate"]) == [(["input", "creditLimit"], "GREATER_THAN")]
    imported = (await admin(IMPORT, csv=rows_csv([{
        "company_external_id": "ERP-9", "company_name": "Big", "credit_limit": "99999999999999999999",
        "location_external_id": "L-9", "location_name": "Big"}])))["registerImport"]["result"]
    assert [(e["column"], e["code"]) for e in imported["errors"]] == [("credit_limit", "GREATER_THAN")]
    assert (await admin(COMPANY))["companies"]["nodes"] == [company]


async def test_order_pay_refuses_amounts_over_what_is_owed_however_large(acme, admin, drill):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    order = (await checkout(buyer, await new_cart(buyer, drill, 2)))["order"]
    card = await add_card(buyer)
    for amount in ("10000000000.01", "1e20", "99999999999999999999999999"):
        assert codes(await pay(buyer, order["id"], card, amount)) == [(["amount"], "INVALID_AMOUNT")], amount
    assert (await pay(buyer, order["id"], card, "258.00"))["order"]["displayFinancialStatus"] == "PAID"


async def test_a_reorder_of_an_order_over_the_cap_moves_to_the_cap(acme, admin, drill, db):
    """An order placed before the cap can hold more than a line may now."""
    buyer = acme["buyer"]
    order = (await checkout(buyer, await new_cart(buyer, drill, 1), await add_card(buyer)))["order"]
    async with db.transaction() as session:
        await session.execute(update(OrderLine).values(quantity=2_000_000_000))
    payload = (await buyer(REORDER, id=order["id"]))["orderReorder"]
    assert payload["userErrors"] == []
    assert payload["adjustedLines"] == [
        {"sku": "DRILL", "requestedQuantity": 2_000_000_000, "quantity": 1_000_000, "reason": "QUANTITY_ABOVE_MAXIMUM"}]
    assert payload["cart"]["lines"] == [{"quantity": 1_000_000}]
    assert await count(db, CartLine) == 2


async def test_the_customer_number_series_stays_inside_its_column(admin):
    """Set to 2,147,483,647, the next companyCreate overflowed the 32-bit column on PostgreSQL (an
    internal error for every company made from then on)."""
    update = "mutation($n: Int) { shopUpdate(input: {customerNumberNext: $n}) { userErrors { field code message } } }"
    refused = (await admin(update, n=2_147_483_647))["shopUpdate"]
    assert codes(refused) == [(["customerNumberNext"], "GREATER_THAN")]
    assert "999999999" in refused["userErrors"][0]["message"]
    assert (await admin(update, n=999_999_999))["shopUpdate"]["userErrors"] == []
    made = (await admin(COMPANY_CREATE, input={"company": {"name": "Last"}}))["companyCreate"]
    assert made["company"]["customerNumber"] == "K-999999999"
