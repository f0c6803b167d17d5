"""Admin registerImport and registerExport: thin calls on gateway/customers/importer.py and exporter.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.customers import exporter, importer
from resolvers.platform.errors import mutate
from schema.customers.importer import RegisterImportPayload, RegisterImportResult
from schema.errors import UserError

MAX_CSV_CHARS = 50_000_000


async def register_import(
    info: strawberry.Info, csv: str, dry_run: bool | None = False, skip_invalid: bool | None = False
) -> RegisterImportPayload:
    """Upsert companies, locations and contacts from CSV (README: the register's CSV format). A file
    with bad rows imports nothing unless skipInvalid; dryRun reports what would change and writes nothing."""
    from gateway.platform.errors import DomainError

    async def work(session: AsyncSession) -> dict:
        if len(csv) > MAX_CSV_CHARS:
            raise DomainError.of("TOO_LONG", f"The CSV may have at most {MAX_CSV_CHARS} characters.", "csv")
        result = await importer.run(session, csv, dry_run=bool(dry_run), skip_invalid=bool(skip_invalid))
        refusal = result.refusal()  # nothing was written: the rows' errors are in result.errors
        errors = [UserError(field=["csv"], code="INVALID_ROWS", message=refusal)] if refusal else []
        return {"result": RegisterImportResult.of(result), "user_errors": errors}

    return await mutate(info, RegisterImportPayload, work)


async def register_export(info: strawberry.Info) -> str:
    """The register as CSV in registerImport's format: importing it back changes nothing."""
    async with info.context.db.reader() as session:
        return (await exporter.export(session)).text


async def customers_export(info: strawberry.Info) -> str:
    """Every customer as CSV (README: the customers' CSV): numbers, groups, consents, companies."""
    async with info.context.db.reader() as session:
        return (await exporter.export_customers(session)).text
