"""Regression tests for what the fuzz run (test_graphql_fuzz.py) found, one per finding."""

from __future__ import annotations

import pytest

from tests.helpers import ERRORS, PRODUCT_CREATE, GraphQLClient, codes, create_company

COMPANY_UPDATE = f"""mutation($id: ID!, $input: CompanyInput!) {{
    companyUpdate(companyId: $id, input: $input) {{ company {{ id }} {ERRORS} }} }}"""
LOCATION_CREATE = f"""mutation($id: ID!, $input: CompanyLocationInput!) {{
    companyLocationCreate(companyId: $id, input: $input) {{ companyLocation {{ id }} {ERRORS} }} }}"""


# A NUL was flagged as a control character, and then still looked up as a unique value: on
# PostgreSQL, which cannot hold a NUL in text, the lookup failed and the answer was a masked error.
@pytest.mark.parametrize("field", ["externalId", "customerNumber"])
async def test_a_nul_in_a_unique_company_field_is_a_clear_error(admin: GraphQLClient, field: str) -> None:
    company = await create_company(admin)
    payload = (await admin(COMPANY_UPDATE, id=company["id"], input={field: "K-\x001"}))["companyUpdate"]
    assert codes(payload) == [(["input", field], "INVALID")]


async def test_a_nul_in_a_location_external_id_is_a_clear_error(admin: GraphQLClient) -> None:
    company = await create_company(admin)
    payload = (await admin(LOCATION_CREATE, id=company["id"], input={"name": "Depot", "externalId": "\x00"}))
    assert codes(payload["companyLocationCreate"]) == [(["input", "externalId"], "INVALID")]


@pytest.mark.parametrize(("data", "field"), [
    ({"handle": "bolt\x00", "variants": [{"sku": "B", "price": "1.00"}]}, ["input", "handle"]),
    ({"variants": [{"sku": "B\x00", "price": "1.00"}]}, ["input", "variants", "0", "sku"]),
])
async def test_a_nul_in_a_product_handle_or_sku_is_a_clear_error(admin: GraphQLClient, data: dict, field: list) -> None:
    payload = (await admin(PRODUCT_CREATE, input={"title": "Bolt", **data}))["productCreate"]
    assert codes(payload) == [(field, "INVALID")]
