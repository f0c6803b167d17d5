"""Order.events through HTTP: the timeline read from what happened to an order (placing, payments,
paid in full, shipments, each return's steps, cancelling, the draft it began as), oldest first."""

from __future__ import annotations

from gateway.platform import clock
from tests.account.helpers import place_order
from tests.orders.helpers import add_card, checkout, new_cart, pay, set_terms
from tests.orders.returns import APPROVE, CANCEL, CLOSE, DECLINE, fulfill, line, read_order, request_return

EVENTS = """query($id: ID!) { order(id: $id) { events {
    kind createdAt message amount { amount currencyCode } carrier trackingNumber returnName } } }"""
ADMIN_EVENTS = """query($id: ID!) { node(id: $id) { ... on Order { events { kind message } } } }"""


async def events(buyer, order: str) -> list[dict]:  # noqa: ANN001
    found = (await buyer(EVENTS, id=order))["order"]["events"]
    times = [e["createdAt"] for e in found]
    assert times == sorted(times)
    return found


async def test_the_timeline_of_an_order_on_terms_from_placing_to_cancelling(acme, admin):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30")
    order = (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 3)))["order"]
    [bolt] = (await read_order(buyer, order["id"]))["lineItems"]
    card = await add_card(buyer)

    async def step(seconds: int = 60) -> None:
        clock.advance(seconds)

    await step()
    assert (await pay(buyer, order["id"], card, "10.00"))["userErrors"] == []
    await step()
    assert (await fulfill(admin, order["id"], carrier="DHL", tracking="JJD01"))["userErrors"] == []
    await step()
    assert (await pay(buyer, order["id"], card))["userErrors"] == []
    await step()
    r1 = (await request_return(buyer, order["id"], line(bolt["id"], 1)))["return"]
    await step()
    r2 = (await request_return(buyer, order["id"], line(bolt["id"], 1)))["return"]
    await step()
    assert (await admin(APPROVE, id=r1["id"]))["returnApprove"]["userErrors"] == []
    await step()
    assert (await admin(DECLINE, id=r2["id"], reason="Too late."))["returnDecline"]["userErrors"] == []
    await step()
    assert (await admin(CLOSE, id=r1["id"]))["returnClose"]["userErrors"] == []
    await step()
    assert (await admin(CANCEL, id=order["id"]))["orderCancel"]["userErrors"] == []

    timeline = await events(buyer, order["id"])
    assert [(e["kind"], e["returnName"]) for e in timeline] == [
        ("PLACED", None), ("PAYMENT", None), ("FULFILLED", None), ("PAYMENT", None), ("PAID", None),
        ("RETURN_REQUESTED", r1["name"]), ("RETURN_REQUESTED", r2["name"]), ("RETURN_APPROVED", r1["name"]),
        ("RETURN_DECLINED", r2["name"]), ("RETURN_CLOSED", r1["name"]), ("CANCELLED", None),
    ]
    assert [e["amount"] for e in timeline[1:5]] == [
        {"amount": "10.00", "currencyCode": "EUR"}, None, {"amount": "20.00", "currencyCode": "EUR"}, None
    ]
    shipped = timeline[2]
    assert (shipped["carrier"], shipped["trackingNumber"]) == ("DHL", "JJD01")
    assert shipped["message"] == "Shipped with DHL, tracking number JJD01."
    assert timeline[0]["message"] == f"Order {order['name']} placed."
    assert timeline[8]["message"] == f"Return {r2['name']} declined: Too late."
    assert timeline[0]["createdAt"] < timeline[1]["createdAt"] < timeline[2]["createdAt"]
    admin_view = (await admin(ADMIN_EVENTS, id=order["id"]))["node"]["events"]
    assert admin_view == [{"kind": e["kind"], "message": e["message"]} for e in timeline]


async def test_an_order_paid_at_checkout_is_placed_paid_and_paid_in_full_at_once(acme):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["nut"]["variants"][0], 2))
    timeline = await events(buyer, order["id"])
    assert [(e["kind"], e["amount"]) for e in timeline] == [
        ("PLACED", None), ("PAYMENT", {"amount": "20.10", "currencyCode": "EUR"}), ("PAID", None)
    ]
    assert timeline[1]["message"] == "20.10 EUR received (paid as ordered)."


async def test_an_order_from_a_draft_shows_its_submission_and_approval(acme, admin):
    buyer = acme["buyer"]
    await set_terms(admin, acme["location"], "Net 30", checkoutToDraft=True)
    draft = (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 2)))["draftOrder"]
    clock.advance(3600)
    complete = """mutation($id: ID!) { draftOrderComplete(id: $id) { order { id } userErrors { code } } }"""
    order = (await admin(complete, id=draft["id"]))["draftOrderComplete"]["order"]
    clock.advance(60)
    paid = "mutation($id: ID!) { orderMarkAsPaid(id: $id) { userErrors { code } } }"
    assert (await admin(paid, id=order["id"]))["orderMarkAsPaid"]["userErrors"] == []
    timeline = await events(buyer, order["id"])
    assert [e["kind"] for e in timeline] == ["SUBMITTED_FOR_APPROVAL", "APPROVED", "PLACED", "PAYMENT", "PAID"]
    draft_number = draft["id"].rsplit("/", 1)[1]
    assert timeline[0]["message"] == f"Draft order D{draft_number} submitted for approval."
    assert timeline[1]["createdAt"] == timeline[2]["createdAt"]  # the order is the approval
    assert timeline[0]["createdAt"] < timeline[1]["createdAt"]
