"""The register's CSV in tests: files built from dicts, the Admin import and export, and the register read back."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import func, select

from gateway.db.models import Company, CompanyContact, CompanyLocation, Customer, RoleAssignment
from tests.helpers import GraphQLClient

COUNTS = "created updated unchanged"
RESULT = f"""dryRun imported rows refused companies {{ {COUNTS} }} locations {{ {COUNTS} }}
    contacts {{ {COUNTS} }} roles {{ {COUNTS} }} errors {{ line column code message }}"""
IMPORT = f"""mutation($csv: String!, $dryRun: Boolean, $skipInvalid: Boolean) {{
    registerImport(csv: $csv, dryRun: $dryRun, skipInvalid: $skipInvalid) {{
      result {{ {RESULT} }} userErrors {{ field code message }} }} }}"""
EXPORT = "{ registerExport }"

ACME_HQ = {
    "company_external_id": "ERP-1", "company_name": "Acme", "org_number": "556677-8899", "credit_limit": "1000.00",
    "max_payment_days": "30", "location_external_id": "LOC-1", "location_name": "Acme HQ",
    "billing_address1": "Main St 1", "billing_city": "Stockholm", "billing_country_code": "SE",
    "payment_terms": "Net 30", "contact_email": "anna@acme.test", "contact_first_name": "Anna",
    "contact_last_name": "Berg", "contact_role": "LOCATION_ADMIN",
}


def rows_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    """A CSV with the given columns (by default every column any row names, in first-seen order)."""
    if columns is None:
        columns = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def sample() -> list[dict[str, str]]:
    """Two companies: Acme (two locations, two contacts, anna on both) and Beta (no contact)."""
    return [
        ACME_HQ,
        {**ACME_HQ, "contact_email": "bo@acme.test", "contact_first_name": "Bo", "contact_last_name": "",
         "contact_role": "ORDERING_ONLY"},
        {**ACME_HQ, "location_external_id": "LOC-2", "location_name": "Acme Depot", "billing_address1": "",
         "billing_city": "", "billing_country_code": "", "payment_terms": "", "contact_role": "ORDERING_ONLY"},
        {"company_external_id": "ERP-2", "company_name": "Beta", "customer_number": "B-7",
         "location_external_id": "LOC-3", "location_name": "Beta", "payment_terms": "Due on receipt"},
    ]


async def register_import(admin: GraphQLClient, text: str, *, refused: bool = False, **flags: Any) -> dict[str, Any]:
    """The import's result; refused: the file is refused as a whole (or would be, on a dry run),
    which the payload says in one userError on csv besides the rows' errors in the result."""
    payload = (await admin(IMPORT, csv=text, **flags))["registerImport"]
    if refused:
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["csv"], "INVALID_ROWS")], payload
        assert payload["result"]["errors"] and payload["result"]["imported"] is False, payload
    else:
        assert payload["userErrors"] == [], payload
    return payload["result"]


def counts(result: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    """(created, updated, unchanged) per entity."""
    return {k: (result[k]["created"], result[k]["updated"], result[k]["unchanged"])
            for k in ("companies", "locations", "contacts", "roles")}


def errors(result: dict[str, Any]) -> list[tuple[int, str | None, str]]:
    return [(e["line"], e["column"], e["code"]) for e in result["errors"]]


async def register_size(db) -> tuple[int, int, int, int, int]:  # noqa: ANN001
    """Rows in companies, locations, customers, contacts and role assignments."""
    async with db.reader() as session:
        return tuple([
            await session.scalar(select(func.count()).select_from(model))
            for model in (Company, CompanyLocation, Customer, CompanyContact, RoleAssignment)
        ])
