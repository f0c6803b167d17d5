"""The ERP account is the account: an email that is already a contact of an (imported) company gets
that company and its customer number, on approval of a request and on the first login."""

from __future__ import annotations

from sqlalchemy import func, select

from gateway.db.models import Company, CompanyContact, Customer
from tests.auth.helpers import as_viewer, log_in, mailed_code, request_code, verify
from tests.catalog.helpers import set_access_mode
from tests.customers.account_requests import APPROVE, mails, submitted
from tests.helpers import ERRORS, GraphQLClient, create_company

CONTACT_CREATE = f"""mutation($company: ID!, $input: CompanyContactInput!) {{
    companyContactCreate(companyId: $company, input: $input) {{ companyContact {{ id customer {{ id status }} }} {ERRORS} }} }}"""

VIEWER = """{ viewer { email status companyContacts { company { id name externalId customerNumber } }
    locations(first: 5) { nodes { id } } } }"""


async def erp_company(admin: GraphQLClient, email: str = "lena@nordictools.test") -> dict:
    """A company as the ERP import leaves it: external id, its own customer number, a location,
    and a contact for email that has never logged in."""
    company = await create_company(
        admin, name="Nordic Tools AB (ERP)", email=None, location="Main", externalId="ERP-4711", customerNumber="30042",
    )
    made = (await admin(CONTACT_CREATE, company=company["id"], input={"email": email, "firstName": "Lena"}))
    assert made["companyContactCreate"]["userErrors"] == []
    company["contact"] = made["companyContactCreate"]["companyContact"]
    return company


async def count(db, model) -> int:  # noqa: ANN001
    async with db.reader() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_approval_links_the_request_to_the_existing_erp_company(storefront, admin, db) -> None:
    await create_company(admin, name="Someone else", email="lena@nordictools.test", location="Their HQ")
    erp = await erp_company(admin)
    assert await count(db, Company) == 2 and await count(db, Customer) == 1
    gid = await submitted(storefront, email="LENA@nordictools.test", companyName="Nordic Tools")

    payload = (await admin(APPROVE, id=gid, input={"companyName": "Ignored", "customerNumber": "X-1"}))
    request = payload["accountRequestApprove"]["accountRequest"]
    assert payload["accountRequestApprove"]["userErrors"] == []
    assert (request["status"], request["linkedExistingCompany"]) == ("APPROVED", True)
    assert (request["company"]["id"], request["company"]["customerNumber"], request["company"]["externalId"]) == (
        erp["id"], "30042", "ERP-4711")  # the ERP company, though another company has the email too
    assert request["customer"]["id"] == erp["contact"]["customer"]["id"]
    assert (request["customer"]["lastName"], request["customer"]["status"]) == ("Berg", "INVITED")
    # nothing new: no company, no customer, no contact
    assert await count(db, Company) == 2 and await count(db, Customer) == 1 and await count(db, CompanyContact) == 2
    # the contact had no role: it gets the default one on the company's location
    [location] = request["company"]["locations"]["nodes"]
    assert [a["role"] for a in location["roleAssignments"]] == ["LOCATION_ADMIN"]
    assert len(await mails(db, "lena@nordictools.test", "invitation")) == 1


async def test_a_linked_contact_keeps_the_roles_it_has(storefront, admin, db) -> None:
    erp = await erp_company(admin)
    location = erp["locations"]["nodes"][0]["id"]
    assign = """mutation($c: ID!, $l: ID!) { companyContactAssignRole(companyContactId: $c, companyLocationId: $l,
        role: ORDERING_ONLY) { userErrors { code } } }"""
    await admin(assign, c=erp["contact"]["id"], l=location)
    gid = await submitted(storefront)
    request = (await admin(APPROVE, id=gid, input={"role": "LOCATION_ADMIN"}))["accountRequestApprove"]["accountRequest"]
    assert request["linkedExistingCompany"] is True
    assert [a["role"] for a in request["company"]["locations"]["nodes"][0]["roleAssignments"]] == ["ORDERING_ONLY"]


async def test_the_first_login_of_an_imported_contact_gets_its_erp_company(storefront, admin, db) -> None:
    erp = await erp_company(admin)
    assert erp["contact"]["customer"]["status"] is None  # imported, never invited nor logged in
    await set_access_mode(db, "B2B_ONLY")  # only known business customers may log in at all
    token = await log_in(storefront, db, "Lena@NordicTools.test")
    viewer = (await as_viewer(storefront, token)(VIEWER))["viewer"]
    assert (viewer["email"], viewer["status"]) == ("lena@nordictools.test", "ACTIVE")
    assert viewer["companyContacts"] == [{"company": {
        "id": erp["id"], "name": "Nordic Tools AB (ERP)", "externalId": "ERP-4711", "customerNumber": "30042"}}]
    assert await count(db, Customer) == 1 and await count(db, Company) == 1


async def test_an_unknown_email_cannot_log_in_to_a_b2b_only_shop(storefront, admin, db) -> None:
    await erp_company(admin)
    await set_access_mode(db, "B2B_ONLY")
    assert (await request_code(storefront, "stranger@example.test"))["userErrors"] == []
    payload = await verify(storefront, "stranger@example.test", await mailed_code(db, "stranger@example.test"))
    assert [e["code"] for e in payload["userErrors"]] == ["NOT_B2B_CUSTOMER"]


ERP_ROW = {
    "company_external_id": "ERP-4711", "company_name": "Nordic Tools AB (ERP)", "customer_number": "30042",
    "location_external_id": "ERP-4711-1", "location_name": "Main", "contact_email": "lena@nordictools.test",
    "contact_first_name": "Lena",
}


async def imported_erp_company(admin: GraphQLClient) -> dict:
    """The ERP company as registerImport leaves it (no role for the contact: the file gives none)."""
    from tests.customers.helpers import register_import, rows_csv

    other = {"company_external_id": "ERP-1", "company_name": "Other AB", "location_external_id": "ERP-1-1",
             "location_name": "Other", "contact_email": "olle@other.test"}
    result = await register_import(admin, rows_csv([ERP_ROW, other]))
    assert result["imported"] is True and result["companies"]["created"] == 2
    read = """{ companies(first: 5, query: "ERP-4711") { nodes { id customerNumber externalId
        contacts(first: 5) { nodes { id customer { id email status } } } } } }"""
    [company] = (await admin(read))["companies"]["nodes"]
    return company


async def test_approval_links_a_request_to_the_company_imported_from_the_erp(storefront, admin, db) -> None:
    erp = await imported_erp_company(admin)
    [contact] = erp["contacts"]["nodes"]
    assert await count(db, Company) == 2 and await count(db, Customer) == 2
    gid = await submitted(storefront, email="Lena@NordicTools.test", companyName="Nordic Tools")
    payload = (await admin(APPROVE, id=gid, input={"companyName": "Ignored"}))["accountRequestApprove"]
    assert payload["userErrors"] == []
    request = payload["accountRequest"]
    assert (request["status"], request["linkedExistingCompany"]) == ("APPROVED", True)
    assert (request["company"]["id"], request["company"]["customerNumber"], request["company"]["externalId"]) == (
        erp["id"], "30042", "ERP-4711")
    assert request["customer"]["id"] == contact["customer"]["id"] and request["customer"]["status"] == "INVITED"
    # no duplicate: the same companies, customers and contacts as the import made
    assert (await count(db, Company), await count(db, Customer), await count(db, CompanyContact)) == (2, 2, 2)
    [location] = request["company"]["locations"]["nodes"]
    assert [(a["role"], a["companyContact"]["customer"]["email"]) for a in location["roleAssignments"]] == [
        ("LOCATION_ADMIN", "lena@nordictools.test")]
    assert len(await mails(db, "lena@nordictools.test", "invitation")) == 1


async def test_the_first_login_of_a_contact_imported_from_the_erp_gets_its_company(storefront, admin, db) -> None:
    erp = await imported_erp_company(admin)
    await set_access_mode(db, "B2B_ONLY")
    token = await log_in(storefront, db, "LENA@nordictools.test")
    viewer = (await as_viewer(storefront, token)(VIEWER))["viewer"]
    assert (viewer["email"], viewer["status"]) == ("lena@nordictools.test", "ACTIVE")
    assert viewer["companyContacts"] == [{"company": {
        "id": erp["id"], "name": "Nordic Tools AB (ERP)", "externalId": "ERP-4711", "customerNumber": "30042"}}]
    assert await count(db, Customer) == 2 and await count(db, Company) == 2 and await count(db, CompanyContact) == 2
