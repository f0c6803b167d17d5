"""The merchant's side through the Admin API: listing orders and draft orders, and completing a
draft on the location's terms or as paid."""

from __future__ import annotations

from tests.admin.helpers import ERRORS, codes
from tests.checkout.conftest import ORDER, add_card, checkout, new_cart, set_company, set_terms

COMPLETE = f"""mutation($id: ID!, $pending: Boolean) {{ draftOrderComplete(id: $id, paymentPending: $pending) {{
    draftOrder {{ id status order {{ id }} }} order {{ {ORDER} }} {ERRORS} }} }}"""
DRAFTS = "query($s: DraftOrderStatus) { draftOrders(first: 10, status: $s) { nodes { id status poNumber } } }"
ORDERS = """query($q: String, $s: OrderFinancialStatus) { orders(first: 10, query: $q, financialStatus: $s) {
    nodes { name poNumber displayFinancialStatus } } }"""


async def submit_draft(acme, admin, quantity: int = 3, po: str = "PO-1") -> str:  # noqa: ANN001
    await set_terms(admin, acme["location"], "Net 30", checkoutToDraft=True)
    payload = await checkout(acme["buyer"], await new_cart(acme["buyer"], acme["bolt"]["variants"][0], quantity, poNumber=po))
    return payload["draftOrder"]["id"]


async def test_completing_a_draft_with_payment_pending_places_it_on_the_locations_terms(acme, admin):
    draft = await submit_draft(acme, admin)
    assert (await admin(DRAFTS, s="OPEN"))["draftOrders"]["nodes"] == [{"id": draft, "status": "OPEN", "poNumber": "PO-1"}]
    payload = (await admin(COMPLETE, id=draft, pending=True))["draftOrderComplete"]
    assert payload["userErrors"] == []
    order = payload["order"]
    assert (order["name"], order["poNumber"], order["displayFinancialStatus"]) == ("#1001", "PO-1", "PENDING")
    assert order["paymentTerms"]["paymentTermsName"] == "Net 30"
    assert order["paymentTerms"]["paymentSchedules"][0]["amount"]["amount"] == "30.00"
    assert payload["draftOrder"] == {"id": draft, "status": "COMPLETED", "order": {"id": order["id"]}}
    assert (await admin(DRAFTS, s="OPEN"))["draftOrders"]["nodes"] == []
    again = (await admin(COMPLETE, id=draft, pending=True))["draftOrderComplete"]
    assert codes(again) == [(["id"], "ALREADY_COMPLETED")]
    assert codes((await admin(COMPLETE, id="gid://gateway/DraftOrder/999"))["draftOrderComplete"]) == [
        (["id"], "NOT_FOUND")
    ]


async def test_completing_a_draft_as_paid_and_the_credit_limit(acme, admin):
    await set_company(admin, creditLimit="20.00")
    draft = await submit_draft(acme, admin)
    refused = (await admin(COMPLETE, id=draft, pending=True))["draftOrderComplete"]
    assert codes(refused) == [(["id"], "CREDIT_LIMIT_EXCEEDED")]
    paid = (await admin(COMPLETE, id=draft, pending=False))["draftOrderComplete"]["order"]
    assert (paid["displayFinancialStatus"], paid["totalPaid"]["amount"], paid["totalOutstanding"]["amount"]) == (
        "PAID", "30.00", "0.00"
    )
    assert paid["paymentTerms"] is None


async def test_orders_are_listed_newest_first_and_searched(acme, admin):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    card = await add_card(buyer)
    await checkout(buyer, await new_cart(buyer, bolt, poNumber="PO-APPLE"), card)
    await set_terms(admin, acme["location"], "Net 30")
    await checkout(buyer, await new_cart(buyer, bolt, poNumber="PO-PEAR"))
    nodes = (await admin(ORDERS))["orders"]["nodes"]
    assert [(n["name"], n["poNumber"]) for n in nodes] == [("#1002", "PO-PEAR"), ("#1001", "PO-APPLE")]
    assert [n["name"] for n in (await admin(ORDERS, q="apple"))["orders"]["nodes"]] == ["#1001"]
    assert [n["name"] for n in (await admin(ORDERS, q="#1002"))["orders"]["nodes"]] == ["#1002"]
    assert [n["name"] for n in (await admin(ORDERS, s="PENDING"))["orders"]["nodes"]] == ["#1002"]
