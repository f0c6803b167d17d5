"""companyCreate, companyUpdate, companyDelete and companyAssignMainContact through HTTP."""

import pytest

from tests.helpers import COMPANY_CREATE, ERRORS, codes, count, create_company, create_product

UPDATE = f"""mutation($id: ID!, $input: CompanyInput!) {{ companyUpdate(companyId: $id, input: $input) {{
    company {{ id name externalId note website creditLimit {{ amount currencyCode }} maxPaymentDays riskRating }}
    {ERRORS} }} }}"""
DELETE = f"mutation($id: ID!) {{ companyDelete(id: $id) {{ deletedCompanyId {ERRORS} }} }}"
READ = """query($id: ID!) { company(id: $id) { name externalId creditLimit { amount } note
    mainContact { id } } }"""


async def test_create_makes_company_location_and_contact_with_an_admin_role(admin):
    data = await admin(
        COMPANY_CREATE,
        input={
            "company": {"name": "  Acme AB ", "externalId": "ERP-1", "creditLimit": "1000.50"},
            "companyLocation": {"name": "Stockholm"},
            "companyContact": {"email": "Anna@Acme.se", "firstName": "Anna"},
        },
    )
    company = data["companyCreate"]["company"]
    assert company["name"] == "Acme AB"
    assert company["customerNumber"] == "K-10000"
    assert company["mainContact"]["customer"]["email"] == "anna@acme.se"
    location = company["locations"]["nodes"][0]
    roles = await admin(
        "query($id: ID!) { node(id: $id) { ... on CompanyLocation { roleAssignments { role companyContact { id } } } } }",
        id=location["id"],
    )
    assert roles["node"]["roleAssignments"] == [
        {"role": "LOCATION_ADMIN", "companyContact": {"id": company["mainContact"]["id"]}}
    ]


async def test_customer_numbers_follow_the_series(admin):
    first = await create_company(admin, "One", email=None)
    second = await create_company(admin, "Two", email=None, customerNumber="OWN-1")
    third = await create_company(admin, "Three", email=None)
    assert [first["customerNumber"], second["customerNumber"], third["customerNumber"]] == ["K-10000", "OWN-1", "K-10001"]


@pytest.mark.parametrize(
    ("company", "field", "code"),
    [
        ({"name": "  "}, ["input", "company", "name"], "BLANK"),
        ({"name": "x" * 256}, ["input", "company", "name"], "TOO_LONG"),
        ({"name": "A", "externalId": "x" * 65}, ["input", "company", "externalId"], "TOO_LONG"),
        ({"name": "A", "creditLimit": "-1"}, ["input", "company", "creditLimit"], "LESS_THAN"),
        ({"name": "A", "creditLimit": "1.001"}, ["input", "company", "creditLimit"], "INVALID"),
        ({"name": "A", "creditLimit": "1e20"}, ["input", "company", "creditLimit"], "GREATER_THAN"),
        ({"name": "A", "maxPaymentDays": -1}, ["input", "company", "maxPaymentDays"], "LESS_THAN"),
    ],
)
async def test_create_refuses_bad_company_fields_and_stores_nothing(admin, company, field, code):
    payload = (await admin(COMPANY_CREATE, input={"company": company}))["companyCreate"]
    assert payload["company"] is None
    assert codes(payload) == [(field, code)]
    assert await count(admin, "companies") == 0


async def test_a_bad_contact_email_leaves_no_company_location_or_customer(admin):
    payload = (await admin(COMPANY_CREATE, input={
        "company": {"name": "Acme"}, "companyLocation": {"name": "HQ"}, "companyContact": {"email": "not-an-email"},
    }))["companyCreate"]
    assert codes(payload) == [(["input", "companyContact", "email"], "INVALID")]
    assert await count(admin, "companies") == 0
    assert await count(admin, "customers") == 0
    # The failed attempt used no number of the series either.
    assert (await create_company(admin, email=None))["customerNumber"] == "K-10000"


async def test_a_bad_location_and_contact_are_reported_together(admin):
    payload = (await admin(COMPANY_CREATE, input={
        "company": {"name": "Acme"}, "companyLocation": {"name": ""}, "companyContact": {"email": ""},
    }))["companyCreate"]
    assert codes(payload) == [
        (["input", "companyLocation", "name"], "BLANK"), (["input", "companyContact", "email"], "BLANK"),
    ]
    assert await count(admin, "companies") == 0


@pytest.mark.parametrize("field", ["externalId", "customerNumber"])
async def test_external_ids_and_customer_numbers_are_unique(admin, field):
    await create_company(admin, "One", email=None, **{field: "ERP-1"})
    payload = (await admin(COMPANY_CREATE, input={"company": {"name": "Two", field: "ERP-1"}}))["companyCreate"]
    assert codes(payload) == [(["input", "company", field], "TAKEN")]
    assert await count(admin, "companies") == 1


async def test_the_same_customer_is_a_contact_of_two_companies(admin):
    one = await create_company(admin, "One", email="anna@acme.test")
    two = await create_company(admin, "Two", email="ANNA@acme.test")
    assert one["mainContact"]["customer"]["id"] == two["mainContact"]["customer"]["id"]
    data = await admin(
        "query($id: ID!) { customer(id: $id) { companyContacts { company { name } } } }",
        id=one["mainContact"]["customer"]["id"],
    )
    assert sorted(c["company"]["name"] for c in data["customer"]["companyContacts"]) == ["One", "Two"]
    assert await count(admin, "customers") == 1


async def test_update_changes_given_fields_only(admin):
    company = await create_company(admin, externalId="ERP-1")
    payload = (await admin(UPDATE, id=company["id"], input={
        "note": "Pays late", "creditLimit": "250", "riskRating": "HIGH", "maxPaymentDays": 60,
    }))["companyUpdate"]
    assert payload["userErrors"] == []
    assert payload["company"] == {
        "id": company["id"], "name": "Acme", "externalId": "ERP-1", "note": "Pays late", "website": None,
        "creditLimit": {"amount": "250.00", "currencyCode": "EUR"}, "maxPaymentDays": 60, "riskRating": "HIGH",
    }


async def test_update_refuses_bad_input_and_changes_nothing(admin):
    await create_company(admin, "Other", email=None, externalId="ERP-2")
    company = await create_company(admin, externalId="ERP-1", creditLimit="10")
    payload = (await admin(UPDATE, id=company["id"], input={
        "name": "", "externalId": "ERP-2", "creditLimit": "5", "note": "changed",
    }))["companyUpdate"]
    assert codes(payload) == [(["input", "name"], "BLANK"), (["input", "externalId"], "TAKEN")]
    assert (await admin(READ, id=company["id"]))["company"] == {
        "name": "Acme", "externalId": "ERP-1", "creditLimit": {"amount": "10.00"}, "note": None,
        "mainContact": {"id": company["mainContact"]["id"]},
    }


async def test_update_keeps_its_own_external_id(admin):
    company = await create_company(admin, externalId="ERP-1")
    payload = (await admin(UPDATE, id=company["id"], input={"externalId": "ERP-1"}))["companyUpdate"]
    assert payload["userErrors"] == []


@pytest.mark.parametrize("bad_id", ["gid://gateway/Company/999", "gid://gateway/Product/1", "nonsense"])
async def test_update_and_delete_answer_not_found_for_unknown_or_foreign_ids(admin, bad_id):
    await create_product(admin)  # gid://gateway/Product/1 exists: a foreign id, not a company's
    update = (await admin(UPDATE, id=bad_id, input={"name": "X"}))["companyUpdate"]
    assert codes(update) == [(["companyId"], "NOT_FOUND")]
    delete = (await admin(DELETE, id=bad_id))["companyDelete"]
    assert codes(delete) == [(["companyId"], "NOT_FOUND")]


async def test_delete_removes_the_company_with_its_locations_and_contacts(admin):
    company = await create_company(admin)
    keep = await create_company(admin, "Keep", email="anna@acme.test")
    payload = (await admin(DELETE, id=company["id"]))["companyDelete"]
    assert payload == {"deletedCompanyId": company["id"], "userErrors": []}
    assert (await admin(READ, id=company["id"]))["company"] is None
    location = company["locations"]["nodes"][0]["id"]
    assert (await admin("query($id: ID!) { node(id: $id) { id } }", id=location))["node"] is None
    # The customer stays: it is still a contact of the other company.
    assert (await admin(READ, id=keep["id"]))["company"]["mainContact"] == {"id": keep["mainContact"]["id"]}


async def test_assign_main_contact(admin):
    company = await create_company(admin)
    other = await create_company(admin, "Other", email="bo@other.test")
    contact = (await admin(
        f"""mutation($id: ID!) {{ companyContactCreate(companyId: $id, input: {{email: "cy@acme.test"}}) {{
            companyContact {{ id }} {ERRORS} }} }}""", id=company["id"],
    ))["companyContactCreate"]["companyContact"]
    assign = f"""mutation($company: ID!, $contact: ID!) {{
        companyAssignMainContact(companyId: $company, companyContactId: $contact) {{
            company {{ mainContact {{ id }} }} {ERRORS} }} }}"""
    payload = (await admin(assign, company=company["id"], contact=contact["id"]))["companyAssignMainContact"]
    assert payload == {"company": {"mainContact": {"id": contact["id"]}}, "userErrors": []}
    # Another company's contact is as unknown as a missing one.
    foreign = (await admin(assign, company=company["id"], contact=other["mainContact"]["id"]))
    assert codes(foreign["companyAssignMainContact"]) == [(["companyContactId"], "NOT_FOUND")]
    assert (await admin(READ, id=company["id"]))["company"]["mainContact"] == {"id": contact["id"]}


async def test_the_series_skips_numbers_given_by_hand(admin):
    await create_company(admin, "Manual", email=None, customerNumber="K-10000")
    assert (await create_company(admin, "Next", email=None))["customerNumber"] == "K-10001"
