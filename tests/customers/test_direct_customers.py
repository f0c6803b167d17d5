"""The merchant's direct customers (issue 14, points 4 and 5): customerCreate with an invitation,
customerDelete, the record (orders, groups, addresses, consents, the log of emails sent to it), and
consents set by the customer and by staff."""

from __future__ import annotations

from sqlalchemy import select

from gateway.db.models import Order
from tests.auth.helpers import log_in, request_code
from tests.customers.groups import CUSTOMER_CREATE, create_customer, create_group
from tests.helpers import ERRORS, GraphQLClient, codes, create_company
from tests.orders.helpers import add_card, checkout, new_cart

DELETE = f"mutation($id: ID!) {{ customerDelete(customerId: $id) {{ deletedId {ERRORS} }} }}"
UPDATE = f"""mutation($id: ID!, $input: CustomerInput!) {{ customerUpdate(customerId: $id, input: $input) {{
    customer {{ firstName phone note emailMarketingConsent emailMarketingConsentUpdatedAt acceptsPartnerOffers }}
    {ERRORS} }} }}"""
RECORD = """query($id: ID!) { customer(id: $id) { email firstName lastName phone note status customerNumber
    groups { name } emailMarketingConsent acceptsPartnerOffers addresses { city isDefault }
    orders(first: 5) { nodes { name } } emails(first: 10) { nodes { subject bodyText status } } } }"""
OWN_UPDATE = f"""mutation($input: CustomerNameInput!) {{ customerUpdate(input: $input) {{
    customer {{ firstName phone emailMarketingConsent emailMarketingConsentUpdatedAt acceptsPartnerOffers }}
    {ERRORS} }} }}"""


async def test_create_with_groups_consents_and_an_invitation(admin, db):
    retail = await create_group(admin, "Retail")
    eva = await create_customer(
        admin, "Eva@Home.test", firstName="Eva", lastName="Ek", phone="+46 70 1", note="Met at the fair",
        customerGroupIds=[retail["id"]], emailMarketingConsent="SUBSCRIBED", acceptsPartnerOffers=True,
        sendInvitation=True,
    )
    assert eva["email"] == "eva@home.test" and eva["status"] == "INVITED"
    assert eva["groups"] == [{"name": "Retail"}]
    assert (eva["emailMarketingConsent"], eva["acceptsPartnerOffers"]) == ("SUBSCRIBED", True)
    record = (await admin(RECORD, id=eva["id"]))["customer"]
    assert record["note"] == "Met at the fair" and record["phone"] == "+46 70 1"
    [mail] = record["emails"]["nodes"]
    assert "invited" in mail["bodyText"] and mail["status"] == "PENDING"


async def test_create_refuses_bad_input_and_changes_nothing(admin):
    await create_customer(admin, "eva@home.test")
    cases = [
        ({"email": "EVA@home.test"}, [(["input", "email"], "TAKEN")]),
        ({"email": "nope"}, [(["input", "email"], "INVALID")]),
        ({"email": "new@home.test", "customerGroupIds": ["gid://gateway/CustomerGroup/9"]},
         [(["input", "customerGroupIds", "0"], "NOT_FOUND")]),
        ({"email": "new@home.test", "firstName": "x" * 101}, [(["input", "firstName"], "TOO_LONG")]),
    ]
    for data, expected in cases:
        assert codes((await admin(CUSTOMER_CREATE, input=data))["customerCreate"]) == expected, data
    listed = await admin("{ customers(first: 5) { nodes { email } } }")
    assert listed["customers"]["nodes"] == [{"email": "eva@home.test"}]


async def test_the_log_of_emails_never_shows_a_login_code(admin, storefront, db):
    eva = await create_customer(admin, "eva@home.test")
    await request_code(storefront, "eva@home.test")
    [mail] = (await admin(RECORD, id=eva["id"]))["customer"]["emails"]["nodes"]
    assert "[erased]" in mail["subject"] and "[erased]" in mail["bodyText"]
    assert not any(ch.isdigit() for ch in mail["subject"].replace("[erased]", ""))


async def test_delete_keeps_its_orders_anonymised_and_is_irreversible(admin, storefront, db):
    eva = await create_customer(admin, "eva@home.test", firstName="Eva")
    token = await log_in(storefront, db, "eva@home.test")
    buyer = GraphQLClient(storefront.http, storefront.path, token)
    product = (await admin("""mutation { productCreate(input: {title: "Bolt", variants: [{sku: "B", price: "5"}]}) {
        product { variants { id } } } }"""))["productCreate"]["product"]
    order = (await checkout(buyer, await new_cart(buyer, product["variants"][0]), await add_card(buyer)))["order"]
    assert (await admin(RECORD, id=eva["id"]))["customer"]["orders"]["nodes"] == [{"name": order["name"]}]
    deleted = (await admin(DELETE, id=eva["id"]))["customerDelete"]
    assert deleted == {"deletedId": eva["id"], "userErrors": []}
    assert (await storefront.post("{ shop { name } }", )).status_code == 200
    assert (await buyer.post("{ viewer { id } }")).status_code == 401  # its sessions are gone
    async with db.reader() as session:
        kept = await session.scalar(select(Order).where(Order.name == order["name"]))
    assert kept is not None and kept.email is None and kept.total == 500
    record = (await admin(RECORD, id=eva["id"]))["customer"]
    assert record["status"] == "DELETED" and record["firstName"] is None and record["email"].endswith("@invalid")
    assert codes((await admin(DELETE, id=eva["id"]))["customerDelete"]) == [(["customerId"], "NOT_FOUND")]
    # The email is free again: a new customer, with nothing of the old one.
    again = await create_customer(admin, "eva@home.test")
    assert again["id"] != eva["id"] and again["firstName"] is None


async def test_delete_refuses_a_main_contact(admin):
    company = await create_company(admin)
    anna = company["mainContact"]["customer"]
    refused = (await admin(DELETE, id=anna["id"]))["customerDelete"]
    assert codes(refused) == [(["customerId"], "MAIN_CONTACT")]
    assert "main contact of Acme" in refused["userErrors"][0]["message"]


async def test_consents_set_by_staff_and_by_the_customer(admin, storefront, db):
    eva = await create_customer(admin, "eva@home.test")
    assert eva["emailMarketingConsent"] == "NOT_SUBSCRIBED" and eva["acceptsPartnerOffers"] is False
    staff = (await admin(UPDATE, id=eva["id"], input={"emailMarketingConsent": "SUBSCRIBED"}))["customerUpdate"]
    assert staff["userErrors"] == [] and staff["customer"]["emailMarketingConsentUpdatedAt"] is not None
    changed_at = staff["customer"]["emailMarketingConsentUpdatedAt"]
    same = (await admin(UPDATE, id=eva["id"], input={"emailMarketingConsent": "SUBSCRIBED"}))["customerUpdate"]
    assert same["customer"]["emailMarketingConsentUpdatedAt"] == changed_at  # no change, no new time
    buyer = GraphQLClient(storefront.http, storefront.path, await log_in(storefront, db, "eva@home.test"))
    own = (await buyer(OWN_UPDATE, input={"emailMarketingConsent": "UNSUBSCRIBED", "acceptsPartnerOffers": True,
                                          "phone": "+46 8 5", "firstName": "Eva"}))["customerUpdate"]
    assert own["userErrors"] == []
    assert own["customer"]["emailMarketingConsent"] == "UNSUBSCRIBED" and own["customer"]["acceptsPartnerOffers"]
    assert own["customer"]["phone"] == "+46 8 5"
    refused = (await buyer(OWN_UPDATE, input={"acceptsPartnerOffers": None}))["customerUpdate"]
    assert codes(refused) == [(["input", "acceptsPartnerOffers"], "BLANK")]
    exported = (await admin("{ customersExport }"))["customersExport"].splitlines()
    assert exported[0].startswith("email,first_name,last_name,phone,customer_number,status,groups,"
                                  "email_marketing_consent,")
    assert ",UNSUBSCRIBED," in exported[1] and ",true," in exported[1]
