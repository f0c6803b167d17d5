"""The register's CSV format, shared by the importer and the exporter: one row per contact
with its company and location columns (README: "Importing and exporting the register")."""

from __future__ import annotations

from gateway.platform.addresses import FIELDS as ADDRESS_FIELDS

COMPANY_COLUMNS = (
    "company_external_id", "company_name", "org_number", "customer_number", "credit_limit", "max_payment_days",
)
LOCATION_COLUMNS = (
    "location_external_id", "location_name",
    *(f"billing_{f}" for f in ADDRESS_FIELDS), *(f"shipping_{f}" for f in ADDRESS_FIELDS),
    "payment_terms", "payment_terms_due_date",
)
CONTACT_COLUMNS = ("contact_email", "contact_first_name", "contact_last_name", "contact_role")
COLUMNS = (*COMPANY_COLUMNS, *LOCATION_COLUMNS, *CONTACT_COLUMNS)
# A file may leave out any other column: what it leaves out stays as it is.
REQUIRED_COLUMNS = ("company_external_id", "company_name", "location_external_id", "location_name")
# The credit_limit of a company that may owe any amount: a choice written out, since a blank cell
# keeps a company's limit (a new company takes the shop's default).
NO_LIMIT = "none"
