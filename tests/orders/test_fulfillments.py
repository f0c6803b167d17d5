"""orderFulfill through HTTP: everything at once or chosen lines, the order's fulfillment status, what
the buyer sees on both APIs, the shipping email, and every refusal (which changes nothing)."""

from __future__ import annotations

from tests.account.helpers import place_order
from tests.helpers import codes
from tests.orders.helpers import new_cart, checkout, set_terms
from tests.orders.returns import ADMIN_ORDER, CANCEL, counts, fulfill, mails, read_order


async def test_fulfilling_everything_ships_each_line_and_emails_the_buyer(acme, admin, db):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 3), (acme["nut"]["variants"][0], 2))
    assert (await read_order(buyer, order["id"]))["displayFulfillmentStatus"] == "UNFULFILLED"

    payload = await fulfill(admin, order["id"], tracking="1Z999AA10123456784", carrier="UPS")
    assert payload["userErrors"] == []
    shipped = payload["fulfillment"]
    assert (shipped["carrier"], shipped["trackingNumber"]) == ("UPS", "1Z999AA10123456784")
    assert [(ln["orderLine"]["sku"], ln["quantity"]) for ln in shipped["lines"]] == [("BOLT-S", 3), ("NUT", 2)]
    assert payload["order"]["displayFulfillmentStatus"] == "FULFILLED"

    seen = await read_order(buyer, order["id"])  # the buyer's Storefront view
    assert seen["displayFulfillmentStatus"] == "FULFILLED"
    assert seen["fulfillments"] == [shipped]
    assert [ln["orderLine"]["id"] for ln in shipped["lines"]] == [ln["id"] for ln in seen["lineItems"]]
    merchant_view = (await admin(ADMIN_ORDER, id=order["id"]))["node"]
    assert merchant_view["fulfillments"] == [shipped]

    [mail] = await mails(db, "order_fulfilled")
    assert mail.recipient == "anna@acme.test"
    assert mail.subject == f"Order {order['name']} has shipped"
    for text in ("UPS", "1Z999AA10123456784", "3 x Bolt (BOLT-S)", "2 x Nut (NUT)", "Everything"):
        assert text in mail.body_text, text
    assert "1Z999AA10123456784" in mail.body_html

    again = await fulfill(admin, order["id"], tracking="X")
    assert codes(again) == [(["orderId"], "ALREADY_FULFILLED")]
    assert len(await mails(db, "order_fulfilled")) == 1


async def test_chosen_lines_ship_in_parts_until_the_order_is_fulfilled(acme, admin, db):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 3), (acme["nut"]["variants"][0], 2))
    bolt, nut = (await read_order(buyer, order["id"]))["lineItems"]

    first = await fulfill(admin, order["id"], carrier="DHL", lines=[{"orderLineId": bolt["id"], "quantity": 2}])
    assert first["userErrors"] == []
    assert first["order"]["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"
    assert first["fulfillment"]["trackingNumber"] is None
    [mail] = await mails(db, "order_fulfilled")
    assert "2 x Bolt (BOLT-S)" in mail.body_text and "follows in a later shipment" in mail.body_text
    assert "Tracking number: -" in mail.body_text

    too_many = await fulfill(admin, order["id"], lines=[{"orderLineId": bolt["id"], "quantity": 2}])
    assert codes(too_many) == [(["lines", "0", "quantity"], "GREATER_THAN")]
    assert "At most 1 of BOLT-S" in too_many["userErrors"][0]["message"]

    rest = await fulfill(admin, order["id"], tracking="JJD000390007")  # no lines: whatever is left
    assert rest["userErrors"] == []
    assert [(ln["orderLine"]["sku"], ln["quantity"]) for ln in rest["fulfillment"]["lines"]] == [
        ("BOLT-S", 1), ("NUT", 2)
    ]
    seen = await read_order(buyer, order["id"])
    assert seen["displayFulfillmentStatus"] == "FULFILLED"
    assert [f["trackingNumber"] for f in seen["fulfillments"]] == [None, "JJD000390007"]
    assert len(await mails(db, "order_fulfilled")) == 2


async def test_orders_on_terms_ship_before_they_are_paid(acme, admin):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    order = (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 2)))["order"]
    payload = await fulfill(admin, order["id"], carrier="DHL", tracking="1")
    assert payload["userErrors"] == []
    assert (payload["order"]["displayFinancialStatus"], payload["order"]["displayFulfillmentStatus"]) == (
        "PENDING", "FULFILLED"
    )


async def test_refusals_change_nothing(acme, admin, db):
    buyer, bolt_variant = acme["buyer"], acme["bolt"]["variants"][0]
    order = await place_order(buyer, (bolt_variant, 3), (acme["nut"]["variants"][0], 2))
    other = await place_order(buyer, (bolt_variant, 1))
    bolt, nut = (await read_order(buyer, order["id"]))["lineItems"]
    [other_line] = (await read_order(buyer, other["id"]))["lineItems"]
    before = await counts(db)

    for unknown in ("gid://gateway/Order/999", "gid://gateway/DraftOrder/1", "nonsense"):
        assert codes(await fulfill(admin, unknown)) == [(["orderId"], "NOT_FOUND")]
    assert codes(await fulfill(admin, order["id"], lines=[])) == [(["lines"], "BLANK")]
    bad_lines = [
        {"orderLineId": other_line["id"], "quantity": 1},  # a line of another order
        {"orderLineId": bolt["id"], "quantity": 0},
        {"orderLineId": nut["id"], "quantity": 3},  # bought 2
        {"orderLineId": "gid://gateway/OrderLine/999", "quantity": 1},
        {"orderLineId": bolt["id"], "quantity": 1},  # bolt again
        {"orderLineId": nut["id"], "quantity": -1},
    ]
    assert codes(await fulfill(admin, order["id"], lines=bad_lines)) == [
        (["lines", "0", "orderLineId"], "NOT_FOUND"),
        (["lines", "1", "quantity"], "LESS_THAN"),
        (["lines", "2", "quantity"], "GREATER_THAN"),
        (["lines", "3", "orderLineId"], "NOT_FOUND"),
        (["lines", "4", "orderLineId"], "DUPLICATE"),
        (["lines", "5", "orderLineId"], "DUPLICATE"),
    ]
    # One good line does not ship while another is bad.
    mixed = [{"orderLineId": bolt["id"], "quantity": 1}, {"orderLineId": nut["id"], "quantity": 0}]
    assert codes(await fulfill(admin, order["id"], lines=mixed)) == [(["lines", "1", "quantity"], "LESS_THAN")]
    assert codes(await fulfill(admin, order["id"], tracking="9" * 101, carrier="C" * 101)) == [
        (["trackingNumber"], "TOO_LONG"), (["carrier"], "TOO_LONG")
    ]
    assert codes(await fulfill(admin, "gid://gateway/Order/999", tracking="9" * 101)) == [
        (["orderId"], "NOT_FOUND"), (["trackingNumber"], "TOO_LONG")
    ]
    assert await counts(db) == before
    assert (await read_order(buyer, order["id"]))["displayFulfillmentStatus"] == "UNFULFILLED"

    assert (await admin(CANCEL, id=order["id"]))["orderCancel"]["userErrors"] == []
    assert codes(await fulfill(admin, order["id"], tracking="1")) == [(["orderId"], "ORDER_CANCELLED")]
    assert await counts(db) == before


async def test_buyers_cannot_fulfil(acme, storefront):
    order = await place_order(acme["buyer"], (acme["bolt"]["variants"][0], 1))
    for client in (acme["buyer"], storefront):
        errors = await client.errors(
            "mutation($id: ID!) { orderFulfill(orderId: $id) { userErrors { code } } }", id=order["id"]
        )
        assert "orderFulfill" in errors[0]["message"]
