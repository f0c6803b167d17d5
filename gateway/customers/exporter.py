"""Export the register in the importer's CSV format, so export then import changes nothing.

One row per contact's role on a location; a location without roles gets one row without contact
columns; a contact without a role on any exported location is written with its company's first
location and a blank role. Only what the format can match on import is written: companies and
locations with an external id (those made in the gateway without one are counted as skipped).
Five statements whatever the register's size.
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
    PaymentTermsTemplate,
    RoleAssignment,
)
from gateway.platform import money
from gateway.platform.addresses import FIELDS as ADDRESS_FIELDS


@dataclass
class ExportResult:
    text: str
    rows: int
    skipped_companies: int  # without an external id, or without a location that has one


def _due(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.date().isoformat() if value.time() == time(0) else value.isoformat()


def _address(prefix: str, data: dict[str, Any] | None) -> dict[str, str]:
    return {f"{prefix}_{f}": (data or {}).get(f) or "" for f in ADDRESS_FIELDS}


async def export(session: AsyncSession) -> ExportResult:
    companies = list((await session.scalars(select(Company).order_by(Company.id))).all())
    locations: dict[int, list[CompanyLocation]] = defaultdict(list)
    stmt = select(CompanyLocation).where(CompanyLocation.external_id.is_not(None)).order_by(CompanyLocation.id)
    for location in await session.scalars(stmt):
        locations[location.company_id].append(location)
    contacts: dict[int, list[tuple[CompanyContact, Customer]]] = defaultdict(list)
    stmt = select(CompanyContact, Customer).join(Customer, Customer.id == CompanyContact.customer_id)
    for contact, customer in await session.execute(stmt.order_by(CompanyContact.id)):
        contacts[contact.company_id].append((contact, customer))
    roles: dict[int, list[RoleAssignment]] = defaultdict(list)
    for role in await session.scalars(select(RoleAssignment).order_by(RoleAssignment.id)):
        roles[role.location_id].append(role)
    terms = {t.id: t.name for t in await session.scalars(select(PaymentTermsTemplate))}

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = skipped = 0
    for company in companies:
        if not company.external_id or not locations.get(company.id):
            skipped += 1
            continue
        company_cells = {
            "company_external_id": company.external_id, "company_name": company.name,
            "org_number": company.org_number or "", "customer_number": company.customer_number or "",
            "credit_limit": NO_LIMIT if company.credit_limit is None else str(money.from_minor(
                company.credit_limit, company.currency_code)),
            "max_payment_days": "" if company.max_payment_days is None else str(company.max_payment_days),
        }
        people = {contact.id: (contact, customer) for contact, customer in contacts.get(company.id, [])}
        placed: set[int] = set()
        company_locations = locations[company.id]
        for location in company_locations:
            location_cells = _location_cells(location, terms)
            assigned = [r for r in roles.get(location.id, []) if r.contact_id in people]
            for role in sorted(assigned, key=lambda r: r.contact_id):
                _, customer = people[role.contact_id]
                writer.writerow({**company_cells, **location_cells, **_person(customer), "contact_role": role.role})
                placed.add(role.contact_id)
                rows += 1
            if not assigned:
                writer.writerow({**company_cells, **location_cells})
                rows += 1
        first = company_locations[0]
        for contact_id, (_, customer) in people.items():
            if contact_id not in placed:
                writer.writerow({**company_cells, **_location_cells(first, terms), **_person(customer), "contact_role": ""})
                rows += 1
    return ExportResult(out.getvalue(), rows, skipped)


def _location_cells(location: CompanyLocation, terms: dict[int, str]) -> dict[str, str]:
    return {
        "location_external_id": location.external_id, "location_name": location.name,
        **_address("billing", location.billing_address), **_address("shipping", location.shipping_address),
        "payment_terms": terms.get(location.payment_terms_template_id, ""),
        "payment_terms_due_date": _due(location.payment_terms_due_at),
    }


def _person(customer: Customer) -> dict[str, str]:
    return {
        "contact_email": customer.email.lower(), "contact_first_name": customer.first_name or "",
        "contact_last_name": customer.last_name or "",
    }
