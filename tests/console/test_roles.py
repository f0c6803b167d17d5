"""Staff roles on the Admin API itself: one check where the Admin schema is assembled, for tokens,
console sessions and console pages alike. A VIEWER reads and never changes anything."""

from __future__ import annotations

import uuid

from gateway.auth import staff_tokens
from tests.helpers import GraphQLClient, create_company
from tests.orders.test_admin_orders import submit_draft

COMPANY = 'mutation { companyCreate(input: { company: { name: "Nope" } }) { company { id } userErrors { code } } }'


async def token(db, role: str) -> str:  # noqa: ANN001
    async with db.transaction() as session:
        return await staff_tokens.create(session, f"token-{role}-{uuid.uuid4().hex[:6]}", role)


async def test_a_viewer_token_reads_but_runs_no_mutation(client, db, admin):
    await create_company(admin)
    viewer = GraphQLClient(client, "/admin/graphql", await token(db, "VIEWER"))
    assert (await viewer("{ companies(first: 5) { nodes { name } } }"))["companies"]["nodes"] == [{"name": "Acme"}]
    response = await viewer.post(COMPANY)
    assert response.status_code == 200 and response.json()["data"] is None
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await viewer("{ companies(first: 5) { nodes { name } } }"))["companies"]["nodes"] == [{"name": "Acme"}]


async def test_fragments_and_aliases_do_not_hide_a_mutation_from_the_check(client, db, admin):
    viewer = GraphQLClient(client, "/admin/graphql", await token(db, "VIEWER"))
    document = """mutation M { ...F }
      fragment F on Mutation { x: companyCreate(input: { company: { name: "Nope" } }) { company { id } } }"""
    assert (await viewer.errors(document))[0]["extensions"]["code"] == "FORBIDDEN"
    assert (await admin("{ companies(first: 5) { nodes { name } } }"))["companies"]["nodes"] == []


async def test_new_tokens_without_a_role_run_the_shop(client, db):
    async with db.transaction() as session:
        made = await staff_tokens.create(session, "no-role")
    manager = GraphQLClient(client, "/admin/graphql", made)
    payload = (await manager(COMPANY))["companyCreate"]
    assert payload["userErrors"] == [] and payload["company"]["id"]
    async with db.reader() as session:
        assert [t.role for t in await staff_tokens.list_all(session)] == ["MANAGER"]


async def test_a_viewer_cannot_approve_a_draft_through_the_api(acme, admin, client, db):
    draft = await submit_draft(acme, admin)
    viewer = GraphQLClient(client, "/admin/graphql", await token(db, "VIEWER"))
    refused = await viewer.errors("mutation($id: ID!) { draftOrderComplete(id: $id) { order { id } } }", id=draft)
    assert refused[0]["extensions"]["code"] == "FORBIDDEN"
    status = (await admin("query($id: ID!) { draftOrder(id: $id) { status } }", id=draft))["draftOrder"]["status"]
    assert status == "OPEN"
