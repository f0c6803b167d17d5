"""Each topic is emitted by its operation, once per event, with the object as the API shows it."""

from __future__ import annotations

import json

from tests.helpers import ERRORS, create_company
from tests.orders.helpers import COMPANY_UPDATE, add_card, checkout, new_cart, set_terms
from tests.orders.test_admin_orders import COMPLETE, DELETE, INVOICE, MARK_PAID, UPDATE, submit_draft
from tests.outbox.webhooks import send, subscribe, webhook_rows

TOPICS = (
    "ORDERS_CREATE", "ORDERS_PAID", "DRAFT_ORDERS_CREATE", "DRAFT_ORDERS_UPDATE", "COMPANIES_CREATE",
    "COMPANIES_UPDATE", "CUSTOMERS_CREATE", "RETURNS_REQUEST", "ACCOUNT_REQUESTS_CREATE",
    "APPROVAL_REQUESTS_CREATE", "APPROVAL_REQUESTS_UPDATE", "QUOTES_CREATE", "QUOTES_UPDATE",  # tests/governance/
)
CONTACT_CREATE = f"""mutation($company: ID!, $input: CompanyContactInput!) {{
    companyContactCreate(companyId: $company, input: $input) {{ companyContact {{ id customer {{ id }} }} {ERRORS} }} }}"""


async def subscribe_all(admin) -> None:  # noqa: ANN001
    for topic in TOPICS:
        await subscribe(admin, topic, f"https://erp.example/{topic.lower()}")


async def bodies(db, topic: str) -> list[dict]:  # noqa: ANN001
    return [json.loads(row.body_text) for row in await webhook_rows(db, topic)]


async def emitted(db) -> list[str]:  # noqa: ANN001
    return [row.subject for row in await webhook_rows(db)]


async def test_every_topic_can_be_subscribed(admin) -> None:
    await subscribe_all(admin)
    listed = (await admin("{ webhookSubscriptions(first: 20) { nodes { topic } } }"))["webhookSubscriptions"]
    assert sorted(n["topic"] for n in listed["nodes"]) == sorted(TOPICS)


async def test_company_create_and_update_and_customers_create(admin, db) -> None:
    await subscribe_all(admin)
    company = await create_company(admin, name="Acme", email="anna@acme.test", location="HQ")
    assert sorted(await emitted(db)) == ["COMPANIES_CREATE", "CUSTOMERS_CREATE"]
    [created] = await bodies(db, "COMPANIES_CREATE")
    assert created["id"] == company["id"] and created["mainContact"]["id"] == company["mainContact"]["id"]
    [customer] = await bodies(db, "CUSTOMERS_CREATE")
    assert (customer["id"], customer["email"]) == (company["mainContact"]["customer"]["id"], "anna@acme.test")

    updated = (await admin(COMPANY_UPDATE, id=company["id"], input={"name": "Acme AB", "creditLimit": "1500.50"}))
    assert updated["companyUpdate"]["userErrors"] == []
    [body] = await bodies(db, "COMPANIES_UPDATE")
    assert (body["name"], body["creditLimit"]) == ("Acme AB", {"amount": "1500.50", "currencyCode": "EUR"})

    made = (await admin(CONTACT_CREATE, company=company["id"], input={"email": "bo@acme.test"}))["companyContactCreate"]
    assert made["userErrors"] == []
    assert [b["email"] for b in await bodies(db, "CUSTOMERS_CREATE")] == ["anna@acme.test", "bo@acme.test"]
    # an existing customer made a contact of another company is no new customer
    other = await create_company(admin, name="Other", email=None, location=None)
    await admin(CONTACT_CREATE, company=other["id"], input={"email": "BO@acme.test"})
    assert len(await bodies(db, "CUSTOMERS_CREATE")) == 2


async def test_a_paid_checkout_emits_orders_create_and_orders_paid(acme, admin, db) -> None:
    await subscribe_all(admin)
    buyer = acme["buyer"]
    payload = await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 2), await add_card(buyer))
    order = payload["order"]
    assert await emitted(db) == ["ORDERS_CREATE", "ORDERS_PAID"]  # written (and so claimed) in that order
    [created] = await bodies(db, "ORDERS_CREATE")
    assert (created["id"], created["name"], created["displayFinancialStatus"]) == (order["id"], order["name"], "PAID")
    assert created["total"] == {"amount": "20.00", "currencyCode": "EUR"}
    assert created["location"]["id"] == acme["location"]
    [line] = created["lineItems"]
    assert (line["sku"], line["quantity"], line["unitPrice"]["amount"], line["variantId"]) == (
        "BOLT-S", 2, "10.00", acme["bolt"]["variants"][0]["id"])
    [paid] = await bodies(db, "ORDERS_PAID")
    assert (paid["id"], paid["totalOutstanding"]["amount"]) == (order["id"], "0.00")


async def test_an_order_on_terms_is_paid_by_order_mark_as_paid(acme, admin, db) -> None:
    await set_terms(admin, acme["location"], "Net 30")
    await subscribe_all(admin)
    order = (await checkout(acme["buyer"], await new_cart(acme["buyer"], acme["nut"]["variants"][0])))["order"]
    assert await emitted(db) == ["ORDERS_CREATE"]
    [created] = await bodies(db, "ORDERS_CREATE")
    assert (created["displayFinancialStatus"], created["paymentTerms"]["paymentTermsName"]) == ("PENDING", "Net 30")
    assert (await admin(MARK_PAID, id=order["id"]))["orderMarkAsPaid"]["userErrors"] == []
    [paid] = await bodies(db, "ORDERS_PAID")
    assert (paid["id"], paid["displayFinancialStatus"], paid["totalPaid"]["amount"]) == (order["id"], "PAID", "10.05")


async def test_draft_orders_create_update_invoice_complete_and_delete(acme, admin, db, settings) -> None:
    await subscribe_all(admin)
    draft = await submit_draft(acme, admin)
    assert await emitted(db) == ["DRAFT_ORDERS_CREATE"]
    [created] = await bodies(db, "DRAFT_ORDERS_CREATE")
    assert (created["id"], created["status"], created["poNumber"], created["subtotal"]["amount"]) == (
        draft, "OPEN", "PO-1", "30.00")

    lines = [{"variantId": acme["nut"]["variants"][0]["id"], "quantity": 2, "unitPrice": "9.00"}]
    assert (await admin(UPDATE, id=draft, input={"poNumber": "PO-2", "lines": lines}))["draftOrderUpdate"]["userErrors"] == []
    assert (await admin(INVOICE, id=draft))["draftOrderInvoiceSend"]["userErrors"] == []
    updates = await bodies(db, "DRAFT_ORDERS_UPDATE")
    assert [(u["poNumber"], u["status"], u["subtotal"]["amount"]) for u in updates] == [
        ("PO-2", "OPEN", "18.00"), ("PO-2", "INVOICE_SENT", "18.00")]

    completed = (await admin(COMPLETE, id=draft, pending=True))["draftOrderComplete"]
    assert completed["userErrors"] == []
    [order] = await bodies(db, "ORDERS_CREATE")
    assert (order["id"], order["total"]["amount"]) == (completed["order"]["id"], "18.00")
    last = (await bodies(db, "DRAFT_ORDERS_UPDATE"))[-1]
    assert (last["status"], last["order"]["id"]) == ("COMPLETED", order["id"])

    second = await submit_draft(acme, admin, po="PO-9")
    assert (await admin(DELETE, id=second, reason="No stock"))["draftOrderDelete"]["userErrors"] == []
    deleted = (await bodies(db, "DRAFT_ORDERS_UPDATE"))[-1]
    assert deleted == {"id": second, "status": "DELETED", "deleted": True, "reason": "No stock"}
    assert (await emitted(db)).count("DRAFT_ORDERS_CREATE") == 2


async def test_only_active_subscriptions_of_the_topic_get_the_event(acme, admin, db, settings) -> None:
    await subscribe(admin, "ORDERS_PAID", "https://erp.example/paid")
    buyer = acme["buyer"]
    await checkout(buyer, await new_cart(buyer, acme["nut"]["variants"][0]), await add_card(buyer))
    assert await emitted(db) == ["ORDERS_PAID"]
    assert await send(db, settings) == 0  # erp.example does not answer: retried later, nothing lost


async def test_an_account_request_emits_account_requests_create(admin, storefront, db) -> None:
    from tests.customers.account_requests import request_input

    await subscribe_all(admin)
    query = """mutation($input: CompanyAccountRequestInput!) { companyAccountRequest(input: $input) {
        accountRequest { id } userErrors { code } } }"""
    made = (await storefront(query, input=request_input()))["companyAccountRequest"]
    assert await emitted(db) == ["ACCOUNT_REQUESTS_CREATE"]
    [body] = await bodies(db, "ACCOUNT_REQUESTS_CREATE")
    assert (body["id"], body["status"], body["companyName"], body["email"]) == (
        made["accountRequest"]["id"], "REQUESTED", "Nordic Tools AB", "lena@nordictools.test")
    assert body["address"]["countryCode"] == "SE"


async def test_approving_an_account_request_emits_companies_and_customers_create(admin, storefront, db) -> None:
    from tests.customers.account_requests import APPROVE, submitted

    gid = await submitted(storefront)
    await subscribe_all(admin)
    await admin(APPROVE, id=gid)
    assert sorted(await emitted(db)) == ["COMPANIES_CREATE", "CUSTOMERS_CREATE"]


async def test_subscriptions_are_read_once_per_transaction_not_per_session(admin, db) -> None:
    from gateway.outbox import webhooks

    async with db.sessionmaker() as session:
        async with session.begin():
            await webhooks.emit(session, "COMPANIES_UPDATE", {"id": "before"})
        await subscribe(admin, "COMPANIES_UPDATE", "https://erp.example/c")
        async with session.begin():
            await webhooks.emit(session, "COMPANIES_UPDATE", {"id": "after"})
            await webhooks.emit(session, "COMPANIES_UPDATE", {"id": "again"})
    assert [b["id"] for b in await bodies(db, "COMPANIES_UPDATE")] == ["after", "again"]


async def test_a_return_request_emits_returns_request(acme, admin, db) -> None:
    from tests.orders.returns import line, request_return

    await subscribe_all(admin)
    buyer = acme["buyer"]
    order = (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 3), await add_card(buyer)))["order"]
    read = await buyer("query($id: ID!) { order(id: $id) { lineItems { id } } }", id=order["id"])
    line_id = read["order"]["lineItems"][0]["id"]
    before = len(await emitted(db))
    requested = await request_return(buyer, order["id"], line(line_id, 2, "WRONG_ITEM", "Wrong thread"))
    assert requested["userErrors"] == []
    assert (await emitted(db))[before:] == ["RETURNS_REQUEST"]
    [body] = await bodies(db, "RETURNS_REQUEST")
    assert (body["id"], body["name"], body["status"]) == (requested["return"]["id"], f"{order['name']}-R1", "REQUESTED")
    assert body["order"] == {"id": order["id"], "name": order["name"]}
    assert body["lines"] == [{"orderLine": {"id": line_id, "sku": "BOLT-S", "title": body["lines"][0]["orderLine"]["title"]},
                              "quantity": 2, "reason": "WRONG_ITEM", "note": "Wrong thread"}]
