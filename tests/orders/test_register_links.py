"""Who placed an order or submitted a draft, on the Admin API (issue 14's bugs): Customer.orders is the
customer's orders, Order.customer and Order.email, DraftOrder.name and DraftOrder.customer; a draft
completed on no terms, and a fixed due date in the past, are refused; blockCheckoutWhenOverdue is a
setting the merchant can switch."""

from __future__ import annotations

from datetime import timedelta

from gateway.platform import clock
from tests.catalog.helpers import login
from tests.customers.groups import shop_update
from tests.helpers import ERRORS, codes
from tests.orders.helpers import LOCATION_UPDATE, add_card, checkout, new_cart, set_terms
from tests.orders.test_admin_orders import submit_draft

COMPLETE = f"""mutation($id: ID!, $pending: Boolean, $terms: ID) {{
    draftOrderComplete(id: $id, paymentPending: $pending, paymentTermsTemplateId: $terms) {{
      order {{ name displayFinancialStatus paymentTerms {{ paymentTermsName paymentSchedules {{ dueAt }} }} }}
      {ERRORS} }} }}"""


async def test_a_customers_orders_are_listed_for_the_merchant(acme, admin):
    buyer = acme["buyer"]
    card = await add_card(buyer)
    for quantity in (1, 2, 3):
        assert (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], quantity), card))[
            "userErrors"] == []
    query = """{ customers(first: 5) { nodes { email ordersCount orders(first: 2) {
        nodes { name email customer { email } } pageInfo { hasNextPage endCursor } } } } }"""
    anna = (await admin(query))["customers"]["nodes"][0]
    assert anna["ordersCount"] == 3
    assert anna["orders"]["nodes"] == [
        {"name": "#1001", "email": "anna@acme.test", "customer": {"email": "anna@acme.test"}},
        {"name": "#1002", "email": "anna@acme.test", "customer": {"email": "anna@acme.test"}},
    ]
    assert anna["orders"]["pageInfo"]["hasNextPage"] is True
    rest = """query($after: String) { customers(first: 1) { nodes { orders(first: 5, after: $after) {
        nodes { name } } } } }"""
    after = anna["orders"]["pageInfo"]["endCursor"]
    assert (await admin(rest, after=after))["customers"]["nodes"][0]["orders"]["nodes"] == [{"name": "#1003"}]
    searched = '{ customers(first: 1) { nodes { orders(first: 5, query: "1002") { nodes { name } } } } }'
    assert (await admin(searched))["customers"]["nodes"][0]["orders"]["nodes"] == [{"name": "#1002"}]


async def test_drafts_have_a_name_and_a_customer(acme, admin):
    draft = await submit_draft(acme, admin)
    query = "query($id: ID!) { draftOrder(id: $id) { name customer { email } } }"
    assert (await admin(query, id=draft))["draftOrder"] == {"name": f"D{draft.rsplit('/', 1)[1]}",
                                                            "customer": {"email": "anna@acme.test"}}


async def test_a_draft_on_a_location_without_terms_needs_terms_or_payment(acme, admin):
    draft = await submit_draft(acme, admin)
    await set_terms(admin, acme["location"], None, checkoutToDraft=True)
    refused = (await admin(COMPLETE, id=draft, pending=True))["draftOrderComplete"]
    assert codes(refused) == [(["paymentPending"], "NO_PAYMENT_TERMS")]
    unknown = (await admin(COMPLETE, id=draft, pending=True, terms="gid://gateway/PaymentTermsTemplate/999"))
    assert codes(unknown["draftOrderComplete"]) == [(["paymentTermsTemplateId"], "NOT_FOUND")]
    templates = {t["name"]: t["id"] for t in (await admin("{ paymentTermsTemplates { id name } }"))[
        "paymentTermsTemplates"]}
    placed = (await admin(COMPLETE, id=draft, pending=True, terms=templates["Net 15"]))["draftOrderComplete"]
    assert placed["userErrors"] == []
    order = placed["order"]
    assert order["displayFinancialStatus"] == "PENDING" and order["paymentTerms"]["paymentTermsName"] == "Net 15"
    assert order["paymentTerms"]["paymentSchedules"][0]["dueAt"].startswith(
        (clock.now() + timedelta(days=15)).date().isoformat())


async def test_a_fixed_due_date_in_the_past_is_refused(acme, admin):
    templates = {t["name"]: t["id"] for t in (await admin("{ paymentTermsTemplates { id name } }"))[
        "paymentTermsTemplates"]}
    config = {"paymentTermsTemplateId": templates["Fixed date"],
              "paymentTermsDueAt": (clock.now() - timedelta(days=1)).isoformat()}
    payload = await admin(LOCATION_UPDATE, id=acme["location"], input={"buyerExperienceConfiguration": config})
    assert codes(payload["companyLocationUpdate"]) == [
        (["input", "buyerExperienceConfiguration", "paymentTermsDueAt"], "INVALID")]
    config["paymentTermsDueAt"] = (clock.now() + timedelta(days=10)).isoformat()
    payload = await admin(LOCATION_UPDATE, id=acme["location"], input={"buyerExperienceConfiguration": config})
    assert payload["companyLocationUpdate"]["userErrors"] == []


async def test_block_checkout_when_overdue_is_switched_by_shop_update(acme, admin, db, client):
    payload = await shop_update(admin, blockCheckoutWhenOverdue=True)
    assert payload["userErrors"] == [] and payload["shop"]["blockCheckoutWhenOverdue"] is True
    assert codes(await shop_update(admin, blockCheckoutWhenOverdue=None)) == [
        (["blockCheckoutWhenOverdue"], "BLANK")]
    # An order on terms falls overdue: the company can no longer order on terms.
    await set_terms(admin, acme["location"], "Net 7")
    buyer = acme["buyer"]
    assert (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0])))["userErrors"] == []
    clock.advance(timedelta(days=8).total_seconds())
    buyer = await login(db, client, "anna@acme.test")  # the test session lasts a day
    blocked = await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0]))
    assert codes(blocked) == [(["cartId"], "COMPANY_HAS_OVERDUE_ORDERS")]
    payload = await shop_update(admin, blockCheckoutWhenOverdue=False)
    assert payload["userErrors"] == [] and payload["shop"]["blockCheckoutWhenOverdue"] is False
    assert (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0])))["userErrors"] == []
