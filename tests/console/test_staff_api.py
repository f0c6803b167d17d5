"""Staff members on the Admin API: everyone on the staff reads them, only an OWNER changes them, and
the shop always keeps an active OWNER."""

from __future__ import annotations

import uuid

from gateway.auth import staff_tokens
from tests.console.helpers import console_login, make_staff
from tests.helpers import ERRORS, GraphQLClient, codes

CREATE = f"""mutation($input: StaffMemberCreateInput!) {{ staffMemberCreate(input: $input) {{
    staffMember {{ id email role status }} {ERRORS} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: StaffMemberUpdateInput!) {{ staffMemberUpdate(id: $id, input: $input) {{
    staffMember {{ id email role status }} {ERRORS} }} }}"""
LIST = "{ staffMembers { email role status } }"


async def api(client, db, role: str) -> GraphQLClient:  # noqa: ANN001
    async with db.transaction() as session:
        token = await staff_tokens.create(session, f"t-{uuid.uuid4().hex[:8]}", role)
    return GraphQLClient(client, "/admin/graphql", token)


async def test_an_owner_adds_and_changes_staff_and_keeps_an_owner(client, db):
    owner = await api(client, db, "OWNER")
    made = (await owner(CREATE, input={"email": " Boss@Shop.test ", "role": "OWNER"}))["staffMemberCreate"]
    assert made["userErrors"] == [] and made["staffMember"]["email"] == "boss@shop.test"
    taken = (await owner(CREATE, input={"email": "boss@shop.test", "role": "VIEWER"}))["staffMemberCreate"]
    assert codes(taken) == [(["email"], "TAKEN")]
    bad = (await owner(CREATE, input={"email": "nope", "role": "VIEWER"}))["staffMemberCreate"]
    assert codes(bad) == [(["email"], "INVALID")]
    boss = made["staffMember"]["id"]
    last = (await owner(UPDATE, id=boss, input={"role": "MANAGER"}))["staffMemberUpdate"]
    assert codes(last) == [(["id"], "LAST_OWNER")]
    assert (await owner(LIST))["staffMembers"] == [{"email": "boss@shop.test", "role": "OWNER", "status": "ACTIVE"}]
    second = (await owner(CREATE, input={"email": "two@shop.test", "role": "OWNER"}))["staffMemberCreate"]
    assert second["userErrors"] == []
    done = (await owner(UPDATE, id=boss, input={"role": "VIEWER", "status": "DISABLED"}))["staffMemberUpdate"]
    assert done["userErrors"] == [] and done["staffMember"]["status"] == "DISABLED"
    missing = (await owner(UPDATE, id="gid://gateway/StaffMember/999", input={"role": "VIEWER"}))["staffMemberUpdate"]
    assert codes(missing) == [(["id"], "NOT_FOUND")]


async def test_managers_and_viewers_read_staff_but_change_none(client, db):
    await make_staff(db, "o@shop.test", "OWNER")
    for role in ("MANAGER", "VIEWER"):
        caller = await api(client, db, role)
        assert (await caller(LIST))["staffMembers"] == [{"email": "o@shop.test", "role": "OWNER", "status": "ACTIVE"}]
        [error] = await caller.errors(CREATE, input={"email": "x@shop.test", "role": "OWNER"})
        assert error["extensions"]["code"] == "FORBIDDEN"
    assert len((await caller(LIST))["staffMembers"]) == 1


async def test_disabling_through_the_api_ends_the_console_session(client, db):
    await make_staff(db, "m@shop.test", "MANAGER")
    me = await console_login(client, db, "m@shop.test")
    owner = await api(client, db, "OWNER")
    [member] = [m for m in (await owner("{ staffMembers { id email } }"))["staffMembers"]]
    assert (await owner(UPDATE, id=member["id"], input={"status": "DISABLED"}))["staffMemberUpdate"]["userErrors"] == []
    assert (await me.get("/console/drafts")).status_code == 303
