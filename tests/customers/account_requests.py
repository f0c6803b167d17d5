"""Account request helpers: submit on the Storefront API (anonymous), review on the Admin API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gateway.db.models import OutboxMessage
from tests.helpers import ERRORS, GraphQLClient

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
