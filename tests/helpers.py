"""What the tests share besides fixtures: a GraphQL client of one API, and Admin API calls that make a
company, product or catalog and read errors."""

from __future__ import annotations

from typing import Any

import httpx

ERRORS = "userErrors { field code message }"
MERCHANT = "merchant@shop.test"  # MERCHANT_EMAIL of the test settings

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


class GraphQLClient:
    """Posts GraphQL documents to one endpoint with one bearer token."""

    def __init__(self, http: httpx.AsyncClient, path: str, token: str | None) -> None:
        self.http, self.path, self.token = http, path, token

    async def post(self, query: str, **variables: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return await self.http.post(self.path, json={"query": query, "variables": variables}, headers=headers)

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        """The data of a successful response; fails the test on any GraphQL error."""
        response = await self.post(query, **variables)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def errors(self, query: str, **variables: Any) -> list[dict[str, Any]]:
        body = (await self.post(query, **variables)).json()
        assert body.get("errors"), body
        return body["errors"]
