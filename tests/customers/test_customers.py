"""customerUpdate and customer reads through HTTP; disabling a customer ends its sessions."""

import pytest

from tests.auth.sessions import live_session
from tests.helpers import ERRORS, GraphQLClient, codes, create_company

UPDATE = f"""mutation($id: ID!, $input: CustomerInput!) {{ customerUpdate(customerId: $id, input: $input) {{
    customer {{ id email firstName lastName phone note status }} {ERRORS} }} }}"""
READ = "query($id: ID!) { customer(id: $id) { email firstName status note } }"


async def customer_id(admin, email: str = "anna@acme.test") -> str:
    return (await create_company(admin, f"Co {email}", email=email))["mainContact"]["customer"]["id"]


async def test_update_fields(admin):
    cid = await customer_id(admin)
    payload = (await admin(UPDATE, id=cid, input={
        "firstName": "Anna", "lastName": "Berg", "phone": "+46 8 123", "note": "VIP", "email": "Anna.Berg@acme.test",
    }))["customerUpdate"]
    assert payload["userErrors"] == []
    assert payload["customer"] == {
        "id": cid, "email": "anna.berg@acme.test", "firstName": "Anna", "lastName": "Berg", "phone": "+46 8 123",
        "note": "VIP", "status": None,
    }


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"email": "nope"}, ["input", "email"], "INVALID"),
        ({"email": "BO@acme.test"}, ["input", "email"], "TAKEN"),
        ({"firstName": "x" * 101}, ["input", "firstName"], "TOO_LONG"),
    ],
)
async def test_update_refuses_bad_input_and_changes_nothing(admin, input, field, code):
    await customer_id(admin, "bo@acme.test")
    cid = await customer_id(admin)
    payload = (await admin(UPDATE, id=cid, input={**input, "note": "changed", "status": "DISABLED"}))["customerUpdate"]
    assert codes(payload) == [(field, code)]
    assert (await admin(READ, id=cid))["customer"] == {
        "email": "anna@acme.test", "firstName": None, "status": None, "note": None,
    }


async def test_a_null_status_is_refused(admin):
    cid = await customer_id(admin)
    payload = (await admin(UPDATE, id=cid, input={"status": None}))["customerUpdate"]
    assert codes(payload) == [(["input", "status"], "BLANK")]


async def test_update_unknown_customer_is_not_found(admin):
    payload = await admin(UPDATE, id="gid://gateway/Company/1", input={"firstName": "X"})
    assert codes(payload["customerUpdate"]) == [(["customerId"], "NOT_FOUND")]


async def test_disabling_a_customer_ends_its_sessions(admin, client, db):
    cid = await customer_id(admin)
    token = await live_session(db, "anna@acme.test")
    buyer = GraphQLClient(client, "/graphql", token)
    assert (await buyer.post("{ shop { name } }")).status_code == 200
    payload = (await admin(UPDATE, id=cid, input={"status": "DISABLED"}))["customerUpdate"]
    assert payload["customer"]["status"] == "DISABLED"
    assert (await buyer.post("{ shop { name } }")).status_code == 401
    # Enabling again does not bring the old session back.
    await admin(UPDATE, id=cid, input={"status": "ACTIVE"})
    assert (await buyer.post("{ shop { name } }")).status_code == 401


async def test_customers_list_and_search(admin):
    await customer_id(admin, "anna@acme.test")
    await customer_id(admin, "bo@other.test")
    data = await admin('{ customers(first: 10, query: "OTHER") { nodes { email } } }')
    assert data["customers"]["nodes"] == [{"email": "bo@other.test"}]
