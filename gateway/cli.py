"""`gateway serve | worker | migrate | seed-demo | staff create|list|disable |
staff-token create|list|revoke | storefront-token create|list|revoke | import | export | stock import`."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys
from collections.abc import Awaitable, Callable

from gateway.db.engine import Database, DatabaseURLError

ROLES = ("OWNER", "MANAGER", "VIEWER")  # gateway/auth/policy.py STAFF_ROLES (not imported: the CLI starts fast)
CONNECT_TIMEOUT = 10  # seconds; a firewalled host would otherwise hang for the driver's minute


class CLIError(Exception):
    """A message for the operator; printed without a traceback, exit code 1."""


def _database():  # noqa: ANN202
    from gateway.platform.settings import load

    settings = load()
    try:
        return settings, Database(settings.database_url)
    except DatabaseURLError as exc:
        raise CLIError(str(exc)) from None


def _where(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=True)


async def _reachable(db: Database) -> None:
    from sqlalchemy import text

    try:
        async with asyncio.timeout(CONNECT_TIMEOUT), db.reader() as session:
            await session.execute(text("SELECT 1"))
    except TimeoutError:
        reason = f"no answer within {CONNECT_TIMEOUT} s"
    except Exception as exc:  # noqa: BLE001 - the driver's own errors vary
        # SQLAlchemy wraps the driver's error and appends a help link; the driver's first line says it all.
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    else:
        return
    check = "the directory must exist and be writable" if db.is_sqlite else "is the server running?"
    raise CLIError(f"cannot reach the database at {_where(db)}: {reason} (check DATABASE_URL; {check})")


async def _prepare(db: Database, *, auto_migrate: bool) -> None:
    """Reachable and at head: migrate the embedded SQLite default, refuse otherwise."""
    from gateway.db import migrate

    await _reachable(db)
    pending = await migrate.pending(db.engine)
    if pending:
        if not auto_migrate:
            raise CLIError(
                f"the database at {_where(db)} needs migrations ({', '.join(pending)} pending): "
                "run `gateway migrate` first"
            )
        print(f"applying migrations {', '.join(pending)} to {_where(db)}", file=sys.stderr)
        await migrate.upgrade(db.engine)


def _run(db: Database, work: Callable[[], Awaitable[None]]) -> int:
    """Run work in a fresh event loop; the pool is closed however it ends, so no connection lingers."""

    async def run() -> None:
        try:
            await work()
        finally:
            await db.dispose()

    asyncio.run(run())
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from alembic.util import CommandError

    from gateway.db import migrate

    _, db = _database()

    async def run() -> None:
        try:
            await _reachable(db)
            if args.downgrade:
                await migrate.downgrade(db.engine, args.downgrade)
            else:
                await migrate.upgrade(db.engine)
        except CommandError as exc:  # e.g. an unknown revision
            raise CLIError(f"migrate: {exc}") from None
        done = f"was downgraded to {args.downgrade}" if args.downgrade else "is at the latest schema (head)"
        print(f"the database at {_where(db)} {done}")

    return _run(db, run)


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from gateway import demo
    from gateway.platform.errors import DomainError

    settings, db = _database()

    async def run() -> None:
        try:
            await _prepare(db, auto_migrate=settings.is_sqlite)
            async with db.transaction() as session:
                created = await demo.seed(session, settings)
        except DomainError as exc:
            raise CLIError(f"the demo shop clashes with data in the database, nothing loaded: {exc}") from None
        if created:
            print(
                f"demo shop {demo.SHOP_NAME!r} loaded: {len(demo.PRODUCTS)} products, "
                f"{len(demo.COMPANIES)} companies, {len(demo.CATALOGS)} catalogs, "
                f"{len(demo.GROUPS)} customer groups"
            )
        else:
            print("demo shop already present; nothing changed")
        print("demo buyers (log in on the storefront with a code sent by email):", *demo.BUYER_EMAILS, sep="\n  ")
        print("demo direct customers (Retail, Trade):", *demo.D2C_EMAILS, sep="\n  ")
        print(f"demo staff member (log in to /console with a code sent by email): {demo.STAFF_EMAIL} (OWNER)")

    return _run(db, run)


def _token_command(command: str, what: str, module: str) -> Callable[[argparse.Namespace], int]:
    """`gateway COMMAND create NAME | list | revoke NAME` for one kind of named token (gateway/auth/tokens.py):
    create prints the token alone on its line, so `TOKEN=$(gateway COMMAND create x)` captures it."""

    def run_command(args: argparse.Namespace) -> int:
        from gateway.platform.errors import DomainError

        kind = importlib.import_module(module).tokens  # late, like every command's domain code
        settings, db = _database()

        async def run() -> None:
            await _prepare(db, auto_migrate=settings.is_sqlite)
            try:
                async with db.transaction() as session:
                    if args.action == "create":
                        role = {"role": args.role} if getattr(args, "role", None) else {}
                        print(await kind.create(session, args.name, **role))
                    elif args.action == "revoke":
                        await kind.revoke(session, args.name)
                        print(f"revoked {what} {args.name!r}")
                    else:
                        for token in await kind.list_all(session):
                            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                            role = f"\t{token.role}" if hasattr(token, "role") else ""
                            print(f"{token.name}{role}\t{state}\tcreated {token.created_at:%Y-%m-%d}")
            except DomainError as exc:
                hints = {"TAKEN": " Pick another name;", "NOT_FOUND": ""}
                code = exc.problems[0].code
                hint = f"{hints[code]} `gateway {command} list` shows the tokens." if code in hints else ""
                raise CLIError(f"{exc}{hint}") from None

        return _run(db, run)

    return run_command


TOKEN_COMMANDS = [  # command, what it makes, help, the module whose `tokens` it manages
    ("staff-token", "staff token", "Admin API tokens", "gateway.auth.staff_tokens"),
    ("storefront-token", "storefront token",
     "private storefront tokens (server-side storefronts: X-Storefront-Private-Token, X-Buyer-IP)",
     "gateway.auth.storefront_tokens"),
]


def cmd_staff(args: argparse.Namespace) -> int:
    """`gateway staff create EMAIL --role R | list | disable EMAIL`: the console's staff accounts."""
    from gateway.auth import staff
    from gateway.platform.errors import DomainError

    settings, db = _database()

    async def run() -> None:
        await _prepare(db, auto_migrate=settings.is_sqlite)
        try:
            async with db.transaction() as session:
                if args.action == "create":
                    member = await staff.create(session, args.email, args.role)
                    print(f"staff member {member.email} ({member.role}) created: they log in at /console "
                          "with a code sent to that email")
                elif args.action == "disable":
                    member = await staff.disable(session, args.email)
                    print(f"staff member {member.email} disabled; their console sessions ended")
                else:
                    for member in await staff.list_all(session):
                        last = f"last login {member.last_login_at:%Y-%m-%d}" if member.last_login_at else "never logged in"
                        print(f"{member.email}\t{member.role}\t{member.status}\t{last}")
        except DomainError as exc:
            raise CLIError(f"staff {args.action}: {exc}") from None

    return _run(db, run)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from gateway.platform import logs
    from gateway.platform.settings import safe_to_go_live
    from gateway.serve import NO_WORKER_ENV

    settings, db = _database()
    safe_to_go_live(settings)  # before the database is touched; make_app logs what an ALLOW_ accepted

    async def prepare() -> None:
        await _prepare(db, auto_migrate=settings.is_sqlite and not settings.is_production)

    _run(db, prepare)
    logs.configure(settings.log_level)  # after the checks, so Alembic's chatter stays out of the log
    if args.no_worker:
        os.environ[NO_WORKER_ENV] = "1"
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 (or
    # FORWARDED_ALLOW_IPS); TRUSTED_PROXIES, read in resolvers/platform/context.py, is the one setting for that.
    uvicorn.run(
        "gateway.serve:make_app", factory=True, host=args.host, port=args.port, workers=args.workers,
        log_config=None, proxy_headers=False,
    )
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import logging

    from gateway import worker
    from gateway.platform import logs
    from gateway.platform.settings import safe_to_go_live

    settings, db = _database()
    accepted = safe_to_go_live(settings)

    async def run() -> None:
        await _prepare(db, auto_migrate=False)
        logs.configure(settings.log_level)  # after the checks, so Alembic's chatter stays out of the log
        for risk in accepted:
            logging.getLogger("gateway").warning(risk)
        await worker.run_forever(db, settings)

    return _run(db, run)


class _ProgressBar:
    """A one-line bar on stderr, redrawn in place; only on a terminal."""

    WIDTH = 30

    def __init__(self) -> None:
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        if filled == self.last:
            return
        self.last = filled
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {100 * done // max(total, 1):3d} %")
        sys.stderr.flush()

    def close(self) -> None:
        if self.last >= 0:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _summary(result, skip_invalid: bool) -> str:  # noqa: ANN001
    """created, updated, unchanged and refused ("would create" on a dry run or a refused file): one
    line per kind, then the verdict."""
    lines = []
    # nothing was written on a dry run or a refused file: the counts are what would have been
    would = result.dry_run or not result.applied and result.rejected
    created, updated = ("would create", "would update") if would else ("created", "updated")
    for kind in ("companies", "locations", "contacts", "roles"):
        counts = getattr(result, kind)
        lines.append(f"{kind:<10} {created} {counts.created:>6}  {updated} {counts.updated:>6}  "
                     f"unchanged {counts.unchanged:>6}")
    lines.append(f"rows       {result.rows:>6}  refused {result.refused:>6}")
    if result.dry_run:
        verdict = "dry run: nothing written"
    elif result.applied:
        verdict = "imported" + (f"; {result.refused} bad rows skipped" if result.refused else "")
    elif result.rejected and not result.refused:
        verdict = "nothing imported: the file is refused"
    elif result.rejected and skip_invalid:
        verdict = "nothing imported: no row of the file is good"
    elif result.rejected:
        verdict = "nothing imported: the file has bad rows (fix them, or pass --skip-invalid to import the rest)"
    else:
        verdict = "nothing to change"
    lines.append(verdict)
    return "\n".join(lines)


def _read_csv(path: str, command: str) -> str:
    """A CSV file's text (a BOM dropped), or a CLIError naming the command and why it cannot be read."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as source:
            return source.read()
    except OSError as exc:
        raise CLIError(f"{command}: cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CLIError(f"{command}: {path} is not UTF-8 text") from None


def cmd_import(args: argparse.Namespace) -> int:
    from gateway.customers import importer
    from gateway.platform.errors import DomainError

    text = _read_csv(args.file, "import")
    settings, db = _database()
    outcome: dict = {}

    async def run() -> None:
        await _prepare(db, auto_migrate=settings.is_sqlite)
        bar = _ProgressBar() if sys.stderr.isatty() else None
        try:
            async with db.transaction() as session:
                outcome["result"] = await importer.run(
                    session, text, dry_run=args.dry_run, skip_invalid=args.skip_invalid, progress=bar,
                )
        except DomainError as exc:
            raise CLIError(f"import: {exc}") from None
        finally:
            if bar:
                bar.close()

    _run(db, run)
    result = outcome["result"]
    for error in result.errors:
        where = f"line {error.line}" + (f", {error.column}" if error.column else "")
        print(f"{args.file}: {where}: {error.message}", file=sys.stderr)
    print(_summary(result, args.skip_invalid))
    return 1 if result.rejected else 0


def cmd_export(args: argparse.Namespace) -> int:
    from gateway.customers import exporter

    settings, db = _database()
    outcome: dict = {}
    if settings.is_sqlite and not os.path.exists(db.engine.url.database or ""):
        # Reading must not create: an empty new file would export nothing and look like success.
        raise CLIError(f"export: no database at {db.engine.url.database} (DATABASE_URL; a relative SQLite "
                       "path is taken from GATEWAY_HOME)")

    async def run() -> None:
        await _prepare(db, auto_migrate=settings.is_sqlite)
        async with db.reader() as session:
            outcome["result"] = await (exporter.export_customers if args.customers else exporter.export)(session)

    _run(db, run)
    result = outcome["result"]
    if args.file == "-":
        sys.stdout.write(result.text)
        sys.stdout.flush()
    else:
        try:
            with open(args.file, "w", encoding="utf-8", newline="") as target:
                target.write(result.text)
        except OSError as exc:
            raise CLIError(f"export: cannot write {args.file}: {exc.strerror}") from None
    unmatched = f"; {result.unmatched} rows without an external id (an import refuses them and says why)" \
        if result.unmatched else ""
    print(f"exported {result.rows} rows{unmatched}", file=sys.stderr)
    return 0


def cmd_stock_import(args: argparse.Namespace) -> int:
    """Set stock by sku from CSV (sku,quantity[,policy]); every row must be good or nothing changes."""
    from gateway.catalog import stock

    text = _read_csv(args.file, "stock import")
    settings, db = _database()
    outcome: dict = {}

    async def run() -> None:
        await _prepare(db, auto_migrate=settings.is_sqlite)
        async with db.transaction() as session:
            outcome["result"] = await stock.import_csv(session, text)

    _run(db, run)
    result = outcome["result"]
    for error in result.errors:
        print(f"{args.file}: line {error.line}: {error.message}", file=sys.stderr)
    if result.errors:
        print("nothing imported: the file has bad rows")
        return 1
    print(f"stock set for {result.updated} variants")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="gateway", description="B2B commerce gateway.")
    sub = root.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the Storefront and Admin GraphQL APIs")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    serve.add_argument("--no-worker", action="store_true", help="do not run the outbox sender in-process")
    serve.set_defaults(fn=cmd_serve)

    worker = sub.add_parser("worker", help="run the outbox sender (email, webhooks) alone")
    worker.set_defaults(fn=cmd_worker)

    migrate = sub.add_parser("migrate", help="upgrade the database to the latest schema")
    migrate.add_argument("--downgrade", metavar="REVISION", help="downgrade to REVISION instead (base: empty)")
    migrate.set_defaults(fn=cmd_migrate)

    seed = sub.add_parser("seed-demo", help="load the demo shop (idempotent)")
    seed.set_defaults(fn=cmd_seed_demo)

    staff = sub.add_parser("staff", help="staff accounts of the console (/console)")
    staff_sub = staff.add_subparsers(dest="action", required=True)
    staff_create = staff_sub.add_parser("create", help="create a staff account (logs in with an emailed code)")
    staff_create.add_argument("email")
    staff_create.add_argument("--role", required=True, type=str.upper, choices=ROLES,
                              help="OWNER manages staff, MANAGER runs the shop, VIEWER reads")
    staff_sub.add_parser("list", help="list staff accounts")
    staff_disable = staff_sub.add_parser("disable", help="disable a staff account and end its sessions")
    staff_disable.add_argument("email")
    staff.set_defaults(fn=cmd_staff)

    for command, what, help_text, module in TOKEN_COMMANDS:
        token = sub.add_parser(command, help=help_text)
        token_sub = token.add_subparsers(dest="action", required=True)
        create = token_sub.add_parser("create", help=f"create a {what} and print it (shown once)")
        create.add_argument("name")
        if command == "staff-token":
            create.add_argument("--role", default="MANAGER", type=str.upper, choices=ROLES,
                                help="what the token may do: VIEWER reads only (default MANAGER)")
        token_sub.add_parser("list", help=f"list {what}s (names and state, never the secret)")
        revoke = token_sub.add_parser("revoke", help=f"revoke a {what} by name")
        revoke.add_argument("name")
        token.set_defaults(fn=_token_command(command, what, module))

    imports = sub.add_parser("import", help="import the register (companies, locations, contacts) from CSV")
    imports.add_argument("file", metavar="FILE.csv")
    imports.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    imports.add_argument("--skip-invalid", action="store_true", help="import the good rows when some are bad")
    imports.set_defaults(fn=cmd_import)

    stock = sub.add_parser("stock", help="variant stock")
    stock_sub = stock.add_subparsers(dest="action", required=True)
    stock_import = stock_sub.add_parser(
        "import", help="set stock by sku from CSV: a header row sku,quantity[,policy] (policy DENY or CONTINUE)"
    )
    stock_import.add_argument("file", metavar="FILE.csv")
    stock_import.set_defaults(fn=cmd_stock_import)

    exports = sub.add_parser("export", help="export the register as CSV (the import's format)")
    exports.add_argument("file", metavar="FILE", nargs="?", default="-", help="where to write (default -: stdout)")
    exports.add_argument("--customers", action="store_true",
                         help="every customer (people) with numbers, groups and consents instead of the register")
    exports.set_defaults(fn=cmd_export)
    return root


def main(argv: list[str] | None = None) -> int:
    from gateway.platform.settings import ConfigurationError, for_operator

    args = parser().parse_args(argv)
    try:
        return args.fn(args)
    except (CLIError, ConfigurationError) as exc:
        print(for_operator(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a message, not a traceback; GATEWAY_DEBUG=1 shows it
        if os.environ.get("GATEWAY_DEBUG"):
            raise
        print(f"gateway: unexpected error ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). "
              "Run again with GATEWAY_DEBUG=1 for the traceback.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
