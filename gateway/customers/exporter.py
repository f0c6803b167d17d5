"""Export the register in the importer's CSV format, so export then import changes nothing; and
every customer (people) in a CSV of their own.

One row per contact's role on a location; a location without roles gets one row without contact
columns; a contact without a role on any location is written with its company's first location and
a blank role; a company without a location gets one row without location columns. Every company and
location is written: those made in the gateway without an external id come last with that cell
blank (counted as unmatched), and an import refuses such a row saying why (it has nothing to match
it on), so the merchant sees them and can give them ids. Five statements whatever the register's size.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.customers.csvformat import COLUMNS, NO_LIMIT
from gateway.db.models import (
    Company,
    CompanyContact,
    CompanyLocation,
    Customer,
    CustomerGroup,
    PaymentTermsTemplate,
    RoleAssignment,
    customer_group_members,
)
from gateway.platform import money
from gateway.platform.addresses import FIELDS as ADDRESS_FIELDS


@dataclass
class ExportResult:
    text: str
    rows: int
    unmatched: int = 0  # rows with a blank company or location external id: an import cannot match them


def _due(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.date().isoformat() if value.time() == time(0) else value.isoformat()


def _address(prefix: str, data: dict[str, Any] | None) -> dict[str, str]:
    return {f"{prefix}_{f}": (data or {}).get(f) or "" for f in ADDRESS_FIELDS}


async def export(session: AsyncSession) -> ExportResult:
    companies = list((await session.scalars(select(Company).order_by(Company.id))).all())
    locations: dict[int, list[CompanyLocation]] = defaultdict(list)
    for location in await session.scalars(select(CompanyLocation).order_by(CompanyLocation.id)):
        locations[location.company_id].append(location)
    contacts: dict[int, list[tuple[CompanyContact, Customer]]] = defaultdict(list)
    stmt = select(CompanyContact, Customer).join(Customer, Customer.id == CompanyContact.customer_id)
    for contact, customer in await session.execute(stmt.order_by(CompanyContact.id)):
        contacts[contact.company_id].append((contact, customer))
    roles: dict[int, list[RoleAssignment]] = defaultdict(list)
    for role in await session.scalars(select(RoleAssignment).order_by(RoleAssignment.id)):
        roles[role.location_id].append(role)
    terms = {t.id: t.name for t in await session.scalars(select(PaymentTermsTemplate))}

    matched: list[dict[str, str]] = []
    unmatched: list[dict[str, str]] = []
    for company in companies:
        company_rows = _company_rows(company, locations.get(company.id, []), contacts, roles, terms)
        for row in company_rows:
            (matched if row["company_external_id"] and row["location_external_id"] else unmatched).append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(matched)
    writer.writerows(unmatched)
    return ExportResult(out.getvalue(), len(matched) + len(unmatched), len(unmatched))


def _company_rows(
    company: Company, company_locations: list[CompanyLocation],
    contacts: dict[int, list[tuple[CompanyContact, Customer]]], roles: dict[int, list[RoleAssignment]],
    terms: dict[int, str],
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    company_cells = {
        "company_external_id": company.external_id or "", "company_name": company.name,
        "org_number": company.org_number or "", "customer_number": company.customer_number or "",
        "credit_limit": NO_LIMIT if company.credit_limit is None else str(money.from_minor(
            company.credit_limit, company.currency_code)),
        "max_payment_days": "" if company.max_payment_days is None else str(company.max_payment_days),
    }
    people = {contact.id: (contact, customer) for contact, customer in contacts.get(company.id, [])}
    placed: set[int] = set()
    blank = {column: "" for column in COLUMNS}
    for location in company_locations:
        location_cells = _location_cells(location, terms)
        assigned = [r for r in roles.get(location.id, []) if r.contact_id in people]
        for role in sorted(assigned, key=lambda r: r.contact_id):
            _, customer = people[role.contact_id]
            rows.append({**blank, **company_cells, **location_cells, **_person(customer), "contact_role": role.role})
            placed.add(role.contact_id)
        if not assigned:
            rows.append({**blank, **company_cells, **location_cells})
    first = _location_cells(company_locations[0], terms) if company_locations else {}
    for contact_id, (_, customer) in people.items():
        if contact_id not in placed:
            rows.append({**blank, **company_cells, **first, **_person(customer), "contact_role": ""})
    if not rows:
        rows.append({**blank, **company_cells})
    return rows


def _location_cells(location: CompanyLocation, terms: dict[int, str]) -> dict[str, str]:
    return {
        "location_external_id": location.external_id or "", "location_name": location.name,
        **_address("billing", location.billing_address), **_address("shipping", location.shipping_address),
        "payment_terms": terms.get(location.payment_terms_template_id, ""),
        "payment_terms_due_date": _due(location.payment_terms_due_at),
    }


def _person(customer: Customer) -> dict[str, str]:
    return {
        "contact_email": customer.email.lower(), "contact_first_name": customer.first_name or "",
        "contact_last_name": customer.last_name or "",
    }


# The customers' CSV (export only: the register's import matches companies, and people come in
# through it as contacts, through customerCreate or by registering).
CUSTOMER_COLUMNS = (
    "email", "first_name", "last_name", "phone", "customer_number", "status", "groups",
    "email_marketing_consent", "email_marketing_consent_updated_at", "accepts_partner_offers", "companies",
    "created_at", "last_login_at",
)
LIST_SEPARATOR = "; "  # between the names of a customer's groups and companies


async def export_customers(session: AsyncSession) -> ExportResult:
    """Every customer (those that deleted their account left out), by id: three statements."""
    groups: dict[int, list[str]] = defaultdict(list)
    for customer_id, name in await session.execute(
        select(customer_group_members.c.customer_id, CustomerGroup.name)
        .join(CustomerGroup, CustomerGroup.id == customer_group_members.c.group_id).order_by(CustomerGroup.name)
    ):
        groups[customer_id].append(name)
    companies: dict[int, list[str]] = defaultdict(list)
    for customer_id, name in await session.execute(
        select(CompanyContact.customer_id, Company.name).join(Company, Company.id == CompanyContact.company_id)
        .order_by(Company.name)
    ):
        companies[customer_id].append(name)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CUSTOMER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    stmt = select(Customer).where(Customer.status.is_distinct_from("DELETED")).order_by(Customer.id)
    for customer in await session.scalars(stmt):
        changed = customer.email_marketing_consent_updated_at
        writer.writerow({
            "email": customer.email.lower(), "first_name": customer.first_name or "",
            "last_name": customer.last_name or "", "phone": customer.phone or "",
            "customer_number": customer.customer_number or "", "status": customer.status or "",
            "groups": LIST_SEPARATOR.join(groups.get(customer.id, [])),
            "email_marketing_consent": customer.email_marketing_consent,
            "email_marketing_consent_updated_at": changed.isoformat() if changed else "",
            "accepts_partner_offers": "true" if customer.accepts_partner_offers else "false",
            "companies": LIST_SEPARATOR.join(companies.get(customer.id, [])),
            "created_at": customer.created_at.isoformat(),
            "last_login_at": customer.last_login_at.isoformat() if customer.last_login_at else "",
        })
        rows += 1
    return ExportResult(out.getvalue(), rows)
