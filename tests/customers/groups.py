"""Admin API calls the customer group tests share."""

from __future__ import annotations

from typing import Any

from tests.helpers import ERRORS, GraphQLClient

GROUP_CREATE = f"""mutation($input: CustomerGroupInput!) {{ customerGroupCreate(input: $input) {{
    customerGroup {{ id name description }} {ERRORS} }} }}"""
ADD = f"""mutation($g: ID!, $c: [ID!]!) {{ customerGroupAddCustomers(customerGroupId: $g, customerIds: $c) {{
    customerGroup {{ id customers(first: 50) {{ nodes {{ email }} }} }} {ERRORS} }} }}"""
REMOVE = f"""mutation($g: ID!, $c: [ID!]!) {{ customerGroupRemoveCustomers(customerGroupId: $g, customerIds: $c) {{
    customerGroup {{ id customers(first: 50) {{ nodes {{ email }} }} }} {ERRORS} }} }}"""
CUSTOMER_CREATE = f"""mutation($input: CustomerCreateInput!) {{ customerCreate(input: $input) {{
    customer {{ id email firstName customerNumber status groups {{ name }} emailMarketingConsent acceptsPartnerOffers }}
    {ERRORS} }} }}"""
SHOP_UPDATE = f"""mutation($input: ShopInput!) {{ shopUpdate(input: $input) {{
    shop {{ registration assignCustomerNumbers blockCheckoutWhenOverdue defaultCustomerGroup {{ name }} }} {ERRORS} }} }}"""


async def create_group(admin: GraphQLClient, name: str, **extra: Any) -> dict[str, Any]:
    payload = (await admin(GROUP_CREATE, input={"name": name, **extra}))["customerGroupCreate"]
    assert payload["userErrors"] == [], payload
    return payload["customerGroup"]


async def create_customer(admin: GraphQLClient, email: str, **extra: Any) -> dict[str, Any]:
    payload = (await admin(CUSTOMER_CREATE, input={"email": email, **extra}))["customerCreate"]
    assert payload["userErrors"] == [], payload
    return payload["customer"]


async def add_to_group(admin: GraphQLClient, group: dict, *customers: dict) -> None:
    payload = (await admin(ADD, g=group["id"], c=[c["id"] for c in customers]))["customerGroupAddCustomers"]
    assert payload["userErrors"] == [], payload


async def shop_update(admin: GraphQLClient, **values: Any) -> dict[str, Any]:
    return (await admin(SHOP_UPDATE, input=values))["shopUpdate"]
