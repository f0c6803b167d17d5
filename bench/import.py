"""Benchmark: import a 10,000-row register CSV, then import it again (nothing to change).

    python3 bench/import.py [--db sqlite|postgresql] [--url URL] [--rows 10000]

Wipes and migrates the database (PostgreSQL default: postgresql+asyncpg://postgres@127.0.0.1/gw_bench),
generates ROWS rows (companies of two locations with two contacts each, Net 30 terms, addresses),
and times gateway/customers/importer.run in one transaction, as `gateway import` runs it: a fresh
import, a re-import of the same file, and an export. Exits 1 when the re-import changes anything.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parent.parent.resolve():
    os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])  # `python3 bench/import.py` runs in the project's venv
sys.path[:0] = [str(ROOT)]

from bench.seed import reset  # noqa: E402
from gateway.customers import exporter, importer  # noqa: E402
from gateway.customers.csvformat import COLUMNS  # noqa: E402
from gateway.db.engine import Database, StatementCounter, statement_counter  # noqa: E402

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1/gw_bench"


def generate(rows: int) -> str:
    """rows rows: each company has two locations, each location two contacts."""
    lines = [",".join(COLUMNS)]
    for n in range(rows):
        company, location, contact = n // 4, n // 2, n
        cells = {
            "company_external_id": f"ERP-{company:06}", "company_name": f"Company {company:06} AB",
            "org_number": f"55{company:06}-0000", "credit_limit": "50000.00", "max_payment_days": "60",
            "location_external_id": f"LOC-{location:06}", "location_name": f"Site {location:06}",
            "billing_address1": f"Street {location}", "billing_city": "Stockholm", "billing_zip": "11122",
            "billing_country_code": "SE", "shipping_address1": f"Dock {location}", "shipping_city": "Solna",
            "shipping_country_code": "SE", "payment_terms": "Net 30",
            "contact_email": f"buyer{contact:06}@company{company:06}.test", "contact_first_name": "Buyer",
            "contact_last_name": f"No {contact}", "contact_role": "LOCATION_ADMIN" if n % 2 == 0 else "ORDERING_ONLY",
        }
        lines.append(",".join(cells.get(c, "") for c in COLUMNS))
    return "\n".join(lines) + "\n"


async def timed_import(db: Database, text: str) -> tuple[float, int, importer.ImportResult]:
    counter = StatementCounter()
    token = statement_counter.set(counter)
    started = time.perf_counter()
    try:
        async with db.transaction() as session:
            result = await importer.run(session, text)
    finally:
        statement_counter.reset(token)
    return time.perf_counter() - started, counter.count, result


def describe(result: importer.ImportResult) -> str:
    return "; ".join(
        f"{kind} {c.created}/{c.updated}/{c.unchanged}"
        for kind, c in ((k, getattr(result, k)) for k in importer.ENTITIES)
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--url")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    url = args.url or (DEFAULT_PG if args.db == "postgresql" else
                       f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}")
    db = Database(url)
    try:
        await reset(db)
        text = generate(args.rows)
        print(f"database: {db.engine.url.get_backend_name()}; {args.rows} rows, {len(text) / 1e6:.1f} MB of CSV")
        print("counts: created/updated/unchanged")
        fresh, statements, result = await timed_import(db, text)
        print(f"fresh import   {fresh:7.2f} s  {statements:4} SQL  {describe(result)}; refused {result.refused}")
        again, statements, second = await timed_import(db, text)
        print(f"re-import      {again:7.2f} s  {statements:4} SQL  {describe(second)}; refused {second.refused}")
        started = time.perf_counter()
        async with db.reader() as session:
            exported = await exporter.export(session)
        print(f"export         {time.perf_counter() - started:7.2f} s  {exported.rows} rows")
        return 0 if second.changes == 0 and not result.errors else 1
    finally:
        await db.dispose()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
