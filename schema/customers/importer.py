"""The register's CSV import and export (Admin API)."""

from __future__ import annotations

import strawberry

from gateway.customers.importer import Counts, ImportResult
from schema import errors
from schema.errors import UserError


@strawberry.type(description="Distinct records of one kind the file creates, updates or leaves as they are.")
class RegisterImportCounts:
    created: int
    updated: int
    unchanged: int

    @classmethod
    def of(cls, counts: Counts) -> "RegisterImportCounts":
        return cls(created=counts.created, updated=counts.updated, unchanged=counts.unchanged)


@strawberry.type(description="A bad row: its line in the file (1 is the header), the column, and why.")
class RegisterImportRowError:
    line: int
    column: str | None
    code: str
    message: str


@strawberry.type
class RegisterImportResult:
    dry_run: bool
    imported: bool = strawberry.field(description="Whether anything was written: false for a dry run, a file "
                                      "with bad rows (without skipInvalid) or a file that changes nothing.")
    rows: int = strawberry.field(description="Data rows in the file.")
    refused: int = strawberry.field(description="Bad rows: with skipInvalid the rest was imported; without it, "
                                    "nothing was.")
    companies: RegisterImportCounts
    locations: RegisterImportCounts
    contacts: RegisterImportCounts
    roles: RegisterImportCounts
    errors: list[RegisterImportRowError]

    @classmethod
    def of(cls, result: ImportResult) -> "RegisterImportResult":
        return cls(
            dry_run=result.dry_run, imported=result.applied, rows=result.rows, refused=result.refused,
            companies=RegisterImportCounts.of(result.companies), locations=RegisterImportCounts.of(result.locations),
            contacts=RegisterImportCounts.of(result.contacts), roles=RegisterImportCounts.of(result.roles),
            errors=[RegisterImportRowError(line=e.line, column=e.column, code=e.code, message=e.message)
                    for e in result.errors],
        )


@strawberry.type
class RegisterImportPayload:
    result: RegisterImportResult | None = None
    user_errors: list[UserError] = errors.none()
