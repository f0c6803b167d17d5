"""Account request helpers: submit on the Storefront API (anonymous), review on the Admin API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from gateway.app import create_app
from gateway.db.models import OutboxMessage
from tests.admin.helpers import ERRORS
from tests.checkout.conftest import MERCHANT, settings  # noqa: F401  (a merchant to notify)
from tests.conftest import GraphQLClient

REQUEST = f"""mutation($input: CompanyAccountRequestInput!) {{ companyAccountRequest(input: $input) {{
    accountRequest {{ id status }} {ERRORS} }} }}"""

FIELDS = """id status companyName orgNumber email firstName lastName phone message createdAt decidedAt
    declineReason linkedExistingCompany address { address1 city zip countryCode }
    company { id name customerNumber orgNumber externalId
      locations(first: 5) { nodes { id name billingAddress { address1 city countryCode }
        shippingAddress { address1 city countryCode }
        buyerExperienceConfiguration { paymentTermsTemplate { name } checkoutToDraft }
        roleAssignments { role companyContact { customer { email } } } } }
      contacts(first: 5) { nodes { id customer { email } } } }
    customer { id email firstName lastName phone status }"""

APPROVE = f"""mutation($id: ID!, $input: AccountRequestApproveInput) {{ accountRequestApprove(id: $id, input: $input) {{
    accountRequest {{ {FIELDS} }} {ERRORS} }} }}"""

DECLINE = f"""mutation($id: ID!, $reason: String!) {{ accountRequestDecline(id: $id, reason: $reason) {{
    accountRequest {{ {FIELDS} }} {ERRORS} }} }}"""

READ = f"query($id: ID!) {{ accountRequest(id: $id) {{ {FIELDS} }} }}"

ADDRESS = {"address1": "Storgatan 1", "city": "Malmö", "zip": "211 22", "countryCode": "se"}


def request_input(**overrides: Any) -> dict[str, Any]:
    values = {
        "companyName": "Nordic Tools AB", "orgNumber": "556677-8899", "email": "Lena@NordicTools.test",
        "firstName": "Lena", "lastName": "Berg", "phone": "+46 40 123 45", "address": ADDRESS,
        "message": "We buy bolts every month.",
    }
    values.update(overrides)
    return values


async def submit(storefront: GraphQLClient, **overrides: Any) -> dict[str, Any]:
    return (await storefront(REQUEST, input=request_input(**overrides)))["companyAccountRequest"]


async def submitted(storefront: GraphQLClient, **overrides: Any) -> str:
    payload = await submit(storefront, **overrides)
    assert payload["userErrors"] == [], payload
    return payload["accountRequest"]["id"]


async def mails(db, recipient: str, template: str | None = None) -> list[OutboxMessage]:  # noqa: ANN001
    async with db.reader() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)
        rows = list((await session.scalars(stmt)).all())
    return [r for r in rows if template is None or r.headers.get("X-Gateway-Template") == template]


@pytest.fixture
async def from_address(settings, db) -> AsyncIterator:  # noqa: ANN001
    """Make a storefront client whose requests come from another client address: make(host)."""
    opened: list[httpx.AsyncClient] = []

    def make(host: str) -> GraphQLClient:
        transport = httpx.ASGITransport(app=create_app(settings, db), client=(host, 4000))
        opened.append(httpx.AsyncClient(transport=transport, base_url="http://test"))
        return GraphQLClient(opened[-1], "/graphql", None)

    yield make
    for http in opened:
        await http.aclose()
