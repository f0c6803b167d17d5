"""Spending limits and approval requests through HTTP: over a limit (by a cent) checkout makes a
request instead of an order; approvers are emailed, see it and decide it; approval places the order
on the location's terms of that moment, once, however many approve; a decline can be checked out
again as a new cart; expiry; draft review after approval; monthly limits; paying locations."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import func, select

from gateway.db.models import Order, Transaction
from gateway.platform import clock
from tests.catalog.helpers import login
from tests.governance.helpers import APPROVE, ASSIGN, CHECKOUT, DECLINE, SUBMITTED, TO_APPROVE, TO_CART, contact
from tests.helpers import MERCHANT, codes
from tests.orders.helpers import add_card, key, mails_to, new_cart, set_company, set_terms
from tests.outbox.webhooks import subscribe, webhook_rows


@pytest.fixture
async def team(acme, admin, db, client):  # noqa: ANN001, ANN201
    """HQ on Net 30; anna (LOCATION_ADMIN) and carl (LOCATION_ADMIN) approve; bob buys (ORDERING_ONLY,
    10.04 per order: one nut at 10.05 is over by a cent); olga (ORDERING_ONLY) only orders."""
    hq = acme["location"]
    await set_terms(admin, hq, "Net 30")
    carl, _ = await contact(admin, db, client, "carl@acme.test", hq, role="LOCATION_ADMIN")
    bob, bob_contact = await contact(admin, db, client, "bob@acme.test", hq, role="ORDERING_ONLY", limit="10.04")
    olga, _ = await contact(admin, db, client, "olga@acme.test", hq, role="ORDERING_ONLY")
    return {
        "hq": hq, "anna": acme["buyer"], "carl": carl, "bob": bob, "bob_contact": bob_contact, "olga": olga,
        "nut": acme["nut"]["variants"][0], "bolt": acme["bolt"]["variants"][0],
    }


async def submit(buyer, cart: str, method: str | None = None) -> dict:  # noqa: ANN001
    return (await buyer(CHECKOUT, cart=cart, method=method, key=key()))["checkoutComplete"]


async def count(db, model) -> int:  # noqa: ANN001
    async with db.reader() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def request_over_limit(team) -> dict:  # noqa: ANN001
    payload = await submit(team["bob"], await new_cart(team["bob"], team["nut"], 1, poNumber="PO-9"))
    assert payload["userErrors"] == [] and payload["order"] is None and payload["draftOrder"] is None
    return payload["approvalRequest"]


async def test_a_cent_over_the_limit_asks_for_approval_and_approval_places_the_order(team, admin, db):
    await subscribe(admin, "APPROVAL_REQUESTS_CREATE", "https://erp.example/created")
    await subscribe(admin, "APPROVAL_REQUESTS_UPDATE", "https://erp.example/updated")
    request = await request_over_limit(team)
    assert request == {
        "id": request["id"], "status": "PENDING", "reason": None, "subtotal": {"amount": "10.05", "currencyCode": "EUR"},
        "customer": {"email": "bob@acme.test"}, "decidedBy": None, "location": {"name": "HQ"},
        "lines": [{"sku": "NUT", "quantity": 1}], "order": None, "draftOrder": None,
    }
    assert await count(db, Order) == 0 and await count(db, Transaction) == 0  # nothing charged, no credit used
    for approver in ("anna@acme.test", "carl@acme.test"):
        [mail] = await mails_to(db, approver)
        assert "bob@acme.test" in mail.subject and "10.05" in mail.body_text and "10.04 EUR per order" in mail.body_text
    assert await mails_to(db, "bob@acme.test") == [] and await mails_to(db, "olga@acme.test") == []
    [created] = await webhook_rows(db, "APPROVAL_REQUESTS_CREATE")
    assert json.loads(created.body_text)["status"] == "PENDING"

    listed = (await team["carl"](TO_APPROVE, status="PENDING"))["viewer"]["approvalRequests"]["nodes"]
    assert [n["id"] for n in listed] == [request["id"]]
    assert (await team["olga"](TO_APPROVE))["viewer"]["approvalRequests"]["nodes"] == []
    assert (await team["bob"](TO_APPROVE))["viewer"]["approvalRequests"]["nodes"] == []  # its own is no one to approve
    assert codes((await team["bob"](APPROVE, id=request["id"]))["approvalRequestApprove"]) == [(["id"], "PERMISSION_DENIED")]
    assert codes((await team["olga"](APPROVE, id=request["id"]))["approvalRequestApprove"]) == [(["id"], "NOT_FOUND")]

    approved = (await team["carl"](APPROVE, id=request["id"]))["approvalRequestApprove"]
    assert approved["userErrors"] == []
    decided = approved["approvalRequest"]
    assert (decided["status"], decided["decidedBy"]) == ("APPROVED", {"email": "carl@acme.test"})
    assert decided["order"]["displayFinancialStatus"] == "PENDING"  # on the location's Net 30
    order = (await team["bob"]("query($id: ID!) { order(id: $id) { poNumber paymentTerms { paymentTermsName } "
                               "lineItems { sku } } }", id=decided["order"]["id"]))["order"]
    assert order == {"poNumber": "PO-9", "paymentTerms": {"paymentTermsName": "Net 30"}, "lineItems": [{"sku": "NUT"}]}
    mails = [m.subject for m in await mails_to(db, "bob@acme.test")]
    assert any("approved" in s for s in mails) and any(decided["order"]["name"] in s for s in mails)
    [updated] = await webhook_rows(db, "APPROVAL_REQUESTS_UPDATE")
    assert json.loads(updated.body_text)["order"] == {"id": decided["order"]["id"]}

    again = (await team["anna"](APPROVE, id=request["id"]))["approvalRequestApprove"]
    assert again["userErrors"] == [] and again["approvalRequest"]["order"]["id"] == decided["order"]["id"]
    assert await count(db, Order) == 1
    submitted = (await team["bob"](SUBMITTED))["viewer"]["submittedApprovalRequests"]["nodes"]
    assert [(n["status"], n["order"]["id"]) for n in submitted] == [("APPROVED", decided["order"]["id"])]
    listed = (await admin("{ approvalRequests(first: 5, status: APPROVED) { nodes { id status } } }"))
    assert listed["approvalRequests"]["nodes"] == [{"id": request["id"], "status": "APPROVED"}]


async def test_within_the_limit_is_an_order_and_no_limit_is_no_approval(team, admin):
    await admin(ASSIGN, contact=team["bob_contact"], location=team["hq"], role="ORDERING_ONLY", limit="10.05")
    payload = await submit(team["bob"], await new_cart(team["bob"], team["nut"], 1))
    assert payload["userErrors"] == [] and payload["order"] and payload["approvalRequest"] is None
    anna = await submit(team["anna"], await new_cart(team["anna"], team["bolt"], 50))
    assert anna["order"] and anna["approvalRequest"] is None


async def test_two_approvers_at_once_place_one_order(team, db):
    request = await request_over_limit(team)
    results = await asyncio.gather(*(
        team[who](APPROVE, id=request["id"]) for who in ("anna", "carl", "anna", "carl")
    ))
    payloads = [r["approvalRequestApprove"] for r in results]
    assert all(p["userErrors"] == [] for p in payloads), payloads
    assert len({p["approvalRequest"]["order"]["id"] for p in payloads}) == 1
    assert await count(db, Order) == 1


async def test_a_declined_request_can_be_checked_out_again_as_a_new_cart(team, db):
    request = await request_over_limit(team)
    declined = (await team["anna"](DECLINE, id=request["id"], reason="Use the framework contract"))
    payload = declined["approvalRequestDecline"]
    assert payload["userErrors"] == []
    assert (payload["approvalRequest"]["status"], payload["approvalRequest"]["reason"]) == (
        "DECLINED", "Use the framework contract",
    )
    assert any("Use the framework contract" in m.body_text for m in await mails_to(db, "bob@acme.test"))
    late = (await team["carl"](APPROVE, id=request["id"]))["approvalRequestApprove"]
    assert codes(late) == [(["id"], "ALREADY_DECIDED")]
    assert codes((await team["carl"](DECLINE, id=request["id"]))["approvalRequestDecline"]) == [(["id"], "ALREADY_DECIDED")]
    assert await count(db, Order) == 0

    assert codes((await team["olga"](TO_CART, id=request["id"]))["approvalRequestToCart"]) == [(["id"], "NOT_FOUND")]
    cart = (await team["bob"](TO_CART, id=request["id"]))["approvalRequestToCart"]
    assert cart["userErrors"] == [] and cart["cart"]["lines"] == [{"quantity": 1, "variant": {"sku": "NUT"}}]
    again = await submit(team["bob"], cart["cart"]["id"])
    assert again["approvalRequest"]["status"] == "PENDING" and again["approvalRequest"]["id"] != request["id"]


async def test_approval_after_the_credit_ran_out_answers_credit_limit_exceeded(team, admin, db):
    await set_company(admin, creditLimit="50.00")
    request = await request_over_limit(team)  # 10.05, no credit used yet
    spent = await submit(team["anna"], await new_cart(team["anna"], team["bolt"], 4))  # 40.00 of 50.00
    assert spent["order"]
    refused = (await team["carl"](APPROVE, id=request["id"]))["approvalRequestApprove"]
    assert codes(refused) == [(["id"], "CREDIT_LIMIT_EXCEEDED")]
    pending = (await team["carl"](TO_APPROVE, status="PENDING"))["viewer"]["approvalRequests"]["nodes"]
    assert [n["id"] for n in pending] == [request["id"]]  # still PENDING: it can be approved once credit is back
    await set_company(admin, creditLimit="60.00")
    assert (await team["carl"](APPROVE, id=request["id"]))["approvalRequestApprove"]["userErrors"] == []
    assert await count(db, Order) == 2


async def test_requests_expire_after_the_shops_days(team, admin, db, client):
    updated = await admin("mutation { shopUpdate(input: {approvalExpiryDays: 2}) { shop { approvalExpiryDays } "
                          "userErrors { field code } } }")
    assert updated["shopUpdate"]["shop"]["approvalExpiryDays"] == 2
    bad = await admin("mutation { shopUpdate(input: {approvalExpiryDays: 0}) { userErrors { field code } } }")
    assert bad["shopUpdate"]["userErrors"] == [{"field": ["approvalExpiryDays"], "code": "LESS_THAN"}]
    request = await request_over_limit(team)
    clock.advance(2 * 86400 + 1)
    team["carl"] = await login(db, client, "carl@acme.test")  # the old session lasted a day
    listed = (await team["carl"](TO_APPROVE, status="EXPIRED"))["viewer"]["approvalRequests"]["nodes"]
    assert [(n["id"], n["status"]) for n in listed] == [(request["id"], "EXPIRED")]
    assert (await team["carl"](TO_APPROVE, status="PENDING"))["viewer"]["approvalRequests"]["nodes"] == []
    assert codes((await team["carl"](APPROVE, id=request["id"]))["approvalRequestApprove"]) == [(["id"], "EXPIRED")]


async def test_a_location_on_draft_review_goes_to_the_merchant_after_the_approver(team, admin, db):
    await set_terms(admin, team["hq"], "Net 30", checkoutToDraft=True)
    request = await request_over_limit(team)  # the buyer's approver first: no draft yet
    assert await mails_to(db, MERCHANT) == []
    approved = (await team["anna"](APPROVE, id=request["id"]))["approvalRequestApprove"]
    assert approved["userErrors"] == []
    assert approved["approvalRequest"]["order"] is None
    assert approved["approvalRequest"]["draftOrder"]["status"] == "OPEN"
    assert len(await mails_to(db, MERCHANT)) == 1


async def test_a_monthly_limit_counts_this_months_orders(team, admin):
    await admin(ASSIGN, contact=team["bob_contact"], location=team["hq"], role="ORDERING_ONLY", limit=None,
                monthly="50.00")
    first = await submit(team["bob"], await new_cart(team["bob"], team["bolt"], 3))
    assert first["order"] and first["approvalRequest"] is None  # 30.00 this month
    second = await submit(team["bob"], await new_cart(team["bob"], team["bolt"], 3))
    assert second["order"] is None and second["approvalRequest"]["status"] == "PENDING"  # 60.00 > 50.00
    within = await submit(team["bob"], await new_cart(team["bob"], team["bolt"], 2))
    assert within["order"] and within["approvalRequest"] is None  # exactly 50.00


async def test_a_paying_location_charges_the_buyers_card_on_approval(team, admin, db):
    await set_terms(admin, team["hq"], None)
    refused = await submit(team["bob"], await new_cart(team["bob"], team["nut"], 1))
    assert codes(refused) == [(["paymentMethodId"], "PAYMENT_METHOD_REQUIRED")]
    card = await add_card(team["bob"])
    payload = await submit(team["bob"], await new_cart(team["bob"], team["nut"], 1), card)
    assert payload["amountCharged"] == {"amount": "0"} or payload["amountCharged"]["amount"] in ("0", "0.00")
    assert await count(db, Transaction) == 0
    approved = (await team["carl"](APPROVE, id=payload["approvalRequest"]["id"]))["approvalRequestApprove"]
    assert approved["approvalRequest"]["order"]["displayFinancialStatus"] == "PAID"
    assert await count(db, Transaction) == 1


async def test_anonymous_and_unknown_ids(team, storefront):
    request = await request_over_limit(team)
    assert codes((await storefront(APPROVE, id=request["id"]))["approvalRequestApprove"]) == [(["id"], "LOGIN_REQUIRED")]
    assert codes((await team["carl"](APPROVE, id="gid://gateway/ApprovalRequest/999"))["approvalRequestApprove"]) == [
        (["id"], "NOT_FOUND")
    ]
    assert codes((await team["carl"](DECLINE, id=request["id"], reason="x" * 2001))["approvalRequestDecline"]) == [
        (["reason"], "TOO_LONG")
    ]


async def test_another_companys_approver_sees_nothing(team, admin, db, client):
    from tests.helpers import create_company

    other = await create_company(admin, name="Other", email="boss@other.test", location="X")
    assert other
    boss = await login(db, client, "boss@other.test")
    request = await request_over_limit(team)
    assert (await boss(TO_APPROVE))["viewer"]["approvalRequests"]["nodes"] == []
    assert codes((await boss(APPROVE, id=request["id"]))["approvalRequestApprove"]) == [(["id"], "NOT_FOUND")]


async def test_a_buyer_who_lost_its_role_is_not_ordered_for(team, admin):
    request = await request_over_limit(team)
    revoke = """mutation($contact: ID!, $location: ID!) { companyContactRevokeRole(companyContactId: $contact,
        companyLocationId: $location) { userErrors { code } } }"""
    assert (await admin(revoke, contact=team["bob_contact"], location=team["hq"]))["companyContactRevokeRole"][
        "userErrors"] == []
    refused = (await team["carl"](APPROVE, id=request["id"]))["approvalRequestApprove"]
    assert codes(refused) == [(["id"], "PERMISSION_DENIED")]
    declined = (await team["carl"](DECLINE, id=request["id"], reason="Left the team"))["approvalRequestDecline"]
    assert declined["approvalRequest"]["status"] == "DECLINED"
