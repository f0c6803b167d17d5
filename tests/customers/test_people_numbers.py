"""Customer numbers for people (issue 14, point 3): from the shop's series when assignCustomerNumbers
is on, for customers the merchant makes and those who register themselves, or typed by hand; one
register of numbers with companies, never reused; distinct under concurrent creation."""

from __future__ import annotations

import asyncio

import pytest

from tests.auth.helpers import log_in
from tests.customers.groups import CUSTOMER_CREATE, create_customer, create_group, shop_update
from tests.helpers import ERRORS, codes, create_company

UPDATE = f"""mutation($id: ID!, $input: CustomerInput!) {{ customerUpdate(customerId: $id, input: $input) {{
    customer {{ customerNumber }} {ERRORS} }} }}"""
DELETE = f"mutation($id: ID!) {{ customerDelete(customerId: $id) {{ deletedId {ERRORS} }} }}"
COMPANY_DELETE = "mutation($id: ID!) { companyDelete(id: $id) { userErrors { code } } }"


async def test_people_get_no_number_unless_the_shop_assigns_them(admin):
    assert (await create_customer(admin, "eva@home.test"))["customerNumber"] is None
    assert (await shop_update(admin, assignCustomerNumbers=True))["shop"]["assignCustomerNumbers"] is True
    assert (await create_customer(admin, "olle@home.test"))["customerNumber"] == "K-10000"
    assert (await create_company(admin, "Acme", email=None))["customerNumber"] == "K-10001"  # one series
    assert (await create_customer(admin, "ida@home.test", customerNumber="P-7"))["customerNumber"] == "P-7"


async def test_a_number_is_unique_across_companies_and_people_and_never_reused(admin):
    company = await create_company(admin, "Acme", email=None)
    clash = (await admin(CUSTOMER_CREATE, input={"email": "eva@home.test", "customerNumber": "K-10000"}))
    assert codes(clash["customerCreate"]) == [(["input", "customerNumber"], "TAKEN")]
    assert "belongs to another company" in clash["customerCreate"]["userErrors"][0]["message"]
    eva = await create_customer(admin, "eva@home.test", customerNumber="P-1")
    taken = (await admin(UPDATE, id=(await create_customer(admin, "olle@home.test"))["id"],
                         input={"customerNumber": "P-1"}))["customerUpdate"]
    assert codes(taken) == [(["input", "customerNumber"], "TAKEN")]
    assert "belongs to a customer" in taken["userErrors"][0]["message"]
    company_taking = await admin("""mutation($id: ID!) { companyUpdate(companyId: $id, input: {customerNumber: "P-1"}) {
        userErrors { field code } } }""", id=company["id"])
    assert codes(company_taking["companyUpdate"]) == [(["input", "customerNumber"], "TAKEN")]
    # Renumbered, P-1 stays eva's to take back, and nobody else's; deleted, it is nobody's again.
    assert (await admin(UPDATE, id=eva["id"], input={"customerNumber": "P-2"}))["customerUpdate"]["userErrors"] == []
    assert codes((await admin(UPDATE, id=(await create_customer(admin, "ida@home.test"))["id"],
                              input={"customerNumber": "P-1"}))["customerUpdate"]) == [
        (["input", "customerNumber"], "TAKEN")]
    back = (await admin(UPDATE, id=eva["id"], input={"customerNumber": "P-1"}))["customerUpdate"]
    assert back == {"customer": {"customerNumber": "P-1"}, "userErrors": []}
    assert (await admin(DELETE, id=eva["id"]))["customerDelete"]["userErrors"] == []
    again = await admin(CUSTOMER_CREATE, input={"email": "new@home.test", "customerNumber": "P-1"})
    assert "was given to a customer before" in again["customerCreate"]["userErrors"][0]["message"]


async def test_a_self_registered_customer_gets_a_number_and_the_default_group(admin, storefront, db):
    retail = await create_group(admin, "Retail")
    await shop_update(admin, assignCustomerNumbers=True, defaultCustomerGroupId=retail["id"])
    token = await log_in(storefront, db, "new@home.test")
    viewer = storefront.__class__(storefront.http, storefront.path, token)
    data = await viewer("{ viewer { email customerNumber groups { name } } }")
    assert data["viewer"] == {"email": "new@home.test", "customerNumber": "K-10000", "groups": [{"name": "Retail"}]}
    # A second login is no new registration: the same number, still one membership.
    await log_in(storefront, db, "new@home.test")
    record = await admin('{ customers(first: 5) { nodes { email customerNumber groups { name } } } }')
    assert record["customers"]["nodes"] == [
        {"email": "new@home.test", "customerNumber": "K-10000", "groups": [{"name": "Retail"}]}]


async def test_twenty_concurrent_customer_creations_get_distinct_numbers(admin, db):
    if db.is_sqlite:
        pytest.skip("concurrent writers: PostgreSQL only (SQLite serialises writers)")
    await shop_update(admin, assignCustomerNumbers=True)
    payloads = await asyncio.gather(*(
        admin(CUSTOMER_CREATE, input={"email": f"p{n}@home.test"}) if n % 2 else
        admin("""mutation($input: CompanyCreateInput!) { companyCreate(input: $input) {
            company { customerNumber } userErrors { code } } }""", input={"company": {"name": f"Co {n}"}})
        for n in range(20)
    ))
    created = [p.get("customerCreate") or p["companyCreate"] for p in payloads]
    assert all(c["userErrors"] == [] for c in created), created
    numbers = [(c.get("customer") or c.get("company"))["customerNumber"] for c in created]
    assert sorted(numbers) == [f"K-{10000 + n}" for n in range(20)]
