"""The `gateway` command line, run in-process against a database of its own (a SQLite file, or a
throwaway PostgreSQL database when TEST_DATABASE_URL is set): what an operator sees and the exit codes."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from gateway import demo, shop
from gateway.app import create_app
from gateway.catalog import products
from gateway.cli import main
from gateway.db.engine import Database
from gateway.db.models import Product
from gateway.platform import clock
from gateway.platform.settings import get_settings
from tests.fixtures import EXPRESSION_INDEX

PENDING = re.compile(r"needs migrations \([\w, ]+ pending\): run `gateway migrate` first\n$")

TOKEN_LINE = re.compile(r"gws_[A-Za-z0-9_-]{43}\n")
COMPANIES = "{ companies(first: 1) { nodes { id } } }"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def gateway(
    empty_database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator:
    """Runs `gateway ARGS` in-process with DATABASE_URL set to the empty database."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GATEWAY_HOME", str(tmp_path))  # the development .secret_key lands here
    monkeypatch.setenv("DATABASE_URL", empty_database.url)

    def run(*argv: str) -> Result:
        capsys.readouterr()
        get_settings.cache_clear()
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse: --help and usage errors
            code = exc.code
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield run
    get_settings.cache_clear()


@pytest.mark.parametrize(
    "command",
    [[], ["serve"], ["worker"], ["migrate"], ["seed-demo"], ["staff-token"], ["staff-token", "create"],
     ["staff-token", "list"], ["staff-token", "revoke"], ["storefront-token"], ["storefront-token", "create"],
     ["storefront-token", "list"], ["storefront-token", "revoke"], ["stock"], ["stock", "import"], ["staff"],
     ["staff", "create"], ["staff", "list"], ["staff", "disable"]],
)
def test_every_command_has_help(gateway, command: list[str]):
    result = gateway(*command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: gateway {' '.join(command)}".rstrip())


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x", "gateway: DATABASE_URL must use postgresql+asyncpg:// or sqlite+aiosqlite://, not 'mysql'\n"),
        ("not a url", "gateway: DATABASE_URL is not a valid SQLAlchemy URL: 'not a url'\n"),
        ("postgresql+asyncpg://x/db?pgbouncer=yes", "gateway: DATABASE_URL: ?pgbouncer= must be true or false, not 'yes'\n"),
        ("sqlite+aiosqlite:///x.db?pgbouncer=true", "gateway: DATABASE_URL: ?pgbouncer= is for postgresql+asyncpg:// URLs only\n"),
    ],
)
def test_a_bad_database_url_is_named(gateway, monkeypatch: pytest.MonkeyPatch, url: str, message: str):
    monkeypatch.setenv("DATABASE_URL", url)
    for command in (["migrate"], ["serve"], ["staff-token", "list"]):
        assert gateway(*command) == Result(1, "", message)


def test_an_unreachable_database_is_named_with_the_fix(gateway, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://postgres:secret@127.0.0.1:1/x")
    result = gateway("staff-token", "list")
    assert result.code == 1 and result.out == ""
    where = "postgresql+asyncpg://postgres:***@127.0.0.1:1/x"  # the password stays out of the message
    assert result.err.startswith(f"gateway: cannot reach the database at {where}: ")
    assert result.err.endswith("(check DATABASE_URL; is the server running?)\n")
    assert "Traceback" not in result.err


def test_a_production_setting_error_names_the_variable(gateway, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert gateway("migrate") == Result(
        1, "", "gateway: configuration error: SECRET_KEY is required when ENVIRONMENT=production\n"
    )


@pytest.mark.parametrize("command", [["worker"], ["serve"], ["staff-token", "list"], ["seed-demo"]])
def test_pending_migrations_stop_commands_on_postgresql(gateway, empty_database: Database, command: list[str]):
    if empty_database.is_sqlite:
        pytest.skip("the embedded SQLite database is migrated on first use")
    result = gateway(*command)
    assert result.code == 1
    assert PENDING.search(result.err), result.err


def test_the_worker_never_migrates_by_itself(gateway):
    assert PENDING.search(gateway("worker").err)


@pytest.mark.filterwarnings(f"ignore:.*{EXPRESSION_INDEX}")  # SQLite's batch downgrade reflects around it
def test_migrate_up_and_down(gateway, empty_database: Database):
    where = make_url(empty_database.url).render_as_string(hide_password=True)
    assert gateway("migrate") == Result(0, f"the database at {where} is at the latest schema (head)\n", "")
    assert gateway("staff-token", "list") == Result(0, "", "")
    downgraded = gateway("migrate", "--downgrade", "base")
    assert downgraded == Result(0, f"the database at {where} was downgraded to base\n", "")
    assert gateway("worker").code == 1
    bad = gateway("migrate", "--downgrade", "nope")
    assert bad == Result(1, "", "gateway: migrate: Can't locate revision identified by 'nope'\n")


def test_seed_demo_loads_once_and_names_the_buyers(gateway):
    assert gateway("migrate").code == 0
    first = gateway("seed-demo")
    assert first.code == 0
    assert first.out.startswith(f"demo shop {demo.SHOP_NAME!r} loaded: 21 products, 3 companies, 2 catalogs, "
                                 "2 customer groups\n")
    assert all(f"\n  {email}" in first.out for email in demo.BUYER_EMAILS)
    assert f"demo staff member (log in to /console with a code sent by email): {demo.STAFF_EMAIL} (OWNER)\n" in first.out
    second = gateway("seed-demo")
    assert second.code == 0
    assert second.out.startswith("demo shop already present; nothing changed\n")


async def test_seed_demo_refuses_clashing_data_and_loads_nothing(gateway, empty_database: Database):
    assert (await asyncio.to_thread(gateway, "migrate")).code == 0
    async with empty_database.transaction() as session:
        await products.create(session, {"title": "Hammer", "variants": [{"sku": "NW-HAM-450", "price": Decimal(1)}]})
    result = await asyncio.to_thread(gateway, "seed-demo")
    assert result == Result(
        1, "", "gateway: the demo shop clashes with data in the database, nothing loaded: SKU 'NW-HAM-450' is taken.\n"
    )
    async with empty_database.reader() as session:
        assert (await shop.get(session)).name != demo.SHOP_NAME
        assert await session.scalar(select(func.count()).select_from(Product)) == 1


async def test_staff_tokens_authenticate_until_revoked(gateway, empty_database: Database):
    async def run(*argv: str) -> Result:
        return await asyncio.to_thread(gateway, *argv)  # the CLI runs its own event loop

    assert (await run("migrate")).code == 0
    created = await run("staff-token", "create", "ci")
    assert created.code == 0 and TOKEN_LINE.fullmatch(created.out), created
    assert await run("staff-token", "list") == Result(0, f"ci\tMANAGER\tactive\tcreated {clock.now():%Y-%m-%d}\n", "")
    assert await run("staff-token", "create", "ci") == Result(
        1, "", "gateway: A token named 'ci' exists already. Pick another name; "
        "`gateway staff-token list` shows the tokens.\n"
    )

    async def status() -> int:
        response = await http.post(
            "/admin/graphql", json={"query": COMPANIES}, headers={"Authorization": f"Bearer {created.out.strip()}"}
        )
        return response.status_code

    app = create_app(get_settings(), empty_database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        assert await status() == 200
        assert await run("staff-token", "revoke", "ci") == Result(0, "revoked staff token 'ci'\n", "")
        assert await status() == 401
    assert (await run("staff-token", "list")).out.startswith("ci\tMANAGER\trevoked ")
    assert await run("staff-token", "revoke", "ci") == Result(
        1, "", "gateway: No active token named 'ci'. `gateway staff-token list` shows the tokens.\n"
    )


async def test_a_read_only_staff_token_reads_and_changes_nothing(gateway, empty_database: Database):
    assert (await asyncio.to_thread(gateway, "migrate")).code == 0
    created = await asyncio.to_thread(gateway, "staff-token", "create", "reports", "--role", "viewer")
    assert created.code == 0 and TOKEN_LINE.fullmatch(created.out), created
    assert (await asyncio.to_thread(gateway, "staff-token", "list")).out.startswith("reports\tVIEWER\tactive")
    app = create_app(get_settings(), empty_database)
    headers = {"Authorization": f"Bearer {created.out.strip()}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        assert (await http.post("/admin/graphql", json={"query": COMPANIES}, headers=headers)).json()["data"]
        mutation = 'mutation { companyCreate(input: { company: { name: "X" } }) { company { id } } }'
        refused = (await http.post("/admin/graphql", json={"query": mutation}, headers=headers)).json()
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_staff_accounts_are_created_listed_and_disabled(gateway):
    async def run(*argv: str) -> Result:
        return await asyncio.to_thread(gateway, *argv)

    assert (await run("migrate")).code == 0
    assert await run("staff", "create", "Owner@Shop.test", "--role", "owner") == Result(
        0, "staff member owner@shop.test (OWNER) created: they log in at /console with a code sent to that email\n", "")
    assert (await run("staff", "create", "v@shop.test", "--role", "VIEWER")).code == 0
    assert await run("staff", "create", "owner@shop.test", "--role", "MANAGER") == Result(
        1, "", "gateway: staff create: owner@shop.test is a staff member already.\n")
    assert (await run("staff", "create", "x@shop.test", "--role", "BOSS")).code == 2  # argparse names the choices
    assert await run("staff", "create", "not an email", "--role", "VIEWER") == Result(
        1, "", "gateway: staff create: 'not an email' is not a valid email address.\n")
    assert await run("staff", "list") == Result(
        0, "owner@shop.test\tOWNER\tACTIVE\tnever logged in\nv@shop.test\tVIEWER\tACTIVE\tnever logged in\n", "")
    assert await run("staff", "disable", "owner@shop.test") == Result(
        1, "", "gateway: staff disable: The shop needs an active OWNER: make another OWNER first.\n")
    assert await run("staff", "disable", "v@shop.test") == Result(
        0, "staff member v@shop.test disabled; their console sessions ended\n", "")
    assert (await run("staff", "list")).out.endswith("v@shop.test\tVIEWER\tDISABLED\tnever logged in\n")
    assert await run("staff", "disable", "nobody@shop.test") == Result(
        1, "", "gateway: staff disable: No staff member 'nobody@shop.test'.\n")


async def test_storefront_tokens_vouch_for_buyer_addresses_until_revoked(gateway, empty_database: Database):
    async def run(*argv: str) -> Result:
        return await asyncio.to_thread(gateway, *argv)

    assert (await run("migrate")).code == 0
    created = await run("storefront-token", "create", "next-shop")
    assert created.code == 0 and re.fullmatch(r"gwp_[A-Za-z0-9_-]{43}\n", created.out), created
    assert (await run("storefront-token", "create", "other")).code == 0
    assert await run("storefront-token", "list") == Result(
        0, f"next-shop\tactive\tcreated {clock.now():%Y-%m-%d}\nother\tactive\tcreated {clock.now():%Y-%m-%d}\n", ""
    )
    assert await run("staff-token", "list") == Result(0, "", "")  # a kind of its own
    assert await run("storefront-token", "create", " next-shop ") == Result(
        1, "", "gateway: A token named 'next-shop' exists already. Pick another name; "
        "`gateway storefront-token list` shows the tokens.\n"
    )

    async def status() -> int:
        response = await http.post("/graphql", json={"query": "{ shop { name } }"}, headers={
            "X-Storefront-Private-Token": created.out.strip(), "X-Buyer-IP": "192.0.2.7"})
        return response.status_code

    app = create_app(get_settings(), empty_database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        assert await status() == 200
        assert await run("storefront-token", "revoke", "next-shop") == Result(
            0, "revoked storefront token 'next-shop'\n", "")
        assert await status() == 401
    assert (await run("storefront-token", "list")).out.startswith("next-shop\trevoked ")
    assert await run("storefront-token", "revoke", "nope") == Result(
        1, "", "gateway: No active token named 'nope'. `gateway storefront-token list` shows the tokens.\n"
    )
    assert await run("storefront-token", "create", "  ") == Result(1, "", "gateway: A token needs a name.\n")


def test_serve_leaves_proxy_headers_to_trusted_proxies(gateway, monkeypatch: pytest.MonkeyPatch):
    """uvicorn would believe X-Forwarded-For from 127.0.0.1 by default; the gateway decides alone."""
    import uvicorn

    from gateway.platform import logs

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **options: seen.update(options))
    monkeypatch.setattr(logs, "configure", lambda level: None)  # the test run's logging stays as it is
    assert gateway("migrate").code == 0
    assert gateway("serve").code == 0
    assert seen["proxy_headers"] is False


def test_staff_token_create_prints_the_token_alone_from_a_fresh_sqlite_file(tmp_path: Path):
    """The real console entry point, as a deploy script would capture it: `TOKEN=$(gateway staff-token create x)`."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"}
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "staff-token", "create", "deploy"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert TOKEN_LINE.fullmatch(result.stdout)
    assert re.match(r"applying migrations 0001(, \d{4}\w*)* to sqlite\+aiosqlite:///", result.stderr)



def test_an_unexpected_error_is_one_line_without_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys):
    from gateway import cli

    def broken(_args):  # noqa: ANN001, ANN202
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(cli, "cmd_worker", broken)
    monkeypatch.delenv("GATEWAY_DEBUG", raising=False)
    assert cli.main(["worker"]) == 1
    err = capsys.readouterr().err
    assert err == ("gateway: unexpected error (RuntimeError: disk on fire). "
                   "Run again with GATEWAY_DEBUG=1 for the traceback.\n")
    monkeypatch.setenv("GATEWAY_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["worker"])
