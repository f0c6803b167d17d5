"""`gateway stock import FILE.csv` as an operator runs it, against a database of its own: every row
good or nothing changes, each bad row named by its line."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from gateway.catalog import products
from gateway.cli import main
from gateway.db.engine import Database
from gateway.db.models import ProductVariant
from gateway.platform.settings import get_settings
from tests.test_cli import Result


@pytest.fixture
def gateway(
    empty_database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator:
    """Runs `gateway ARGS` in-process with DATABASE_URL set to the empty database, migrated."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", empty_database.url)

    def run(*argv: str) -> Result:
        capsys.readouterr()
        get_settings.cache_clear()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    assert run("migrate").code == 0
    yield run
    get_settings.cache_clear()


async def stock(database: Database) -> dict[str, tuple[int, str]]:
    async with database.reader() as session:
        rows = await session.execute(
            select(ProductVariant.sku, ProductVariant.inventory_quantity, ProductVariant.inventory_policy)
        )
        return {sku: (quantity, policy) for sku, quantity, policy in rows}


async def test_stock_import_sets_every_row_or_none(gateway, empty_database: Database, tmp_path: Path):
    async with empty_database.transaction() as session:
        await products.create(session, {"title": "Bolt", "variants": [
            {"sku": "BOLT-S", "price": Decimal("1.00")}, {"sku": "BOLT-L", "price": Decimal("2.00")},
        ]})
    file = tmp_path / "stock.csv"
    file.write_text("sku,quantity,policy\nBOLT-S,12,DENY\nBOLT-L,-1,\nBOLT-X,3,\nBOLT-S,4,sometimes\n")
    refused = await asyncio.to_thread(gateway, "stock", "import", str(file))
    assert refused == Result(1, "nothing imported: the file has bad rows\n", (
        f"{file}: line 3: quantity '-1' is not a whole number from 0 to 1,000,000,000\n"
        f"{file}: line 4: no variant has sku BOLT-X\n"
        f"{file}: line 5: sku BOLT-S is listed twice (line 2 too)\n"
    ))
    assert await stock(empty_database) == {"BOLT-S": (None, "DENY"), "BOLT-L": (None, "DENY")}  # untracked

    file.write_text("sku,quantity,policy\nBOLT-S,12,DENY\nBOLT-X,3,\n")
    unknown = await asyncio.to_thread(gateway, "stock", "import", str(file))
    assert (unknown.code, unknown.err) == (1, f"{file}: line 3: no variant has sku BOLT-X\n")

    file.write_text("SKU,Quantity\nBOLT-S,12\nBOLT-L,7\n")
    assert await asyncio.to_thread(gateway, "stock", "import", str(file)) == Result(0, "stock set for 2 variants\n", "")
    file.write_text("sku,quantity,policy\nBOLT-S,5,continue\n")
    assert (await asyncio.to_thread(gateway, "stock", "import", str(file))).code == 0
    assert await stock(empty_database) == {"BOLT-S": (5, "CONTINUE"), "BOLT-L": (7, "DENY")}

    file.write_text("code,amount\nBOLT-S,5\n")
    assert await asyncio.to_thread(gateway, "stock", "import", str(file)) == Result(1, "nothing imported: the file has bad rows\n", (
        f"{file}: line 1: the header must name the columns sku and quantity (policy is optional)\n"
    ))
    missing = await asyncio.to_thread(gateway, "stock", "import", str(tmp_path / "nope.csv"))
    assert missing == Result(1, "", f"gateway: stock import: cannot read {tmp_path / 'nope.csv'}: No such file or directory\n")
