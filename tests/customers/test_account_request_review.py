"""accountRequestApprove and accountRequestDecline: what approval makes, overrides, emails, state errors."""

from __future__ import annotations

from sqlalchemy import func, select

from gateway.db.models import Company, Customer
from tests.customers.account_requests import APPROVE, DECLINE, READ, mails, submitted
from tests.helpers import codes, create_company


async def count(db, model) -> int:  # noqa: ANN001
    async with db.reader() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_approval_makes_the_company_location_and_contact_and_invites(storefront, admin, db) -> None:
    gid = await submitted(storefront)
    payload = (await admin(APPROVE, id=gid))["accountRequestApprove"]
    assert payload["userErrors"] == []
    request = payload["accountRequest"]
    assert (request["status"], request["linkedExistingCompany"]) == ("APPROVED", False)
    assert request["decidedAt"]
    company = request["company"]
    assert (company["name"], company["orgNumber"], company["customerNumber"], company["externalId"]) == (
        "Nordic Tools AB", "556677-8899", "K-10000", None)
    [location] = company["locations"]["nodes"]
    assert location["name"] == "Nordic Tools AB"
    expected = {"address1": "Storgatan 1", "city": "Malmö", "countryCode": "SE"}
    assert location["billingAddress"] == expected and location["shippingAddress"] == expected
    assert location["roleAssignments"] == [
        {"role": "LOCATION_ADMIN", "companyContact": {"customer": {"email": "lena@nordictools.test"}}}]
    assert [c["customer"]["email"] for c in company["contacts"]["nodes"]] == ["lena@nordictools.test"]
    customer = request["customer"]
    assert (customer["email"], customer["firstName"], customer["lastName"], customer["phone"], customer["status"]) == (
        "lena@nordictools.test", "Lena", "Berg", "+46 40 123 45", "INVITED")
    [invitation] = await mails(db, "lena@nordictools.test", "invitation")
    assert "Hello Lena Berg" in invitation.body_text

    second = await submitted(storefront, email="other@example.test", companyName="Other AB")
    made = (await admin(APPROVE, id=second))["accountRequestApprove"]["accountRequest"]["company"]
    assert made["customerNumber"] == "K-10001"  # the series goes on


async def test_approval_takes_overrides(storefront, admin, db) -> None:
    templates = (await admin("{ paymentTermsTemplates { id name } }"))["paymentTermsTemplates"]
    net30 = next(t["id"] for t in templates if t["name"] == "Net 30")
    gid = await submitted(storefront)
    overrides = {
        "companyName": "Nordic Tools Sverige AB", "customerNumber": "C-77", "externalId": "ERP-77",
        "locationName": "Malmö warehouse", "paymentTermsTemplateId": net30, "checkoutToDraft": True,
        "role": "ORDERING_ONLY", "creditLimit": "5000.00", "maxPaymentDays": 30, "title": "Purchaser",
    }
    payload = (await admin(APPROVE, id=gid, input=overrides))["accountRequestApprove"]
    assert payload["userErrors"] == []
    company = payload["accountRequest"]["company"]
    assert (company["name"], company["customerNumber"], company["externalId"]) == (
        "Nordic Tools Sverige AB", "C-77", "ERP-77")
    [location] = company["locations"]["nodes"]
    assert location["name"] == "Malmö warehouse"
    assert location["buyerExperienceConfiguration"] == {"paymentTermsTemplate": {"name": "Net 30"}, "checkoutToDraft": True}
    assert [a["role"] for a in location["roleAssignments"]] == ["ORDERING_ONLY"]


async def test_bad_overrides_are_refused_and_nothing_changes(storefront, admin, db) -> None:
    await create_company(admin, name="Taken", email=None, location=None, customerNumber="C-1")
    gid = await submitted(storefront)
    payload = (await admin(APPROVE, id=gid, input={
        "customerNumber": "C-1", "companyName": " ", "paymentTermsTemplateId": "gid://gateway/PaymentTermsTemplate/999",
    }))["accountRequestApprove"]
    assert sorted(codes(payload)) == [(["input", "companyName"], "BLANK"), (["input", "customerNumber"], "TAKEN")]
    payload = (await admin(APPROVE, id=gid, input={
        "paymentTermsTemplateId": "gid://gateway/PaymentTermsTemplate/999"}))["accountRequestApprove"]
    assert codes(payload) == [(["input", "paymentTermsTemplateId"], "NOT_FOUND")]
    assert (await admin(READ, id=gid))["accountRequest"]["status"] == "REQUESTED"
    assert await count(db, Company) == 1
    assert await count(db, Customer) == 0
    assert await mails(db, "lena@nordictools.test", "invitation") == []


async def test_decline_emails_the_reason(storefront, admin, db) -> None:
    gid = await submitted(storefront)
    payload = (await admin(DECLINE, id=gid, reason="We only sell to workshops."))["accountRequestDecline"]
    assert payload["userErrors"] == []
    request = payload["accountRequest"]
    assert (request["status"], request["declineReason"], request["company"]) == (
        "DECLINED", "We only sell to workshops.", None)
    [mail] = await mails(db, "lena@nordictools.test", "account_request_declined")
    assert "We only sell to workshops." in mail.body_text and "We only sell to workshops." in mail.body_html
    assert await count(db, Company) == 0 and await count(db, Customer) == 0


async def test_deciding_twice_and_unknown_ids_and_a_blank_reason(storefront, admin, db) -> None:
    approved, declined = await submitted(storefront), await submitted(storefront, email="b@example.test")
    assert codes((await admin(DECLINE, id=declined, reason="  "))["accountRequestDecline"]) == [(["reason"], "BLANK")]
    assert (await admin(APPROVE, id=approved))["accountRequestApprove"]["userErrors"] == []
    assert (await admin(DECLINE, id=declined, reason="No"))["accountRequestDecline"]["userErrors"] == []

    assert codes((await admin(APPROVE, id=approved))["accountRequestApprove"]) == [(["id"], "ALREADY_APPROVED")]
    assert codes((await admin(DECLINE, id=approved, reason="No"))["accountRequestDecline"]) == [
        (["id"], "ALREADY_APPROVED")]
    assert codes((await admin(APPROVE, id=declined))["accountRequestApprove"]) == [(["id"], "ALREADY_DECLINED")]
    assert codes((await admin(DECLINE, id=declined, reason="No"))["accountRequestDecline"]) == [
        (["id"], "ALREADY_DECLINED")]
    for unknown in ("gid://gateway/AccountRequest/999", "gid://gateway/Company/1", "nonsense"):
        assert codes((await admin(APPROVE, id=unknown))["accountRequestApprove"]) == [(["id"], "NOT_FOUND")]
    assert await count(db, Company) == 1
    assert len(await mails(db, "lena@nordictools.test", "invitation")) == 1
    assert len(await mails(db, "b@example.test", "account_request_declined")) == 1


async def test_a_direct_customer_with_the_email_becomes_the_contact_not_a_duplicate(
    storefront, admin, db, client  # noqa: ANN001
) -> None:
    from tests.catalog.helpers import login

    await login(db, client, "lena@nordictools.test")  # a D2C customer already
    gid = await submitted(storefront)
    request = (await admin(APPROVE, id=gid))["accountRequestApprove"]["accountRequest"]
    assert request["linkedExistingCompany"] is False and request["company"]["customerNumber"] == "K-10000"
    assert await count(db, Customer) == 1
