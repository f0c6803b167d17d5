"""Import the register from the ERP's CSV: upsert companies, locations, contacts and their roles.

Companies and locations are matched by external id, contacts by email within their company, so
importing the same file twice changes nothing. Every row is checked first with the domain's own
rules (gateway/platform/validation.py, addresses); a file with a bad row writes nothing unless skip_invalid,
which imports the good rows and reports the rest. A dry run checks and counts, and writes nothing.

Fast by construction: what exists is read in a few bulk statements (by external ids and emails),
changes are computed in memory, then written with bulk INSERT ... RETURNING and bulk UPDATEs, so
the statement count grows with the file's size / 1000, not with its rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import shop
from gateway.customers import customer_numbers
from gateway.customers.contacts import ROLES
from gateway.customers.roles import CUSTOM
from gateway.customers.csvformat import (
    COLUMNS,
    COMPANY_COLUMNS,
    NO_LIMIT,
    REQUIRED_COLUMNS,
)
from gateway.customers.customer_numbers import (
    chunks,  # IN (...) lists and INSERTs of 1,000
)
from gateway.db.models import (
    Company,
    CompanyContact,
    CompanyLocation,
    Customer,
    PaymentTermsTemplate,
    RoleAssignment,
    ShopSettings,
)
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.platform import addresses, clock, validation
from gateway.platform.errors import DomainError, Problems

MAX_ROWS = 100_000
ENTITIES = ("companies", "locations", "contacts", "roles")

Progress = Callable[[int, int], None]  # (rows done, rows in all)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class RowError:
    line: int  # 1 is the header
    column: str | None
    code: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    refused: int = 0  # rows not imported
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    skip_invalid: bool = False
    applied: bool = False  # whether anything was written
    companies: Counts = field(default_factory=Counts)
    locations: Counts = field(default_factory=Counts)
    contacts: Counts = field(default_factory=Counts)
    roles: Counts = field(default_factory=Counts)

    @property
    def changes(self) -> int:
        return sum(getattr(self, e).created + getattr(self, e).updated for e in ENTITIES)

    @property
    def rejected(self) -> bool:
        """Whether the file is refused as a whole (or would be, on a dry run): a bad header, or bad
        rows without skip_invalid, or no good row at all."""
        return bool(self.errors) and (not self.skip_invalid or self.refused == 0 or self.refused >= self.rows)

    def refusal(self) -> str | None:
        """Why nothing was (or would be) imported, in a sentence; None unless rejected."""
        if not self.rejected:
            return None
        nothing = "nothing would be imported" if self.dry_run else "nothing was imported"
        if self.refused == 0:
            return f"The file was refused ({self.errors[0].message}); {nothing} (see result.errors)."
        rows = "1 row" if self.refused == 1 else f"{self.refused} rows"
        verb = ("would be" if self.dry_run else "were" if self.refused > 1 else "was")
        return f"{rows} {verb} refused; {nothing} (see result.errors)."


@dataclass
class Row:
    """One row, checked on its own: the values of the columns the file has."""

    line: int
    company_key: str
    company: dict[str, Any]
    location_key: str
    location: dict[str, Any]
    email: str | None
    names: dict[str, str]  # first_name / last_name given (blank cells keep what is stored)
    role: str | None


class _FileError(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


def _camel(column: str) -> str:
    first, *rest = column.split("_")
    return first + "".join(part.title() for part in rest)


ADDRESS_COLUMN = {addresses.CAMEL.get(f, f): f for f in addresses.FIELDS}
CAMEL_COLUMNS = {_camel(c): c for c in COLUMNS}


def _column_of(path: tuple[str, ...] | None) -> str | None:
    """The CSV column a problem's path names: ("billing", "countryCode") -> billing_country_code."""
    if not path:
        return None
    if len(path) == 2:
        return f"{path[0]}_{ADDRESS_COLUMN.get(path[1], path[1])}"
    return CAMEL_COLUMNS.get(path[0], path[0])


def _read(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and (line, cells) of each non-empty row; a bad header is a _FileError."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise _FileError(RowError(1, None, "BLANK", "The file is empty: it needs a header row.")) from None
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise _FileError(RowError(1, unknown[0], "UNKNOWN_COLUMN", f"Unknown column {unknown[0]!r}; the columns "
                                  f"are: {', '.join(COLUMNS)}."))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise _FileError(RowError(1, missing[0], "MISSING_COLUMN", f"The header lacks the column {missing[0]!r}."))
    twice = [h for h in header if header.count(h) > 1]
    if twice:
        raise _FileError(RowError(1, twice[0], "DUPLICATE_COLUMN", f"The column {twice[0]!r} appears twice."))
    rows = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                rows.append((line, {"__width__": str(len(cells))}))
                continue
            rows.append((line, dict(zip(header, cells))))
            if len(rows) > MAX_ROWS:
                raise _FileError(RowError(line, None, "TOO_LONG", f"At most {MAX_ROWS} rows per file."))
    except csv.Error as exc:
        raise _FileError(RowError(reader.line_num, None, "INVALID", f"Not valid CSV: {exc}.")) from None
    return header, rows


# Why a row with a blank external id cannot be imported: nothing to match it on. The export writes
# such rows (companies and locations made in the gateway without one) so the merchant sees them.
UNMATCHED = ("The {what} {name!r} has no external id: an import matches {what}s by it. Give it one ({mutation} "
             "externalId, or fill the cell with the id your ERP knows it by), or leave the row out.")


class _Checker:
    """Checks one row at a time with the domain's rules; knows the payment terms and the currency."""

    def __init__(self, header: list[str], templates: dict[str, PaymentTermsTemplate], currency: str) -> None:
        self.header = set(header)
        self.templates = templates
        self.currency = currency

    def row(self, line: int, cells: dict[str, str]) -> tuple[Row | None, list[RowError]]:
        if "__width__" in cells:
            return None, [RowError(line, None, "INVALID", f"The row has {cells['__width__']} cells; the header "
                                   f"has {len(self.header)}.")]
        problems = Problems()
        own: list[RowError] = []

        def has(column: str) -> bool:
            return column in self.header

        def cell(column: str) -> str | None:
            return cells.get(column)

        def text(column: str, *, required: bool = False, max_length: int = 255) -> str | None:
            return validation.text(problems, cell(column), (_camel(column),), required=required, max_length=max_length)

        company: dict[str, Any] = {}
        company_key = text("company_external_id", max_length=64)
        if not (cell("company_external_id") or "").strip():
            own.append(RowError(line, "company_external_id", "BLANK", UNMATCHED.format(
                what="company", name=cell("company_name") or "?", mutation="companyUpdate")))
        company["name"] = text("company_name", required=True)
        if has("org_number"):
            company["org_number"] = text("org_number", max_length=64)
        number = text("customer_number", max_length=64) if has("customer_number") else None
        if number:  # a blank number keeps the company's own (a new company takes the series' next)
            company["customer_number"] = number
        raw_limit = (cell("credit_limit") or "").strip()
        if raw_limit.lower() == NO_LIMIT:
            company["credit_limit"] = None
        elif raw_limit:  # blank: keep the company's own (a new company takes the shop's default)
            company["credit_limit"] = self._decimal(problems, own, line, cells, "credit_limit")
        if has("max_payment_days"):
            company["max_payment_days"] = self._integer(problems, own, line, cells, "max_payment_days")

        location: dict[str, Any] = {}
        location_key = text("location_external_id", max_length=64)
        if not (cell("location_external_id") or "").strip():
            own.append(RowError(line, "location_external_id", "BLANK", UNMATCHED.format(
                what="location", name=cell("location_name") or "?", mutation="companyLocationUpdate")))
        location["name"] = text("location_name", required=True)
        for kind in ("billing", "shipping"):
            columns = [f"{kind}_{f}" for f in addresses.FIELDS]
            if any(has(c) for c in columns):
                values = {f: cell(f"{kind}_{f}") for f in addresses.FIELDS}
                given = any((v or "").strip() for v in values.values())
                location[f"{kind}_address"] = addresses.clean(problems, values, (kind,)) if given else None
        if has("payment_terms"):
            location.update(self._terms(own, line, cells))

        email = None
        names: dict[str, str] = {}
        role = None
        if (cell("contact_email") or "").strip():
            email = validation.email(problems, cell("contact_email"), ("contactEmail",))
            for key in ("first_name", "last_name"):
                value = text(f"contact_{key}", max_length=100)
                if value:
                    names[key] = value
            role = (cell("contact_role") or "").strip().upper() or None
            if role == CUSTOM:  # a merchant-defined role (the export writes it): set in the Admin API, kept as it is
                role = None
            if role is not None and role not in ROLES:
                own.append(RowError(line, "contact_role", "INCLUSION",
                                    f"contact_role must be one of {', '.join(ROLES)}, not {cell('contact_role')!r}."))
        else:
            given = [c for c in ("contact_first_name", "contact_last_name", "contact_role") if (cell(c) or "").strip()]
            if given:
                own.append(RowError(line, "contact_email", "BLANK", f"Contact email can't be blank when "
                                    f"{' and '.join(given)} is given."))

        errors = [RowError(line, _column_of(p.field), p.code, p.message) for p in problems.items] + own
        if errors:
            return None, errors
        return Row(line, company_key, company, location_key, location, email, names, role), []

    def _decimal(self, problems: Problems, own: list, line: int, cells: dict, column: str) -> int | None:
        raw = (cells.get(column) or "").strip()
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            own.append(RowError(line, column, "INVALID", f"{column} must be a number such as 1000.00, not {raw!r}."))
            return None
        return validation.amount(problems, value, self.currency, (_camel(column),))

    def _integer(self, problems: Problems, own: list, line: int, cells: dict, column: str) -> int | None:
        raw = (cells.get(column) or "").strip()
        if not raw:
            return None
        try:
            value = int(raw)
        except ValueError:
            own.append(RowError(line, column, "INVALID", f"{column} must be a whole number, not {raw!r}."))
            return None
        return validation.int_range(problems, value, (_camel(column),), low=0, high=365)

    def _terms(self, own: list, line: int, cells: dict) -> dict[str, Any]:
        name = (cells.get("payment_terms") or "").strip()
        raw_due = (cells.get("payment_terms_due_date") or "").strip()
        due = None
        if raw_due:
            try:
                due = validation.utc(datetime.fromisoformat(raw_due))
            except ValueError:
                own.append(RowError(line, "payment_terms_due_date", "INVALID",
                                    f"payment_terms_due_date must be a date such as 2026-12-31, not {raw_due!r}."))
        if not name:
            return {"payment_terms_template_id": None, "payment_terms_due_at": due}
        template = self.templates.get(name.lower())
        if template is None:
            own.append(RowError(line, "payment_terms", "NOT_FOUND", f"Unknown payment terms {name!r}; the terms are: "
                                f"{', '.join(t.name for t in self.templates.values())}."))
            return {}
        if template.terms_type == "FIXED" and due is None and not raw_due:
            own.append(RowError(line, "payment_terms_due_date", "BLANK",
                                f"Payment terms {template.name!r} need payment_terms_due_date."))
        return {"payment_terms_template_id": template.id, "payment_terms_due_at": due}


async def _load(session: AsyncSession, stmt_for: Callable[[Sequence[Any]], Any], keys: Iterable[Any]) -> list[Any]:
    """Rows of stmt_for(chunk) for every chunk of keys."""
    keys = sorted(set(keys))
    found: list[Any] = []
    for chunk in chunks(keys):
        found.extend((await session.execute(stmt_for(chunk))).scalars().all())
    return found


class _Plan:
    """What the valid rows ask for, against what the database holds."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.bad_lines: set[int] = set()

    def refuse(self, row: Row, column: str | None, code: str, message: str) -> None:
        self.errors.append(RowError(row.line, column, code, message))
        self.bad_lines.add(row.line)


def _differs(row_values: dict[str, Any], stored: dict[str, Any]) -> bool:
    return any(stored.get(k) != v for k, v in row_values.items())


async def run(
    session: AsyncSession, text: str, *, dry_run: bool = False, skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check the file, then write its changes in session's transaction unless it is a dry run or
    (without skip_invalid) any row is bad."""
    result = ImportResult(dry_run=dry_run, skip_invalid=skip_invalid)
    try:
        header, raw_rows = _read(text)
    except _FileError as exc:
        result.errors.append(exc.error)
        return result
    result.rows = len(raw_rows)
    total = max(len(raw_rows), 1)

    settings = await shop.get(session)
    templates = {t.name.lower(): t for t in (await session.scalars(select(PaymentTermsTemplate))).all()}
    checker = _Checker(header, templates, settings.currency_code)
    plan = _Plan()
    rows: list[Row] = []
    for n, (line, cells) in enumerate(raw_rows, 1):
        row, errors = checker.row(line, cells)
        if row is None:
            plan.errors.extend(errors)
            plan.bad_lines.add(line)
        else:
            rows.append(row)
        if progress and n % 500 == 0:
            progress(n // 2, total)

    rows = _check_file_consistency(plan, rows)
    state = await _State.load(session, rows)
    rows = _check_against_database(plan, rows, state)
    result.errors = sorted(plan.errors, key=lambda e: (e.line, e.column or ""))
    result.refused = len(plan.bad_lines)
    if progress:
        progress(total // 2, total)

    changes = _Changes.compute(rows, state, result)
    if dry_run or (plan.bad_lines and not skip_invalid) or not changes.any():
        if progress:
            progress(total, total)
        return result
    try:
        def step(done: int) -> None:  # the writes are three steps after the checks
            if progress:
                progress(total // 2 + done * total // 6, total)

        await changes.write(session, state, settings, step)
        await changes.emit(session, state)
    except IntegrityError as exc:
        raise DomainError.of(
            "CONFLICT", "The register changed while the file was imported (another import or edit at the same "
            f"time); nothing was imported, run it again. ({str(exc.orig).splitlines()[0]})", "csv",
        ) from None
    result.applied = True
    if progress:
        progress(total, total)
    return result


def _check_file_consistency(plan: _Plan, rows: list[Row]) -> list[Row]:
    """Rows that repeat a company, location or contact must agree with the first row that names it."""
    companies: dict[str, Row] = {}
    locations: dict[str, Row] = {}
    numbers: dict[str, Row] = {}
    contacts: dict[tuple[str, str], Row] = {}
    pairs: dict[tuple[str, str], Row] = {}
    kept = []
    for row in rows:
        first = companies.setdefault(row.company_key, row)
        if first is not row and first.company != row.company:
            column = next((c for c in COMPANY_COLUMNS if _company_value(first, c) != _company_value(row, c)), None)
            plan.refuse(row, column, "CONFLICT", f"Company {row.company_key!r} has other values on line {first.line}.")
            continue
        number = row.company.get("customer_number")
        if number:
            holder = numbers.setdefault(number, row)
            if holder.company_key != row.company_key:
                plan.refuse(row, "customer_number", "TAKEN", f"Customer number {number!r} is given to company "
                            f"{holder.company_key!r} on line {holder.line}.")
                continue
        first_location = locations.setdefault(row.location_key, row)
        if first_location is not row:
            if first_location.company_key != row.company_key:
                plan.refuse(row, "location_external_id", "CONFLICT", f"Location {row.location_key!r} belongs to "
                            f"company {first_location.company_key!r} on line {first_location.line}.")
                continue
            if first_location.location != row.location:
                key = next(k for k in row.location if first_location.location.get(k) != row.location.get(k))
                plan.refuse(row, _location_column(key, first_location.location.get(key), row.location.get(key)),
                            "CONFLICT", f"Location {row.location_key!r} has other values on line "
                            f"{first_location.line}.")
                continue
        if row.email:
            first_contact = contacts.setdefault((row.company_key, row.email), row)
            if first_contact is not row:
                differ = [k for k, v in row.names.items() if first_contact.names.get(k, v) != v]
                if differ:
                    plan.refuse(row, f"contact_{differ[0]}", "CONFLICT", f"Contact {row.email!r} has other names "
                                f"on line {first_contact.line}.")
                    continue
                first_contact.names.update(row.names)  # a name given on any of its rows counts
            first_pair = pairs.setdefault((row.location_key, row.email), row)
            if first_pair is not row:
                plan.refuse(row, "contact_email", "DUPLICATE", f"Contact {row.email!r} of location "
                            f"{row.location_key!r} is on line {first_pair.line} already.")
                continue
        kept.append(row)
    return kept


LOCATION_COLUMN = {
    "name": "location_name", "payment_terms_template_id": "payment_terms", "payment_terms_due_at": "payment_terms_due_date",
    "billing_address": "billing_address1", "shipping_address": "shipping_address1",
}


def _location_column(key: str, first: Any, other: Any) -> str:
    """The column of a location's value on which two rows differ: for an address, its first
    differing field (billing_city), or its first column when one row leaves the address blank."""
    if key in ADDRESS_KEYS and first is not None and other is not None:
        kind = key.removesuffix("_address")
        field = next((f for f in addresses.FIELDS if first.get(f) != other.get(f)), addresses.FIELDS[0])
        return f"{kind}_{field}"
    return LOCATION_COLUMN.get(key, key)


def _company_value(row: Row, column: str) -> Any:
    key = {"company_external_id": None, "company_name": "name"}.get(column, column)
    return row.company.get(key) if key else row.company_key


@dataclass
class _State:
    """What the database holds of the file's companies, locations, customers, contacts and roles."""

    companies: dict[str, Company]
    numbers: dict[str, tuple[int | None, bool]]  # issued number -> (its company's id, whether it holds it now)
    locations: dict[str, CompanyLocation]
    location_company: dict[int, str | None]  # location's company id -> that company's external id
    customers: dict[str, Customer]
    contacts: dict[tuple[int, int], CompanyContact]
    roles: dict[tuple[int, int], RoleAssignment]
    company_contacts: set[int]  # companies that have a main contact

    @classmethod
    async def load(cls, session: AsyncSession, rows: list[Row]) -> "_State":
        companies = await _load(session, lambda ks: select(Company).where(Company.external_id.in_(ks)),
                                (r.company_key for r in rows))
        by_key = {c.external_id: c for c in companies}
        wanted_numbers = {r.company["customer_number"] for r in rows if r.company.get("customer_number")}
        numbers = await customer_numbers.holders(session, wanted_numbers)
        locations = await _load(session, lambda ks: select(CompanyLocation).where(CompanyLocation.external_id.in_(ks)),
                                (r.location_key for r in rows))
        owner_ids = {loc.company_id for loc in locations} - {c.id for c in companies}
        owners: dict[int, str | None] = {c.id: c.external_id for c in companies}
        for chunk in chunks(sorted(owner_ids)):
            owners.update((await session.execute(
                select(Company.id, Company.external_id).where(Company.id.in_(chunk))
            )).all())
        customers = await _load(session, lambda ks: select(Customer).where(func.lower(Customer.email).in_(ks)),
                                (r.email for r in rows if r.email))
        contacts = await _load(session, lambda ks: select(CompanyContact).where(CompanyContact.company_id.in_(ks)),
                               (c.id for c in companies))
        roles = await _load(session, lambda ks: select(RoleAssignment).where(RoleAssignment.contact_id.in_(ks)),
                            (c.id for c in contacts))
        return cls(
            companies=by_key,
            numbers=numbers,
            locations={loc.external_id: loc for loc in locations},
            location_company=owners,
            customers={c.email.lower(): c for c in customers},
            contacts={(c.company_id, c.customer_id): c for c in contacts},
            roles={(r.contact_id, r.location_id): r for r in roles},
            company_contacts={c.id for c in companies if c.main_contact_id},
        )


def _check_against_database(plan: _Plan, rows: list[Row], state: _State) -> list[Row]:
    kept = []
    for row in rows:
        number = row.company.get("customer_number")
        if number and number in state.numbers:
            holder, holds_it = state.numbers[number]
            company = state.companies.get(row.company_key)
            if holder is None or company is None or holder != company.id:
                plan.refuse(row, "customer_number", "TAKEN", customer_numbers.taken_message(number, holder, holds_it))
                continue
        stored = state.locations.get(row.location_key)
        if stored is not None and state.location_company.get(stored.company_id) != row.company_key:
            plan.refuse(row, "location_external_id", "TAKEN",
                        f"Location {row.location_key!r} belongs to another company.")
            continue
        clears_terms = "payment_terms_template_id" in row.location and row.location["payment_terms_template_id"] is None
        if stored is not None and stored.deposit_percentage and clears_terms:
            plan.refuse(row, "payment_terms", "INVALID", "The location takes a deposit: it needs payment terms "
                        "for the rest.")
            continue
        kept.append(row)
    return kept


ADDRESS_KEYS = ("billing_address", "shipping_address")


class _Changes:
    """Rows to insert and update per table, computed from the valid rows and the stored state."""

    def __init__(self) -> None:
        self.new_companies: dict[str, dict[str, Any]] = {}
        self.company_updates: list[dict[str, Any]] = []
        self.new_locations: dict[str, dict[str, Any]] = {}  # with "_company" = company key
        self.location_updates: list[dict[str, Any]] = []
        self.new_customers: dict[str, dict[str, Any]] = {}
        self.customer_updates: dict[int, dict[str, Any]] = {}
        self.new_contacts: dict[tuple[str, str], None] = {}  # (company key, email), in file order
        self.roles: dict[tuple[str, str, str], str] = {}  # (company key, email, location key) -> role to write
        self.role_updates: list[dict[str, Any]] = []
        self.main_contacts: dict[str, str] = {}  # company key -> email of its first contact
        # what write() made, for the webhooks
        self.created_company_ids: list[int] = []
        self.created_customer_ids: list[int] = []

    def any(self) -> bool:
        return bool(
            self.new_companies or self.company_updates or self.new_locations or self.location_updates
            or self.new_customers or self.customer_updates or self.new_contacts or self.roles or self.role_updates
        )

    @classmethod
    def compute(cls, rows: list[Row], state: _State, result: ImportResult) -> "_Changes":
        changes = cls()
        seen_companies: set[str] = set()
        seen_locations: set[str] = set()
        touched_contacts: dict[tuple[str, str], str] = {}  # -> created | updated | unchanged
        for row in rows:
            if row.company_key not in seen_companies:
                seen_companies.add(row.company_key)
                company = state.companies.get(row.company_key)
                if company is None:
                    changes.new_companies[row.company_key] = {"external_id": row.company_key, **row.company}
                    result.companies.created += 1
                elif _differs(row.company, _columns(company, row.company)):
                    changes.company_updates.append({"id": company.id, **row.company})
                    result.companies.updated += 1
                else:
                    result.companies.unchanged += 1
            if row.location_key not in seen_locations:
                seen_locations.add(row.location_key)
                location = state.locations.get(row.location_key)
                if location is None:
                    changes.new_locations[row.location_key] = {
                        "external_id": row.location_key, "_company": row.company_key, **row.location,
                    }
                    result.locations.created += 1
                elif _differs(row.location, _columns(location, row.location)):
                    changes.location_updates.append({"id": location.id, **row.location})
                    result.locations.updated += 1
                else:
                    result.locations.unchanged += 1
            if row.email:
                changes._contact(row, state, result, touched_contacts)
        for outcome in touched_contacts.values():
            setattr(result.contacts, outcome, getattr(result.contacts, outcome) + 1)
        return changes

    def _contact(self, row: Row, state: _State, result: ImportResult, touched: dict[tuple[str, str], str]) -> None:
        key = (row.company_key, row.email)
        customer = state.customers.get(row.email)
        company = state.companies.get(row.company_key)
        contact = None
        if customer is not None and company is not None:
            contact = state.contacts.get((company.id, customer.id))
        if key not in touched:
            if customer is None:
                self.new_customers.setdefault(row.email, {"email": row.email, **row.names})
            else:
                names = {k: v for k, v in row.names.items() if getattr(customer, k) != v}
                if names:
                    self.customer_updates.setdefault(customer.id, {"id": customer.id}).update(names)
            if contact is None:
                self.new_contacts[key] = None
                touched[key] = "created"
                if company is None or company.id not in state.company_contacts:
                    self.main_contacts.setdefault(row.company_key, row.email)
            else:
                touched[key] = "updated" if customer is not None and customer.id in self.customer_updates else "unchanged"
        if row.role is None:
            return
        location = state.locations.get(row.location_key)
        stored = state.roles.get((contact.id, location.id)) if contact is not None and location is not None else None
        if stored is None:
            self.roles[(row.company_key, row.email, row.location_key)] = row.role
            result.roles.created += 1
        elif stored.role != row.role:
            self.role_updates.append({"id": stored.id, "role": row.role})
            result.roles.updated += 1
        else:
            result.roles.unchanged += 1

    async def write(self, session: AsyncSession, state: _State, settings: ShopSettings,
                    step: Callable[[int], None]) -> None:
        now = clock.now()
        company_ids = {key: c.id for key, c in state.companies.items()}
        numberless = [key for key, data in self.new_companies.items() if not data.get("customer_number")]
        given = {data["customer_number"] for data in self.new_companies.values() if data.get("customer_number")}
        given.update(u["customer_number"] for u in self.company_updates if u.get("customer_number"))
        for key, number in zip(numberless, await customer_numbers.take_from_series(session, len(numberless), given)):
            self.new_companies[key]["customer_number"] = number
        for chunk in chunks(list(self.new_companies.values())):
            stmt = insert(Company).returning(Company.id, Company.external_id)
            rows = [{"currency_code": settings.currency_code, "credit_limit": settings.default_credit_limit,
                     "created_at": now, "updated_at": now, **data} for data in chunk]
            made = (await session.execute(stmt, rows)).all()
            company_ids.update({ext: pk for pk, ext in made})
            self.created_company_ids.extend(pk for pk, _ in made)
        await _bulk_update(session, Company, self.company_updates, now)
        # every number given is recorded (numbers issued to the same company before are already)
        issued = {data["customer_number"]: company_ids[key] for key, data in self.new_companies.items()}
        issued.update({u["customer_number"]: u["id"] for u in self.company_updates
                       if u.get("customer_number") and u["customer_number"] not in state.numbers})
        await customer_numbers.record_many(session, issued)
        step(1)

        location_ids = {key: loc.id for key, loc in state.locations.items()}
        for chunk in chunks(list(self.new_locations.values())):
            rows = [{**{k: v for k, v in data.items() if k != "_company"}, "company_id": company_ids[data["_company"]],
                     "created_at": now, "updated_at": now} for data in chunk]
            stmt = insert(CompanyLocation).returning(CompanyLocation.id, CompanyLocation.external_id)
            location_ids.update({ext: pk for pk, ext in (await session.execute(stmt, rows)).all()})
        await _bulk_update(session, CompanyLocation, self.location_updates, now)

        customer_ids = {email: c.id for email, c in state.customers.items()}
        for chunk in chunks(list(self.new_customers.values())):
            rows = [{"first_name": None, "last_name": None, **data, "created_at": now, "updated_at": now}
                    for data in chunk]
            stmt = insert(Customer).returning(Customer.id, Customer.email)
            made = (await session.execute(stmt, rows)).all()
            customer_ids.update({email: pk for pk, email in made})
            self.created_customer_ids.extend(pk for pk, _ in made)
        await _bulk_update(session, Customer, list(self.customer_updates.values()), now)

        contact_ids = {(c.company_id, c.customer_id): c.id for c in state.contacts.values()}
        pending = [{"company_id": company_ids[k], "customer_id": customer_ids[e]} for k, e in self.new_contacts]
        for chunk in chunks(pending):
            stmt = insert(CompanyContact).returning(
                CompanyContact.id, CompanyContact.company_id, CompanyContact.customer_id
            )
            rows = [{**data, "created_at": now, "updated_at": now} for data in chunk]
            contact_ids.update({(c, u): pk for pk, c, u in (await session.execute(stmt, rows)).all()})
        main = [{"id": company_ids[k], "main_contact_id": contact_ids[(company_ids[k], customer_ids[e])]}
                for k, e in self.main_contacts.items()]
        await _bulk_update(session, Company, main, None)
        step(2)

        roles = [
            {"contact_id": contact_ids[(company_ids[k], customer_ids[e])], "location_id": location_ids[loc],
             "role": role, "created_at": now, "updated_at": now}
            for (k, e, loc), role in self.roles.items()
        ]
        for chunk in chunks(roles):
            await session.execute(insert(RoleAssignment), list(chunk))
        await _bulk_update(session, RoleAssignment, self.role_updates, now)
        step(3)

    async def emit(self, session: AsyncSession, state: _State) -> None:
        """COMPANIES_CREATE, COMPANIES_UPDATE and CUSTOMERS_CREATE for what write() made or changed
        (an existing company that got its main contact is changed too). The subscriptions are read
        once for the transaction; the rows are read back and the payloads built only for topics
        someone subscribes to, in a few bulk reads."""
        changed = {u["id"] for u in self.company_updates}
        changed.update(state.companies[k].id for k in self.main_contacts if k in state.companies)

        def rows_of(model: Any, pks: Iterable[int]) -> Callable[[], Any]:
            async def build() -> list[dict[str, Any]]:
                found = await _load(session, lambda ks: select(model).where(model.id.in_(ks)).order_by(model.id)
                                    .execution_options(populate_existing=True), pks)
                make = payloads.company if model is Company else payloads.customer
                return [await make(session, row) for row in found]
            return build

        if self.created_company_ids:
            await webhooks.emit_many(session, "COMPANIES_CREATE", rows_of(Company, self.created_company_ids))
        if changed:
            await webhooks.emit_many(session, "COMPANIES_UPDATE", rows_of(Company, changed))
        if self.created_customer_ids:
            await webhooks.emit_many(session, "CUSTOMERS_CREATE", rows_of(Customer, self.created_customer_ids))


def _columns(row: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {k: getattr(row, k) for k in values}


async def _bulk_update(session: AsyncSession, model: Any, rows: list[dict[str, Any]], now: datetime | None) -> None:
    """UPDATE by primary key, in chunks, rows grouped by the columns they set."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for data in rows:
        if now is not None:
            data = {**data, "updated_at": now}
        groups.setdefault(tuple(sorted(data)), []).append(data)
    for group in groups.values():
        for chunk in chunks(group):
            await session.execute(update(model), list(chunk))
