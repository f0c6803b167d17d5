"""viewer, selectLocation and logout on the Storefront API."""

from __future__ import annotations

from tests.auth.helpers import VIEWER, as_viewer, log_in
from tests.helpers import create_company

SELECT = """mutation($id: ID!) { selectLocation(locationId: $id) {
    location { id name } userErrors { field code message } } }"""
LOCATION_CREATE = """mutation($id: ID!, $name: String!) {
    companyLocationCreate(companyId: $id, input: {name: $name}) { companyLocation { id } userErrors { code } } }"""
ASSIGN = """mutation($contact: ID!, $location: ID!) { companyContactAssignRole(
    companyContactId: $contact, companyLocationId: $location, role: ORDERING_ONLY) { userErrors { code } } }"""
REVOKE = """mutation($contact: ID!, $location: ID!) {
    companyContactRevokeRole(companyContactId: $contact, companyLocationId: $location) { userErrors { code } } }"""
LOGOUT = "mutation { logout { userErrors { code } } }"


async def add_location(admin, company: dict, name: str, contact: str | None = None) -> str:
    payload = (await admin(LOCATION_CREATE, id=company["id"], name=name))["companyLocationCreate"]
    location = payload["companyLocation"]["id"]
    if contact:
        assert (await admin(ASSIGN, contact=contact, location=location))["companyContactAssignRole"]["userErrors"] == []
    return location


async def test_anonymous_viewer_is_null(storefront) -> None:
    assert (await storefront(VIEWER)) == {"viewer": None}


async def test_bad_token_is_refused(storefront) -> None:
    assert (await as_viewer(storefront, "gwc_forged").post(VIEWER)).status_code == 401


async def test_only_location_is_selected_automatically(storefront, admin, db) -> None:
    company = await create_company(admin, email="anna@acme.test")
    hq = company["locations"]["nodes"][0]
    me = (await as_viewer(storefront, await log_in(storefront, db, "anna@acme.test"))(VIEWER))["viewer"]
    assert me["locations"]["nodes"] == [hq]
    assert me["selectedLocation"] == hq
    assert [c["company"]["name"] for c in me["companyContacts"]] == ["Acme"]


async def test_select_among_locations_then_losing_the_role_drops_it(storefront, admin, db) -> None:
    company = await create_company(admin, email="anna@acme.test")
    contact = company["mainContact"]["id"]
    hq = company["locations"]["nodes"][0]["id"]
    depot = await add_location(admin, company, "Depot", contact)
    await add_location(admin, company, "No role here")
    viewer = as_viewer(storefront, await log_in(storefront, db, "anna@acme.test"))

    me = (await viewer(VIEWER))["viewer"]
    assert [n["id"] for n in me["locations"]["nodes"]] == [hq, depot]
    assert me["selectedLocation"] is None  # two locations: the buyer chooses

    payload = (await viewer(SELECT, id=depot))["selectLocation"]
    assert payload == {"location": {"id": depot, "name": "Depot"}, "userErrors": []}
    assert (await viewer(VIEWER))["viewer"]["selectedLocation"]["id"] == depot

    await admin(REVOKE, contact=contact, location=depot)
    me = (await viewer(VIEWER))["viewer"]
    assert [n["id"] for n in me["locations"]["nodes"]] == [hq]
    assert me["selectedLocation"]["id"] == hq  # the selection fell away; hq is the only one left


async def test_select_location_not_found_cases(storefront, admin, db) -> None:
    company = await create_company(admin, email="anna@acme.test")
    other = await create_company(admin, name="Other", email="olle@other.test")
    without_role = await add_location(admin, company, "No role here")
    viewer = as_viewer(storefront, await log_in(storefront, db, "anna@acme.test"))
    foreign = other["locations"]["nodes"][0]["id"]
    for location in (foreign, without_role, "gid://gateway/CompanyLocation/999999", company["id"], "garbage"):
        payload = (await viewer(SELECT, id=location))["selectLocation"]
        assert payload["location"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["locationId"], "NOT_FOUND")]
        assert payload["userErrors"][0]["message"] == "Location not found."


async def test_select_location_needs_a_login(storefront, admin) -> None:
    company = await create_company(admin, email="anna@acme.test")
    payload = (await storefront(SELECT, id=company["locations"]["nodes"][0]["id"]))["selectLocation"]
    assert [e["code"] for e in payload["userErrors"]] == ["LOGIN_REQUIRED"]


async def test_viewer_sees_no_other_customers_locations(storefront, admin, db) -> None:
    company = await create_company(admin, email="anna@acme.test")
    await admin(
        """mutation($id: ID!) { companyContactCreate(companyId: $id, input: {email: "cy@acme.test"}) {
            userErrors { code } } }""", id=company["id"],
    )
    viewer = as_viewer(storefront, await log_in(storefront, db, "cy@acme.test"))
    data = await viewer("""{ viewer { locations(first: 5) { nodes { id } } companyContacts { company {
        mainContact { customer { email locations(first: 5) { nodes { id } } selectedLocation { id } } } } } } }""")
    assert data["viewer"]["locations"]["nodes"] == []
    anna = data["viewer"]["companyContacts"][0]["company"]["mainContact"]["customer"]
    assert anna == {"email": "anna@acme.test", "locations": {"nodes": []}, "selectedLocation": None}


async def test_logout_revokes_the_token(storefront, db) -> None:
    token = await log_in(storefront, db, "anna@example.com")
    other = await log_in(storefront, db, "anna@example.com")
    viewer = as_viewer(storefront, token)
    assert (await viewer(LOGOUT))["logout"]["userErrors"] == []
    assert (await viewer.post(VIEWER)).status_code == 401
    assert (await as_viewer(storefront, other)(VIEWER))["viewer"]["email"] == "anna@example.com"


async def test_buyer_sees_only_its_own_locations_and_contact_of_its_company(storefront, admin, db) -> None:
    company = await create_company(admin, email="anna@acme.test")
    hq = company["locations"]["nodes"][0]["id"]
    await add_location(admin, company, "No role here")
    colleague = """mutation($id: ID!) { companyContactCreate(companyId: $id, input: {email: "bo@acme.test"}) {
        userErrors { code } } }"""
    assert (await admin(colleague, id=company["id"]))["companyContactCreate"]["userErrors"] == []
    query = """{ viewer { companyContacts { company {
        locations(first: 10) { nodes { id } } contacts(first: 10) { nodes { customer { email } } } } } } }"""
    viewer = as_viewer(storefront, await log_in(storefront, db, "anna@acme.test"))
    seen = (await viewer(query))["viewer"]["companyContacts"][0]["company"]
    assert seen["locations"]["nodes"] == [{"id": hq}]
    assert seen["contacts"]["nodes"] == [{"customer": {"email": "anna@acme.test"}}]

    # The merchant still sees the whole company.
    full = """query($id: ID!) { company(id: $id) { locations(first: 10) { nodes { id } } contacts(first: 10) { nodes { id } } } }"""
    whole = (await admin(full, id=company["id"]))["company"]
    assert len(whole["locations"]["nodes"]) == 2 and len(whole["contacts"]["nodes"]) == 2
