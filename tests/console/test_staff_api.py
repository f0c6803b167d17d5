"""Staff members on the Admin API: everyone on the staff reads them, only an OWNER changes them, and
the shop always keeps an active OWNER."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

import pytest
from sqlalchemy import select

from gateway.auth import staff, staff_tokens
from gateway.db.models import StaffMember
from gateway.platform.errors import DomainError
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


async def test_two_owners_demoting_each_other_at_once_leave_one_owner(db):
    """Each demotion waits, before it commits, until the other has done its check (or a second has
    passed, as when the other is waiting for our lock): without a lock both checks would count the
    other as an OWNER and the shop would be left with none."""
    if db.is_sqlite:
        pytest.skip("concurrent writers: PostgreSQL only (SQLite serialises writers)")
    async with db.transaction() as session:
        pair = [await staff.create(session, f"o{n}@shop.test", "OWNER") for n in (1, 2)]
    gids = [f"gid://gateway/StaffMember/{m.id}" for m in pair]
    checked = [asyncio.Event(), asyncio.Event()]

    async def demote(n: int) -> str:
        try:
            async with db.transaction() as session:
                try:
                    await staff.change(session, gids[n], "MANAGER", None)
                finally:
                    checked[n].set()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(checked[1 - n].wait(), 1)
        except DomainError as error:
            return error.problems[0].code
        return "OK"

    assert sorted(await asyncio.gather(demote(0), demote(1))) == ["LAST_OWNER", "OK"]
    async with db.reader() as session:
        owners = await session.scalars(select(StaffMember.email).where(StaffMember.role == "OWNER",
                                                                        StaffMember.status == "ACTIVE"))
        assert len(owners.all()) == 1


async def test_the_last_owner_cannot_be_disabled_from_the_command_line_either(db):
    """`gateway staff disable` goes through the same check as staffMemberUpdate."""
    await make_staff(db, "o@shop.test", "OWNER")
    with pytest.raises(DomainError) as refused:
        async with db.transaction() as session:
            await staff.disable(session, "o@shop.test")
    assert refused.value.problems[0].code == "LAST_OWNER"
    await make_staff(db, "two@shop.test", "OWNER")
    async with db.transaction() as session:
        assert (await staff.disable(session, "o@shop.test")).status == "DISABLED"
