"""Account fixtures: Acme's buyer anna (LOCATION_ADMIN of HQ, tests/catalog/conftest.py) with a card,
colleagues with a role on a location, and orders placed through the Storefront API."""

from __future__ import annotations

from typing import Any

from tests.catalog.helpers import login
from tests.helpers import ERRORS, GraphQLClient
from tests.orders.helpers import CART_CREATE, add_card, checkout

CONTACT_CREATE = f"""mutation($company: ID!, $email: String!) {{
    companyContactCreate(companyId: $company, input: {{email: $email}}) {{ companyContact {{ id }} {ERRORS} }} }}"""

ASSIGN_ROLE = f"""mutation($contact: ID!, $location: ID!, $role: CompanyContactRoleName!) {{
    companyContactAssignRole(companyContactId: $contact, companyLocationId: $location, role: $role) {{ {ERRORS} }} }}"""

LOCATION_CREATE = f"""mutation($company: ID!, $name: String!) {{
    companyLocationCreate(companyId: $company, input: {{name: $name}}) {{ companyLocation {{ id }} {ERRORS} }} }}"""


async def company_id(admin: GraphQLClient) -> str:
    return (await admin("{ companies(first: 1) { nodes { id } } }"))["companies"]["nodes"][0]["id"]


async def colleague(admin: GraphQLClient, db, client, email: str, location: str, role: str) -> GraphQLClient:  # noqa: ANN001
    """A logged-in contact of Acme with role on location."""
    made = (await admin(CONTACT_CREATE, company=await company_id(admin), email=email))["companyContactCreate"]
    assert made["userErrors"] == []
    assigned = await admin(ASSIGN_ROLE, contact=made["companyContact"]["id"], location=location, role=role)
    assert assigned["companyContactAssignRole"]["userErrors"] == []
    return await login(db, client, email)


async def new_location(admin: GraphQLClient, name: str) -> str:
    made = (await admin(LOCATION_CREATE, company=await company_id(admin), name=name))["companyLocationCreate"]
    assert made["userErrors"] == []
    return made["companyLocation"]["id"]


async def place_order(buyer: GraphQLClient, *lines: tuple[dict[str, Any], int], **extra: Any) -> dict:
    """An order paid at checkout with a fresh card for (variant, quantity) lines."""
    card = await add_card(buyer)
    items = [{"variantId": variant["id"], "quantity": quantity} for variant, quantity in lines]
    created = (await buyer(CART_CREATE, input={"lines": items, **extra}))["cartCreate"]
    assert created["userErrors"] == []
    payload = await checkout(buyer, created["cart"]["id"], card)
    assert payload["userErrors"] == []
    return payload["order"]
