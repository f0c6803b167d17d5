"""Company contacts and their roles on locations, through HTTP."""

import pytest

from tests.helpers import ERRORS, codes, create_company

CREATE = f"""mutation($id: ID!, $input: CompanyContactInput!) {{
    companyContactCreate(companyId: $id, input: $input) {{
      companyContact {{ id title customer {{ email firstName lastName }} company {{ id }} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: CompanyContactInput!) {{
    companyContactUpdate(companyContactId: $id, input: $input) {{
      companyContact {{ id title customer {{ firstName }} }} {ERRORS} }} }}"""
DELETE = f"""mutation($id: ID!) {{ companyContactDelete(companyContactId: $id) {{
    deletedCompanyContactId {ERRORS} }} }}"""
ASSIGN = f"""mutation($contact: ID!, $location: ID!, $role: CompanyContactRoleName!) {{
    companyContactAssignRole(companyContactId: $contact, companyLocationId: $location, role: $role) {{
      companyContactRoleAssignment {{ id role companyContact {{ id }} companyLocation {{ id }} }} {ERRORS} }} }}"""
REVOKE = f"""mutation($contact: ID!, $location: ID!) {{
    companyContactRevokeRole(companyContactId: $contact, companyLocationId: $location) {{
      revokedCompanyContactRoleAssignmentId {ERRORS} }} }}"""
ROLES = """query($id: ID!) { node(id: $id) { ... on CompanyContact { roleAssignments { role
    companyLocation { id } } } } }"""
CONTACTS = "query($id: ID!) { company(id: $id) { contacts(first: 10) { nodes { id title } } } }"


async def add_contact(admin, company_id: str, email: str, **extra) -> dict:
    payload = (await admin(CREATE, id=company_id, input={"email": email, **extra}))["companyContactCreate"]
    assert payload["userErrors"] == []
    return payload["companyContact"]


async def test_create_links_a_new_customer(admin):
    company = await create_company(admin)
    contact = await add_contact(admin, company["id"], " Bo@Acme.TEST ", firstName="Bo", title="Buyer")
    assert contact["customer"] == {"email": "bo@acme.test", "firstName": "Bo", "lastName": None}
    assert contact["title"] == "Buyer" and contact["company"] == {"id": company["id"]}


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"email": ""}, ["input", "email"], "BLANK"),
        ({"email": "bo@acme"}, ["input", "email"], "INVALID"),
        ({"email": "b o@acme.test"}, ["input", "email"], "INVALID"),
        ({"email": "bo@acme.test", "title": "x" * 101}, ["input", "title"], "TOO_LONG"),
        ({"email": "ANNA@acme.test"}, ["input", "email"], "TAKEN"),
    ],
)
async def test_create_refuses_bad_input_and_adds_no_contact(admin, input, field, code):
    company = await create_company(admin, email="anna@acme.test")
    payload = (await admin(CREATE, id=company["id"], input=input))["companyContactCreate"]
    assert codes(payload) == [(field, code)]
    assert len((await admin(CONTACTS, id=company["id"]))["company"]["contacts"]["nodes"]) == 1


async def test_create_on_unknown_company_is_not_found(admin):
    payload = (await admin(CREATE, id="gid://gateway/Company/77", input={"email": "bo@acme.test"}))
    assert codes(payload["companyContactCreate"]) == [(["companyId"], "NOT_FOUND")]


async def test_update_sets_title_and_the_customer_name(admin):
    company = await create_company(admin)
    payload = (await admin(UPDATE, id=company["mainContact"]["id"], input={"title": "CFO", "firstName": "Anna"}))
    assert payload["companyContactUpdate"] == {
        "companyContact": {"id": company["mainContact"]["id"], "title": "CFO", "customer": {"firstName": "Anna"}},
        "userErrors": [],
    }
    bad = (await admin(UPDATE, id=company["mainContact"]["id"], input={"title": "x" * 101}))["companyContactUpdate"]
    assert codes(bad) == [(["input", "title"], "TOO_LONG")]
    assert (await admin(CONTACTS, id=company["id"]))["company"]["contacts"]["nodes"][0]["title"] == "CFO"


async def test_delete_removes_the_contact_and_clears_the_main_contact(admin):
    company = await create_company(admin)
    contact_id = company["mainContact"]["id"]
    payload = (await admin(DELETE, id=contact_id))["companyContactDelete"]
    assert payload == {"deletedCompanyContactId": contact_id, "userErrors": []}
    data = await admin("query($id: ID!) { company(id: $id) { mainContact { id } contacts(first: 5) { nodes { id } } } }",
                       id=company["id"])
    assert data["company"] == {"mainContact": None, "contacts": {"nodes": []}}
    assert codes((await admin(DELETE, id=contact_id))["companyContactDelete"]) == [(["companyContactId"], "NOT_FOUND")]


async def test_assign_change_and_revoke_a_role(admin):
    company = await create_company(admin)
    location = company["locations"]["nodes"][0]["id"]
    contact = await add_contact(admin, company["id"], "bo@acme.test")
    assigned = (await admin(ASSIGN, contact=contact["id"], location=location, role="ORDERING_ONLY"))
    assert assigned["companyContactAssignRole"]["userErrors"] == []
    assert assigned["companyContactAssignRole"]["companyContactRoleAssignment"]["role"] == "ORDERING_ONLY"
    changed = (await admin(ASSIGN, contact=contact["id"], location=location, role="LOCATION_ADMIN"))
    assert changed["companyContactAssignRole"]["companyContactRoleAssignment"]["role"] == "LOCATION_ADMIN"
    assert (await admin(ROLES, id=contact["id"]))["node"]["roleAssignments"] == [
        {"role": "LOCATION_ADMIN", "companyLocation": {"id": location}}
    ]
    revoked = (await admin(REVOKE, contact=contact["id"], location=location))["companyContactRevokeRole"]
    assert revoked["userErrors"] == []
    assert revoked["revokedCompanyContactRoleAssignmentId"] == (
        changed["companyContactAssignRole"]["companyContactRoleAssignment"]["id"]
    )
    assert (await admin(ROLES, id=contact["id"]))["node"]["roleAssignments"] == []
    again = (await admin(REVOKE, contact=contact["id"], location=location))["companyContactRevokeRole"]
    assert codes(again) == [(["companyLocationId"], "NOT_FOUND")]


async def test_a_role_on_another_companys_location_is_not_found(admin):
    company = await create_company(admin)
    other = await create_company(admin, "Other", email="bo@other.test")
    payload = (await admin(
        ASSIGN, contact=company["mainContact"]["id"], location=other["locations"]["nodes"][0]["id"], role="ORDERING_ONLY",
    ))["companyContactAssignRole"]
    assert codes(payload) == [(["companyLocationId"], "NOT_FOUND")]
    unknown = (await admin(
        ASSIGN, contact="gid://gateway/CompanyContact/999", location=company["locations"]["nodes"][0]["id"],
        role="ORDERING_ONLY",
    ))["companyContactAssignRole"]
    assert codes(unknown) == [(["companyContactId"], "NOT_FOUND")]
    assert (await admin(ROLES, id=company["mainContact"]["id"]))["node"]["roleAssignments"] == [
        {"role": "LOCATION_ADMIN", "companyLocation": {"id": company["locations"]["nodes"][0]["id"]}}
    ]
