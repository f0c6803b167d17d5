"""The merchant's side through the Admin API: listing orders and draft orders, and completing a
draft on the location's terms or as paid."""

from __future__ import annotations

from gateway.platform import clock
from tests.catalog.helpers import login
from tests.helpers import ERRORS, codes
from tests.orders.helpers import (
    ORDER,
    READ_ORDER,
    add_card,
    checkout,
    key,
    mails_to,
    new_cart,
    pay,
    set_company,
    set_terms,
)

COMPLETE = f"""mutation($id: ID!, $pending: Boolean) {{ draftOrderComplete(id: $id, paymentPending: $pending) {{
    draftOrder {{ id status order {{ id }} }} order {{ {ORDER} }} {ERRORS} }} }}"""
DRAFTS = "query($s: DraftOrderStatus) { draftOrders(first: 10, status: $s) { nodes { id status poNumber } } }"
ORDERS = """query($q: String, $s: OrderFinancialStatus, $company: ID, $location: ID, $overdue: Boolean) {
    orders(first: 10, query: $q, financialStatus: $s, companyId: $company, locationId: $location, overdue: $overdue) {
      nodes { name poNumber displayFinancialStatus } } }"""


async def submit_draft(acme, admin, quantity: int = 3, po: str = "PO-1") -> str:  # noqa: ANN001
    await set_terms(admin, acme["location"], "Net 30", checkoutToDraft=True)
    cart = await new_cart(acme["buyer"], acme["bolt"]["variants"][0], quantity, poNumber=po)
    payload = await checkout(acme["buyer"], cart)
    return payload["draftOrder"]["id"]


async def test_completing_a_draft_with_payment_pending_places_it_on_the_locations_terms(acme, admin):
    draft = await submit_draft(acme, admin)
    open_drafts = (await admin(DRAFTS, s="OPEN"))["draftOrders"]["nodes"]
    assert open_drafts == [{"id": draft, "status": "OPEN", "poNumber": "PO-1"}]
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


async def test_orders_are_listed_newest_first_and_searched(acme, admin, db, client):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    card = await add_card(buyer)
    direct = await login(db, client, "dora@d2c.test")  # a D2C order: no company, no location
    await checkout(direct, await new_cart(direct, bolt), await add_card(direct))
    await checkout(buyer, await new_cart(buyer, bolt, poNumber="PO-APPLE"), card)
    await set_terms(admin, acme["location"], "Net 30")
    await checkout(buyer, await new_cart(buyer, bolt, poNumber="PO-PEAR"))
    nodes = (await admin(ORDERS))["orders"]["nodes"]
    assert [(n["name"], n["poNumber"]) for n in nodes] == [
        ("#1003", "PO-PEAR"), ("#1002", "PO-APPLE"), ("#1001", None)
    ]
    assert [n["name"] for n in (await admin(ORDERS, q="apple"))["orders"]["nodes"]] == ["#1002"]
    assert [n["name"] for n in (await admin(ORDERS, q="#1003"))["orders"]["nodes"]] == ["#1003"]
    assert [n["name"] for n in (await admin(ORDERS, s="PENDING"))["orders"]["nodes"]] == ["#1003"]
    at_hq = (await admin(ORDERS, location=acme["location"]))["orders"]["nodes"]
    assert [n["name"] for n in at_hq] == ["#1003", "#1002"]
    assert (await admin(ORDERS, location="gid://gateway/CompanyLocation/999"))["orders"]["nodes"] == []
    assert (await admin(ORDERS, company=acme["location"]))["orders"]["nodes"] == []  # a location id is no company id
    assert (await admin(ORDERS, overdue=True))["orders"]["nodes"] == []
    clock.advance(31 * 86400)
    assert [n["name"] for n in (await admin(ORDERS, overdue=True))["orders"]["nodes"]] == ["#1003"]
    assert [n["name"] for n in (await admin(ORDERS, overdue=False))["orders"]["nodes"]] == ["#1002", "#1001"]


MARK_PAID = f"mutation($id: ID!) {{ orderMarkAsPaid(id: $id) {{ order {{ {ORDER} }} {ERRORS} }} }}"
CANCEL = f"mutation($id: ID!) {{ orderCancel(id: $id) {{ order {{ {ORDER} cancelledAt }} {ERRORS} }} }}"


async def test_marking_as_paid_and_cancelling_release_credit(acme, admin):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    await set_terms(admin, acme["location"], "Net 30")
    await set_company(admin, creditLimit="30.00")
    first = (await checkout(buyer, await new_cart(buyer, bolt, 3)))["order"]
    assert codes(await checkout(buyer, await new_cart(buyer, bolt))) == [(["cartId"], "CREDIT_LIMIT_EXCEEDED")]

    paid = (await admin(MARK_PAID, id=first["id"]))["orderMarkAsPaid"]["order"]
    assert (paid["displayFinancialStatus"], paid["totalOutstanding"]["amount"]) == ("PAID", "0.00")
    assert paid["paymentTerms"]["paymentSchedules"][0]["completedAt"] is not None
    assert codes((await admin(MARK_PAID, id=first["id"]))["orderMarkAsPaid"]) == [(["id"], "ALREADY_PAID")]

    second = (await checkout(buyer, await new_cart(buyer, bolt, 3)))["order"]
    assert codes(await checkout(buyer, await new_cart(buyer, bolt))) == [(["cartId"], "CREDIT_LIMIT_EXCEEDED")]
    cancelled = (await admin(CANCEL, id=second["id"]))["orderCancel"]["order"]
    assert cancelled["displayFinancialStatus"] == "VOIDED" and cancelled["cancelledAt"] is not None
    assert cancelled["totalOutstanding"]["amount"] == "0.00"
    assert (await checkout(buyer, await new_cart(buyer, bolt, 3)))["userErrors"] == []
    assert codes((await admin(CANCEL, id=second["id"]))["orderCancel"]) == [(["id"], "ORDER_CANCELLED")]
    assert codes((await admin(MARK_PAID, id=second["id"]))["orderMarkAsPaid"]) == [(["id"], "ORDER_CANCELLED")]


INVOICE = f"mutation($id: ID!) {{ draftOrderInvoiceSend(id: $id) {{ draftOrder {{ id status }} {ERRORS} }} }}"
DRAFT_PAY = f"""mutation($id: ID!, $method: ID!, $key: String!) {{
    draftOrderPay(draftOrderId: $id, paymentMethodId: $method, idempotencyKey: $key) {{
      draftOrder {{ status }} order {{ {ORDER} }} {ERRORS} }} }}"""
DELETE = f"""mutation($id: ID!, $reason: String) {{
    draftOrderDelete(id: $id, reason: $reason) {{ deletedId {ERRORS} }} }}"""


async def test_an_invoiced_draft_is_paid_by_the_buyer_once(acme, admin, db):
    buyer = acme["buyer"]
    draft = await submit_draft(acme, admin, po="PO-INV")
    card = await add_card(buyer)
    early = (await buyer(DRAFT_PAY, id=draft, method=card, key=key()))["draftOrderPay"]
    assert codes(early) == [(["draftOrderId"], "NOT_INVOICED")]

    sent = (await admin(INVOICE, id=draft))["draftOrderInvoiceSend"]
    assert sent == {"draftOrder": {"id": draft, "status": "INVOICE_SENT"}, "userErrors": []}
    [invoice] = [m for m in await mails_to(db, "anna@acme.test") if "Invoice" in m.subject]
    assert "30.00 EUR" in invoice.body_text and "PO-INV" in invoice.body_text

    declined = (await buyer(DRAFT_PAY, id=draft, method=await add_card(buyer, "tok_declined"), key=key()))
    assert codes(declined["draftOrderPay"]) == [(["paymentMethodId"], "PAYMENT_DECLINED")]
    idempotency_key = key()
    paid = (await buyer(DRAFT_PAY, id=draft, method=card, key=idempotency_key))["draftOrderPay"]
    assert paid["userErrors"] == [] and paid["draftOrder"]["status"] == "COMPLETED"
    order = paid["order"]
    assert (order["displayFinancialStatus"], order["totalPaid"]["amount"], order["poNumber"]) == (
        "PAID", "30.00", "PO-INV"
    )
    assert order["transactions"] == [{"kind": "SALE", "status": "SUCCESS", "amount": {"amount": "30.00"}}]
    assert (await buyer(DRAFT_PAY, id=draft, method=card, key=idempotency_key))["draftOrderPay"] == paid
    assert codes((await buyer(DRAFT_PAY, id=draft, method=card, key=key()))["draftOrderPay"]) == [
        (["draftOrderId"], "ALREADY_COMPLETED")
    ]


async def test_deleting_a_draft_tells_the_buyer_why(acme, admin, db, client):
    draft = await submit_draft(acme, admin, po="PO-DEL")
    bob = await login(db, client, "bob@else.test")
    assert codes((await bob(DRAFT_PAY, id=draft, method=await add_card(bob), key=key()))["draftOrderPay"]) == [
        (["draftOrderId"], "NOT_FOUND")
    ]
    deleted = (await admin(DELETE, id=draft, reason="Out of stock until May."))["draftOrderDelete"]
    assert deleted == {"deletedId": draft, "userErrors": []}
    [mail] = [m for m in await mails_to(db, "anna@acme.test") if "not accepted" in m.subject]
    assert "Out of stock until May." in mail.body_text and "PO-DEL" in mail.body_text
    assert (await admin(DRAFTS))["draftOrders"]["nodes"] == []
    assert codes((await admin(DELETE, id=draft))["draftOrderDelete"]) == [(["id"], "NOT_FOUND")]


UPDATE = f"""mutation($id: ID!, $input: DraftOrderUpdateInput!) {{ draftOrderUpdate(id: $id, input: $input) {{
    draftOrder {{ poNumber subtotal {{ amount }} lineItems {{ sku quantity unitPrice {{ amount }} total {{ amount }}
      priceSource }} }} {ERRORS} }} }}"""


async def test_the_merchant_edits_an_open_draft_only(acme, admin):
    draft = await submit_draft(acme, admin)
    small, large = acme["bolt"]["variants"]
    lines = [{"variantId": small["id"], "quantity": 5}, {"variantId": large["id"], "quantity": 2, "unitPrice": "15.50"}]
    edited = (await admin(UPDATE, id=draft, input={"poNumber": "PO-2", "lines": lines}))["draftOrderUpdate"]
    assert edited["userErrors"] == []
    assert edited["draftOrder"] == {"poNumber": "PO-2", "subtotal": {"amount": "81.00"}, "lineItems": [
        {"sku": "BOLT-S", "quantity": 5, "unitPrice": {"amount": "10.00"}, "total": {"amount": "50.00"},
         "priceSource": "BASE"},
        {"sku": "BOLT-L", "quantity": 2, "unitPrice": {"amount": "15.50"}, "total": {"amount": "31.00"},
         "priceSource": "MANUAL"},
    ]}
    bad = [{"variantId": "gid://gateway/ProductVariant/999", "quantity": 1},
           {"variantId": small["id"], "quantity": 0}, {"variantId": small["id"], "quantity": 1, "unitPrice": "1.001"}]
    refused = (await admin(UPDATE, id=draft, input={"poNumber": "PO-3", "lines": bad}))["draftOrderUpdate"]
    assert codes(refused) == [
        (["input", "lines", "0", "variantId"], "NOT_FOUND"), (["input", "lines", "1", "quantity"], "LESS_THAN"),
        (["input", "lines", "2", "unitPrice"], "INVALID"),
    ]
    assert (await admin(COMPLETE, id=draft, pending=True))["draftOrderComplete"]["order"]["total"]["amount"] == "81.00"
    done = (await admin(UPDATE, id=draft, input={"poNumber": "PO-4"}))["draftOrderUpdate"]
    assert codes(done) == [(["id"], "ALREADY_COMPLETED")]


async def test_a_companys_orders_are_the_merchants_to_list(acme, admin):
    buyer = acme["buyer"]
    await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0]), await add_card(buyer))
    query = "{ companies(first: 1) { nodes { orders(first: 5) { nodes { name total { amount } } } } } }"
    listed = (await admin(query))["companies"]["nodes"][0]["orders"]["nodes"]
    assert listed == [{"name": "#1001", "total": {"amount": "10.00"}}]
    mine = "{ viewer { companyContacts { company { orders(first: 5) { nodes { name } } } } } }"
    assert (await buyer(mine))["viewer"]["companyContacts"][0]["company"]["orders"]["nodes"] == []


async def test_node_finds_orders_and_draft_orders_by_their_ids(acme, admin):
    draft = await submit_draft(acme, admin)
    order = (await admin(COMPLETE, id=draft, pending=True))["draftOrderComplete"]["order"]["id"]
    node = """query($id: ID!) { node(id: $id) { id ... on Order { name } ... on DraftOrder { status } } }"""
    assert (await admin(node, id=order))["node"] == {"id": order, "name": "#1001"}
    assert (await admin(node, id=draft))["node"] == {"id": draft, "status": "COMPLETED"}
    assert (await admin(node, id="gid://gateway/Order/999"))["node"] is None


CANCEL_REFUND = f"""mutation($id: ID!) {{ orderCancel(id: $id, refund: true) {{
    order {{ {ORDER} cancelledAt events {{ kind }} }} {ERRORS} }} }}"""


async def test_cancelling_with_refund_gives_back_each_charge(acme, admin):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    await set_terms(admin, acme["location"], "Net 30")
    order = (await checkout(buyer, await new_cart(buyer, bolt, 3)))["order"]
    assert (await pay(buyer, order["id"], await add_card(buyer), "10.00"))["userErrors"] == []
    assert (await admin(MARK_PAID, id=order["id"]))["orderMarkAsPaid"]["userErrors"] == []  # 20.00 by bank transfer

    payload = (await admin(CANCEL_REFUND, id=order["id"]))["orderCancel"]
    assert payload["userErrors"] == []
    cancelled = payload["order"]
    assert (cancelled["displayFinancialStatus"], cancelled["totalOutstanding"]["amount"]) == ("REFUNDED", "0.00")
    assert [(t["kind"], t["amount"]["amount"]) for t in cancelled["transactions"]] == [
        ("PAYMENT", "10.00"), ("PAYMENT", "20.00"), ("REFUND", "10.00"), ("REFUND", "20.00"),
    ]
    assert [e["kind"] for e in cancelled["events"]].count("REFUND") == 2


async def test_cancelling_an_unpaid_order_with_refund_voids_it_and_refunds_nothing(acme, admin):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    await set_terms(admin, acme["location"], "Net 30")
    order = (await checkout(buyer, await new_cart(buyer, bolt)))["order"]
    cancelled = (await admin(CANCEL_REFUND, id=order["id"]))["orderCancel"]["order"]
    assert cancelled["displayFinancialStatus"] == "VOIDED" and cancelled["transactions"] == []


async def test_a_refund_the_provider_refuses_cancels_nothing(acme, admin):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    order = (await checkout(buyer, await new_cart(buyer, bolt, 2), await add_card(buyer, "tok_refund_fail")))["order"]
    assert order["displayFinancialStatus"] == "PAID"

    payload = (await admin(CANCEL_REFUND, id=order["id"]))["orderCancel"]
    assert payload["order"] is None and codes(payload) == [(["refund"], "REFUND_FAILED")]
    after = (await buyer(READ_ORDER, id=order["id"]))["order"]
    assert after["displayFinancialStatus"] == "PAID" and [t["kind"] for t in after["transactions"]] == ["SALE"]
    kept = (await admin(CANCEL, id=order["id"]))["orderCancel"]["order"]  # cancelling without a refund still works
    assert kept["displayFinancialStatus"] == "PAID" and kept["cancelledAt"] is not None
