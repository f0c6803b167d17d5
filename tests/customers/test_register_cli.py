"""`gateway import` and `gateway export` as an operator runs them, against a database of their own."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gateway.cli import main
from gateway.db.engine import Database
from gateway.db.models import Company, CompanyContact
from gateway.platform.settings import get_settings
from tests.customers.helpers import ACME_HQ, rows_csv, sample
from tests.test_cli import Result


@pytest.fixture
def gateway(
    empty_database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator:
    """Runs `gateway ARGS` in-process with DATABASE_URL set to the empty database, migrated."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GATEWAY_HOME", str(tmp_path))
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


def summary(out: str) -> dict[str, tuple[int, ...]]:
    """{kind: numbers} of the summary's lines."""
    found = {}
    for line in out.splitlines():
        words = line.split()
        if words and words[0] in ("companies", "locations", "contacts", "roles", "rows"):
            found[words[0]] = tuple(int(w) for w in words if w.isdigit())
    return found


async def companies(db: Database) -> int:
    async with db.reader() as session:
        return await session.scalar(select(func.count()).select_from(Company))


@pytest.mark.parametrize("command", [["import"], ["export"]])
def test_help(gateway, command: list[str]):
    result = gateway(*command, "--help")
    assert result.code == 0 and result.out.startswith(f"usage: gateway {command[0]}")


async def test_import_dry_run_then_import_then_again(gateway, empty_database: Database, tmp_path: Path):
    file = tmp_path / "register.csv"
    file.write_text(rows_csv(sample()))

    async def run(*argv: str) -> Result:
        return await asyncio.to_thread(gateway, *argv)

    dry = await run("import", str(file), "--dry-run")
    assert dry.code == 0 and summary(dry.out)["companies"] == (2, 0, 0)
    assert "companies  would create      2  would update      0  unchanged      0" in dry.out
    assert dry.out.rstrip().endswith("dry run: nothing written")
    assert await companies(empty_database) == 0
    first = await run("import", str(file))
    assert first.code == 0, first
    assert summary(first.out) == {
        "companies": (2, 0, 0), "locations": (3, 0, 0), "contacts": (2, 0, 0), "roles": (3, 0, 0), "rows": (4, 0),
    }
    assert first.out.rstrip().endswith("imported") and first.err == ""  # no progress bar off a terminal
    assert "companies  created      2  updated      0" in first.out and "would" not in first.out
    again = await run("import", str(file))
    assert summary(again.out)["locations"] == (0, 0, 3) and again.out.rstrip().endswith("nothing to change")
    assert await companies(empty_database) == 2


async def test_bad_rows_are_listed_by_line_and_nothing_is_imported_unless_skipped(gateway, empty_database, tmp_path):
    file = tmp_path / "bad.csv"
    rows = [ACME_HQ, {**ACME_HQ, "location_external_id": "LOC-2", "contact_role": "BOSS"}]
    file.write_text(rows_csv(rows))
    refused = await asyncio.to_thread(gateway, "import", str(file))
    assert refused.code == 1
    assert refused.err == (f"{file}: line 3, contact_role: contact_role must be one of LOCATION_ADMIN, "
                           "ORDERING_ONLY, not 'BOSS'.\n")
    assert summary(refused.out)["rows"] == (2, 1) and "nothing imported" in refused.out
    assert "companies  would create      1" in refused.out and " created" not in refused.out
    assert await companies(empty_database) == 0
    all_bad = tmp_path / "all-bad.csv"
    all_bad.write_text(rows_csv(rows[1:]))
    nothing = await asyncio.to_thread(gateway, "import", str(all_bad), "--skip-invalid")
    assert nothing.code == 1 and nothing.out.rstrip().endswith("nothing imported: no row of the file is good")
    skipped = await asyncio.to_thread(gateway, "import", str(file), "--skip-invalid")
    assert skipped.code == 0 and skipped.out.rstrip().endswith("imported; 1 bad rows skipped")
    assert await companies(empty_database) == 1


def test_a_missing_file_is_named(gateway, tmp_path: Path):
    result = gateway("import", str(tmp_path / "nope.csv"))
    assert result.code == 1 and result.err == f"gateway: import: cannot read {tmp_path / 'nope.csv'}: No such file or directory\n"


def test_a_terminal_gets_a_progress_bar(gateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    file = tmp_path / "register.csv"
    file.write_text(rows_csv([{**ACME_HQ, "contact_email": f"c{n}@acme.test"} for n in range(1200)]))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    result = gateway("import", str(file))
    assert result.code == 0
    assert result.err.startswith("\r[") and result.err.endswith("] 100 %\n"), result.err[-80:]
    assert summary(result.out)["contacts"] == (1200, 0, 0)


async def test_export_to_a_file_and_to_stdout_round_trips(gateway, empty_database: Database, tmp_path: Path):
    source = tmp_path / "register.csv"
    source.write_text(rows_csv(sample()))
    assert (await asyncio.to_thread(gateway, "import", str(source))).code == 0
    target = tmp_path / "export.csv"
    to_file = await asyncio.to_thread(gateway, "export", str(target))
    assert to_file == Result(0, "", "exported 4 rows\n")
    to_stdout = await asyncio.to_thread(gateway, "export")
    assert to_stdout.code == 0 and to_stdout.out == target.read_text()
    assert to_stdout.out.splitlines()[1].startswith("ERP-1,Acme,556677-8899,K-10000,1000.00,30,LOC-1,Acme HQ,")
    again = await asyncio.to_thread(gateway, "import", str(target))
    assert again.code == 0 and again.out.rstrip().endswith("nothing to change")
    async with empty_database.reader() as session:
        assert await session.scalar(select(func.count()).select_from(CompanyContact)) == 2


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    get_settings.cache_clear()
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    finally:
        get_settings.cache_clear()
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def test_a_relative_sqlite_path_is_one_database_from_any_folder(monkeypatch, capsys, tmp_path: Path):
    """The default URL is relative: every command finds the database under GATEWAY_HOME, wherever it runs."""
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    monkeypatch.setenv("GATEWAY_HOME", str(home))
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///./shop.db")
    monkeypatch.chdir(home)
    assert run_cli(monkeypatch, capsys, "seed-demo").code == 0
    monkeypatch.chdir(elsewhere)
    exported = run_cli(monkeypatch, capsys, "export")
    assert exported.code == 0, exported.err
    assert len(exported.out.splitlines()) > 1 and "without an external id" not in exported.err
    customers = run_cli(monkeypatch, capsys, "export", "--customers")
    assert customers.code == 0 and customers.out.startswith("email,first_name,last_name,phone,customer_number,")
    assert list(elsewhere.iterdir()) == []  # no second, empty database


def test_export_refuses_a_sqlite_file_that_does_not_exist(monkeypatch, capsys, tmp_path: Path):
    monkeypatch.setenv("GATEWAY_HOME", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///./nothing-here.db")
    result = run_cli(monkeypatch, capsys, "export")
    assert result.code == 1 and f"no database at {tmp_path / 'nothing-here.db'}" in result.err
    assert not (tmp_path / "nothing-here.db").exists()
