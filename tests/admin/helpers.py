"""Admin API calls the tests share: make a company, product or catalog and read errors."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient

ERRORS = "userErrors { field code message }"

COMPANY_CREATE = f"""mutation($input: CompanyCreateInput!) {{ companyCreate(input: $input) {{
    company {{ id name externalId customerNumber
      mainContact {{ id customer {{ id email }} }}
      locations(first: 10) {{ nodes {{ id name }} }}
      contacts(first: 10) {{ nodes {{ id }} }} }}
    {ERRORS} }} }}"""

PRODUCT_CREATE = f"""mutation($input: ProductInput!) {{ productCreate(input: $input) {{
    product {{ id handle title variants {{ id sku }} }} {ERRORS} }} }}"""

CATALOG_CREATE = f"""mutation($input: CatalogCreateInput!) {{ catalogCreate(input: $input) {{
    catalog {{ id title priceList {{ id currency }} companyLocations(first: 10) {{ nodes {{ id }} }} }}
    {ERRORS} }} }}"""


def codes(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    """(field, code) of each userError, for compact assertions."""
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def create_company(
    admin: GraphQLClient, name: str = "Acme", email: str | None = "anna@acme.test", location: str | None = "HQ",
    **company: Any,
) -> dict[str, Any]:
    """A company with one location and one contact (when given); fails the test on userErrors."""
    data: dict[str, Any] = {"company": {"name": name, **company}}
    if location:
        data["companyLocation"] = {"name": location}
    if email:
        data["companyContact"] = {"email": email}
    payload = (await admin(COMPANY_CREATE, input=data))["companyCreate"]
    assert payload["userErrors"] == []
    return payload["company"]


async def create_product(admin: GraphQLClient, title: str = "Bolt", *skus: str, price: str = "10.00") -> dict:
    variants = [{"sku": sku, "price": price} for sku in (skus or (title.upper(),))]
    payload = (await admin(PRODUCT_CREATE, input={"title": title, "variants": variants}))["productCreate"]
    assert payload["userErrors"] == []
    return payload["product"]


async def create_catalog(admin: GraphQLClient, title: str = "B2B", currency: str | None = "EUR", **extra: Any) -> dict:
    data: dict[str, Any] = {"title": title, **extra}
    if currency:
        data["priceList"] = {"currency": currency}
    payload = (await admin(CATALOG_CREATE, input=data))["catalogCreate"]
    assert payload["userErrors"] == []
    return payload["catalog"]


async def count(admin: GraphQLClient, connection: str) -> int:
    """How many rows a top-level connection lists (at most 100)."""
    data = await admin(f"{{ {connection}(first: 100) {{ nodes {{ id }} }} }}")
    return len(data[connection]["nodes"])
