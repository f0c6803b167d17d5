"""customerInvite and companyContactCreate(sendInvitation: true): the welcome email and statuses."""

from __future__ import annotations

from gateway.outbox import worker
from tests.auth.helpers import log_in
from tests.helpers import create_company

INVITE = """mutation($id: ID!) { customerInvite(customerId: $id) {
    customer { id email status } userErrors { field code message } } }"""
STATUS = '{ customers(first: 10) { nodes { email status } } }'


async def statuses(admin) -> dict[str, str | None]:
    return {n["email"]: n["status"] for n in (await admin(STATUS))["customers"]["nodes"]}


async def test_invitation_email_explains_code_login_and_links_to_the_storefront(
    admin, storefront, db, settings, smtp
) -> None:
    await admin('mutation { shopUpdate(input: {name: "Bolt & Nut"}) { userErrors { code } } }')
    company = await create_company(admin, email="anna@acme.test")
    customer = company["mainContact"]["customer"]["id"]
    assert (await statuses(admin)) == {"anna@acme.test": None}

    payload = (await admin(INVITE, id=customer))["customerInvite"]
    assert payload["userErrors"] == [] and payload["customer"]["status"] == "INVITED"
    assert await worker.run_once(db, settings) == 1
    [message] = smtp.inbox.to("anna@acme.test")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert message["Subject"] == "Welcome to Bolt & Nut"
    assert "https://shop.example/login" in text and 'href="https://shop.example/login"' in html
    assert "six-digit code" in text and "Bolt & Nut" in text and "Bolt &amp; Nut" in html
    assert (await statuses(admin)) == {"anna@acme.test": "INVITED"}

    await log_in(storefront, db, "anna@acme.test")
    assert (await statuses(admin)) == {"anna@acme.test": "ACTIVE"}


async def test_contact_create_can_send_the_invitation(admin, db, settings, smtp) -> None:
    company = await create_company(admin, email="anna@acme.test")
    payload = (await admin(
        """mutation($id: ID!) { companyContactCreate(companyId: $id,
            input: {email: "cy@acme.test", firstName: "Cy", sendInvitation: true}) {
            companyContact { customer { status } } userErrors { code } } }""", id=company["id"],
    ))["companyContactCreate"]
    assert payload == {"companyContact": {"customer": {"status": "INVITED"}}, "userErrors": []}
    await worker.run_once(db, settings)
    [message] = smtp.inbox.messages
    assert message["To"] == "cy@acme.test"
    assert "Hello Cy," in message.get_body(("plain",)).get_content()


async def test_disabled_or_unknown_customers_cannot_be_invited(admin) -> None:
    company = await create_company(admin, email="anna@acme.test")
    customer = company["mainContact"]["customer"]["id"]
    await admin(
        "mutation($id: ID!) { customerUpdate(customerId: $id, input: {status: DISABLED}) { userErrors { code } } }",
        id=customer,
    )
    payload = (await admin(INVITE, id=customer))["customerInvite"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["customerId"], "CUSTOMER_DISABLED")]
    payload = (await admin(INVITE, id="gid://gateway/Customer/999999"))["customerInvite"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["customerId"], "NOT_FOUND")]


async def test_company_create_and_contact_update_can_send_the_invitation(admin, db, settings, smtp) -> None:
    payload = (await admin(
        """mutation { companyCreate(input: {company: {name: "Acme"}, companyLocation: {name: "HQ"},
            companyContact: {email: "dee@acme.test", sendInvitation: true}}) {
            company { mainContact { id customer { status } } } userErrors { code } } }"""
    ))["companyCreate"]
    assert payload["userErrors"] == []
    assert payload["company"]["mainContact"]["customer"]["status"] == "INVITED"
    await worker.run_once(db, settings)
    assert [m["To"] for m in smtp.inbox.messages] == ["dee@acme.test"]

    contact = payload["company"]["mainContact"]["id"]
    reminder = (await admin(
        """mutation($id: ID!) { companyContactUpdate(companyContactId: $id, input: {title: "Buyer", sendInvitation: true}) {
            userErrors { code } } }""", id=contact,
    ))["companyContactUpdate"]
    assert reminder["userErrors"] == []
    await worker.run_once(db, settings)
    assert [m["To"] for m in smtp.inbox.messages] == ["dee@acme.test", "dee@acme.test"]
