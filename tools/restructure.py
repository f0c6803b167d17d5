"""Move modules to the feature layout (issue 12) and rewrite every reference to them.

    python3 tools/restructure.py            # move what is still at an old path, rewrite, report
    python3 tools/restructure.py --check    # change nothing; list what would change (exit 1 if any)

Re-runnable: run it again over code merged from branches that still use the old paths. It
`git mv`s each file still at an old path (new files in a moved package too), then rewrites
`from gateway import x`, `from gateway.x import y`, `import gateway.x`, dotted references
(`gateway.x.y` in code, strings, mock/patch targets, `strawberry.lazy`) and slash paths
(`gateway/x.py` in comments and Markdown) in .py, .md, .toml, .ini and .cfg files. Code
already on the new paths is left alone, so a second run changes nothing.

After merging a branch written against the old layout:

    python3 tools/restructure.py && .venv/bin/python -m pytest -q tests/test_architecture.py

then grep for the few things it cannot rewrite: a moved *name* used as `module.name` (NAMES lists
them: `orders.record_payment` is `ledger.record_payment`, `methods.charge` is `ledger.charge`,
`worker.run_forever` is gateway/worker.py's, `profile.pay_orders` is `ledger.pay_orders`), the
class TestProvider (now SandboxProvider), and new modules it reports as unplaced.

MODULES maps an old module to its new one; PACKAGES maps an old package prefix (every module
below it moves along unless MODULES names it). When a module's last name changes (draft_orders
-> drafts), the files importing it by that name get the new name in their code as well.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = ("gateway", "schema", "resolvers", "tests")

MODULES: dict[str, str] = {
    # infrastructure: the plumbing every feature uses
    "gateway.settings": "gateway.platform.settings",
    "gateway.clock": "gateway.platform.clock",
    "gateway.ids": "gateway.platform.ids",
    "gateway.money": "gateway.platform.money",
    "gateway.pagination": "gateway.platform.pagination",
    "gateway.logs": "gateway.platform.logs",
    "gateway.throttle": "gateway.platform.throttle",
    "gateway.validation": "gateway.platform.validation",
    "gateway.search": "gateway.platform.search",
    "gateway.errors": "gateway.platform.errors",
    "gateway.register.addresses": "gateway.platform.addresses",
    "gateway.front_door": "gateway.platform.front_door",  # the HTTP edge: body limits, JSON errors
    # orders: carts to returns
    "gateway.carts": "gateway.orders.carts",
    "gateway.checkout": "gateway.orders.checkout",
    "gateway.draft_orders": "gateway.orders.drafts",
    "gateway.orders": "gateway.orders.orders",
    "gateway.fulfillments": "gateway.orders.fulfillments",
    "gateway.returns": "gateway.orders.returns",
    "gateway.reorder": "gateway.orders.reorder",
    "gateway.order_events": "gateway.orders.timeline",
    "gateway.idempotency": "gateway.orders.idempotency",
    "gateway.platform.idempotency": "gateway.orders.idempotency",  # where phase 1 had it
    "gateway.platform.housekeeping": "gateway.housekeeping",  # where phase 1 had it
    # customers: the merchant's register
    "gateway.register.views": "gateway.customers.lists",
    "gateway.account_requests": "gateway.customers.account_requests",
    "gateway.auth.invitations": "gateway.customers.invitations",
    # account: the buyer's own
    "gateway.account": "gateway.account.profile",
    "gateway.leaving": "gateway.account.deletion",
    # auth
    "gateway.staff_tokens": "gateway.auth.staff_tokens",
    # outbox: one table, two channels (mail, webhooks)
    "gateway.mail.outbox": "gateway.outbox",
    "gateway.mail.worker": "gateway.outbox.worker",
    # payments
    "gateway.payments.test_provider": "gateway.payments.sandbox",
    # schema: by feature
    "schema.hardening": "schema.build",
    "schema.admin": "resolvers.admin",  # the Schemas are assembled where the resolvers are
    "schema.storefront": "resolvers.storefront",
    "schema.inputs": "schema.customers.inputs",
    "schema.payloads": "schema.customers.payloads",
    "schema.types.order": "schema.orders.order",
    "schema.types.cart": "schema.orders.cart",
    "schema.types.returns": "schema.orders.returns",
    "schema.types.register": "schema.customers.register",
    "schema.types.account_requests": "schema.customers.account_requests",
    "schema.types.register_transfer": "schema.customers.importer",
    "schema.types.account": "schema.account",
    "schema.types.auth": "schema.auth",
    "schema.types.catalog": "schema.catalog.types",
    "schema.catalog": "schema.catalog.types",  # where phase 1 had it
    "schema.types.payment": "schema.payments",
    "schema.types.shop": "schema.shop",
    "schema.types.webhooks": "schema.webhooks",
    # resolvers: by feature, plumbing apart
    "resolvers.orders": "resolvers.orders.orders",
    "resolvers.carts": "resolvers.orders.carts",
    "resolvers.checkout": "resolvers.orders.checkout",
    "resolvers.returns": "resolvers.orders.returns",
    "resolvers.register": "resolvers.customers.register",
    "resolvers.register_transfer": "resolvers.customers.importer",
    "resolvers.register_views": "schema.customers.stats",
    "resolvers.customers.lists": "schema.customers.stats",  # where phase 1 had it
    "resolvers.account_requests": "resolvers.customers.account_requests",
    "resolvers.account": "resolvers.account.profile",
    "resolvers.leaving": "resolvers.account.deletion",
    "resolvers.auth": "resolvers.auth.login",
    "resolvers.viewer": "resolvers.auth.viewer",
    "resolvers.catalog": "resolvers.catalog.admin",
    "resolvers.storefront_catalog": "resolvers.catalog.storefront",
    "resolvers.pricing": "schema.catalog.pricing",
    "resolvers.catalog.pricing": "schema.catalog.pricing",  # where phase 1 had it
    "resolvers.connections": "schema.relay",
    "resolvers.platform.connections": "schema.relay",  # where phase 1 had it
    "schema.common": "schema.values",
    "resolvers.context": "resolvers.platform.context",
    "resolvers.errors": "resolvers.platform.errors",
    "resolvers.loaders": "resolvers.platform.loaders",
}

# tests/ by feature (issue 12): files of the old folders, and where their shared set-up went.
MODULES.update({
    "tests.conftest": "tests.fixtures",
    "tests.admin.helpers": "tests.helpers",
    "tests.admin.sessions": "tests.auth.sessions",
    "tests.admin.test_auth": "tests.auth.test_staff_tokens",
    "tests.admin.test_catalogs": "tests.catalog.test_catalogs",
    "tests.admin.test_companies": "tests.customers.test_companies",
    "tests.admin.test_contacts": "tests.customers.test_contacts",
    "tests.admin.test_customers": "tests.customers.test_customers",
    "tests.admin.test_locations": "tests.customers.test_locations",
    "tests.admin.test_errors": "tests.platform.test_errors",
    "tests.admin.test_nodes": "tests.platform.test_nodes",
    "tests.admin.test_not_found": "tests.platform.test_not_found",
    "tests.admin.test_pagination": "tests.platform.test_pagination",
    "tests.admin.test_products": "tests.catalog.test_admin_products",
    "tests.admin.test_races": "tests.customers.test_races",
    "tests.admin.test_shop": "tests.test_shop",
    "tests.admin.test_statement_counts": "tests.customers.test_statement_counts",
    "tests.account.conftest": "tests.account.helpers",
    "tests.account.test_authorization_matrix": "tests.auth.test_authorization_matrix",
    "tests.account.test_customer_delete": "tests.account.test_deletion",
    "tests.account.test_order_history": "tests.orders.test_order_history",
    "tests.account.test_payments": "tests.orders.test_orders_pay",
    "tests.account.test_reorder": "tests.orders.test_reorder",
    "tests.account_requests.conftest": "tests.customers.account_requests",
    "tests.account_requests.test_erp_match": "tests.customers.test_account_request_erp_match",
    "tests.account_requests.test_requests": "tests.customers.test_account_requests",
    "tests.account_requests.test_review": "tests.customers.test_account_request_review",
    "tests.catalog.conftest": "tests.catalog.helpers",
    "tests.catalog.test_carts": "tests.orders.test_carts",
    "tests.checkout.conftest": "tests.orders.helpers",
    "tests.checkout.test_admin_orders": "tests.orders.test_admin_orders",
    "tests.checkout.test_checkout": "tests.orders.test_checkout",
    "tests.checkout.test_order_pay": "tests.orders.test_order_pay",
    "tests.checkout.test_races": "tests.orders.test_checkout_races",
    "tests.login.conftest": "tests.outbox.smtp",
    "tests.login.helpers": "tests.auth.helpers",
    "tests.login.test_hardening": "tests.auth.test_login_hardening",
    "tests.login.test_invitations": "tests.customers.test_invitations",
    "tests.login.test_mail": "tests.outbox.test_mail",
    "tests.login.test_policy": "tests.auth.test_login_policy",
    "tests.login.test_viewer": "tests.auth.test_viewer",
    "tests.register.helpers": "tests.customers.helpers",
    "tests.register.test_cli": "tests.customers.test_register_cli",
    "tests.register.test_customer_numbers": "tests.customers.test_customer_numbers",
    "tests.register.test_customer_numbers_migration": "tests.customers.test_customer_numbers_migration",
    "tests.register.test_import": "tests.customers.test_import",
    "tests.register.test_import_webhooks": "tests.customers.test_import_webhooks",
    "tests.register.test_views": "tests.customers.test_lists",
    "tests.returns.conftest": "tests.orders.returns",
    "tests.returns.test_fulfillments": "tests.orders.test_fulfillments",
    "tests.returns.test_races": "tests.orders.test_return_races",
    "tests.returns.test_returns": "tests.orders.test_returns",
    "tests.returns.test_statement_counts": "tests.orders.test_return_statement_counts",
    "tests.returns.test_timeline": "tests.orders.test_timeline",
    "tests.webhooks.conftest": "tests.outbox.webhooks",
    "tests.webhooks.test_delivery": "tests.outbox.test_webhook_delivery",
    "tests.webhooks.test_subscriptions": "tests.outbox.test_webhook_subscriptions",
    "tests.webhooks.test_topics": "tests.outbox.test_webhook_topics",
})

# Old modules whose path is taken again by a new one: imports are rewritten, the file stays.
IMPORTS_ONLY = {"tests.conftest"}  # now only registers tests/fixtures.py

PACKAGES: dict[str, str] = {
    "gateway.register": "gateway.customers",
    "gateway.mail": "gateway.outbox.mail",
    "gateway.webhooks": "gateway.outbox.webhooks",
    "schema.types": "schema",
    # new files in an old tests/ folder go to the feature folder most of its files went to
    "tests.admin": "tests.customers",
    "tests.account_requests": "tests.customers",
    "tests.checkout": "tests.orders",
    "tests.login": "tests.auth",
    "tests.register": "tests.customers",
    "tests.returns": "tests.orders",
    "tests.webhooks": "tests.outbox",
}

# Names that moved out of a module (keyed by the module's new path): `from schema.common import
# Money` becomes `from schema.values import Money`. Only `from m import name` is rewritten; a use
# as `module.name` must be fixed by hand (the run lists none: grep for it after a merge).
NAMES: dict[tuple[str, str], str] = {
    ("gateway.outbox.worker", "run_forever"): "gateway.worker",
    **{("schema.values", name): "schema.relay" for name in ("Node", "PageInfo", "Edge", "Connection")},
    ("schema.values", "UserError"): "schema.errors",
    ("schema.values", "user_errors"): "schema.errors",
    ("schema.values", "to_data"): "resolvers.platform.inputs",
    ("resolvers.platform.errors", "ClientError"): "schema.errors",
    **{("schema.customers.inputs", name): "schema.catalog.inputs" for name in (
        "ProductVariantInput", "ProductInput", "PriceListAdjustmentInput", "PriceListInput", "CatalogCreateInput",
        "CatalogUpdateInput", "CatalogContextInput", "QuantityPriceBreakInput", "QuantityRuleInput",
        "PriceListPriceInput")},
    **{("schema.customers.payloads", name): "schema.catalog.payloads" for name in (
        "ProductCreatePayload", "ProductUpdatePayload", "ProductDeletePayload", "ProductVariantDeletePayload",
        "CatalogCreatePayload", "CatalogUpdatePayload", "CatalogDeletePayload", "CatalogContextUpdatePayload",
        "PriceListFixedPricesAddPayload", "PriceListFixedPricesDeletePayload")},
    ("schema.customers.inputs", "ShopInput"): "schema.shop",
    # money movement: gateway/orders/ledger.py
    **{("gateway.orders.orders", name): "gateway.orders.ledger" for name in (
        "record_payment", "pay", "mark_as_paid", "cancel")},
    ("gateway.payments.methods", "charge"): "gateway.orders.ledger",
    **{("gateway.account.profile", name): "gateway.orders.ledger" for name in (
        "pay_orders", "outstanding_orders", "total_outstanding", "MAX_ORDERS_PER_PAYMENT")},
    **{("gateway.account.profile", name): "gateway.payments.methods" for name in (
        "default_method_id", "remove_method", "set_default_method")},
    ("gateway.orders.orders", "visible_to"): "gateway.auth.policy",  # now visible_orders
    ("schema.account", "OrdersPayPayload"): "schema.orders.order",
    ("schema.account", "PaymentMethodRemovePayload"): "schema.payments",
    ("schema.account", "PaymentMethodSetDefaultPayload"): "schema.payments",
    ("schema.customers.payloads", "ShopUpdatePayload"): "schema.shop",
}

# New packages and the docstring of the __init__.py made for them.
NEW_PACKAGES = {
    "gateway.platform": "Infrastructure: settings, ids, money, pagination, clock, logs, errors, validation. No feature imports.",
    "gateway.orders": "Orders: carts, checkout, draft orders, orders, fulfillments, returns, reorder, the timeline.",
    "gateway.account": "The buyer's own account: its profile and deleting it.",
    "schema.orders": "GraphQL types of orders: carts, orders, draft orders, fulfillments, returns.",
    "schema.customers": "GraphQL types of the merchant's register: companies, locations, contacts, customers.",
    "resolvers.orders": "Resolvers of orders: carts, checkout, orders, draft orders, returns.",
    "resolvers.customers": "Resolvers of the merchant's register.",
    "resolvers.account": "Resolvers of the buyer's own account.",
    "resolvers.auth": "Resolvers of login and the viewer.",
    "resolvers.catalog": "Resolvers of the catalog: the Admin API's and the storefront's.",
    "resolvers.platform": "The edge's plumbing: request context, DataLoaders, connections, the mutate helper.",
}

TEXT_SUFFIXES = {".py", ".md", ".toml", ".ini", ".cfg"}
SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".pytest_cache"}
SELF = Path(__file__).resolve()


# -- where a module goes --


def _module_files(root: Path) -> set[str]:
    """Dotted names of every module and package under the top-level packages, as they are now."""
    found: set[str] = set()
    for top in TOP:
        for path in (root / top).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def _old_prefix(parts: list[str]) -> tuple[int, str | None, bool]:
    """The longest old module or package `parts` starts with: its length, its new name, and
    whether it is an old package (everything below one is old)."""
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        if name in MODULES:
            return n, MODULES[name], False
        if name in PACKAGES:
            return n, PACKAGES[name], True
    return 0, None, False


def is_old(dotted: str) -> bool:
    """An old module or package by name (gateway.orders, gateway.register.companies)."""
    parts = dotted.split(".")
    n, new, package = _old_prefix(parts)
    return new is not None and (n == len(parts) or package)


def resolve(dotted: str, current: set[str], *, bare_stays: bool = False) -> str:
    """The new dotted name for an old one (module, or module.attribute); new names stay.
    A name that is both an old module and a new package (gateway.orders) stays when bare_stays."""
    parts = dotted.split(".")
    old_n, new, _ = _old_prefix(parts)
    if new is None:
        return dotted
    new_n = max((n for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in current), default=0)
    if new_n > old_n:  # already a new path (gateway.orders.carts is not gateway.orders + carts)
        return dotted
    if bare_stays and old_n == len(parts) and dotted in current:
        return dotted
    return ".".join([new, *parts[old_n:]])


# -- moving files --


def _git_mv(old: Path, new: Path, dry: bool, log: list[str]) -> None:
    log.append(f"move {old.relative_to(ROOT)} -> {new.relative_to(ROOT)}")
    if dry:
        return
    new.parent.mkdir(parents=True, exist_ok=True)
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", str(old)], cwd=ROOT, capture_output=True).returncode == 0
    if tracked:
        subprocess.run(["git", "mv", str(old), str(new)], cwd=ROOT, check=True)
    else:
        old.rename(new)


def move_files(dry: bool, log: list[str]) -> None:
    """Move each file still at an old path (longest old package first, so deeper rules win)."""
    for old_mod, new_mod in MODULES.items():
        if old_mod in IMPORTS_ONLY:
            continue
        old = ROOT / (old_mod.replace(".", "/") + ".py")
        new_path = new_mod.replace(".", "/")
        if old.is_file():
            target = ROOT / (new_path + ".py") if new_mod not in PACKAGES.values() and not _is_package_target(new_mod) else ROOT / new_path / "__init__.py"
            if target.exists():
                log.append(f"CONFLICT both {old.relative_to(ROOT)} and {target.relative_to(ROOT)} exist: merge by hand")
                continue
            _git_mv(old, target, dry, log)
    for old_pkg, new_pkg in sorted(PACKAGES.items(), key=lambda kv: -len(kv[0])):
        old_dir = ROOT / old_pkg.replace(".", "/")
        if not old_dir.is_dir():
            continue
        for path in sorted(p for p in old_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            rel = path.relative_to(old_dir)
            if path.suffix == ".py":
                parts = rel.with_suffix("").parts
                dotted = ".".join([old_pkg, *parts[:-1]] if parts[-1] == "__init__" else [old_pkg, *parts])
                if dotted in MODULES:
                    continue  # moved above (or in conflict)
                if parts[-1] == "__init__" and new_pkg in ("schema",):
                    # the old package dissolves into an existing one
                    log.append(f"remove {path.relative_to(ROOT)}")
                    if not dry:
                        subprocess.run(["git", "rm", "-q", "-f", str(path)], cwd=ROOT, check=False)
                        path.unlink(missing_ok=True)
                    continue
            target = ROOT / new_pkg.replace(".", "/") / rel
            if target.exists() and path.name == "__init__.py" and not path.read_text().strip():
                log.append(f"remove {path.relative_to(ROOT)}")
                if not dry:
                    subprocess.run(["git", "rm", "-q", "-f", str(path)], cwd=ROOT, check=False, capture_output=True)
                    path.unlink(missing_ok=True)
                continue
            if target.exists():
                log.append(f"CONFLICT both {path.relative_to(ROOT)} and {target.relative_to(ROOT)} exist: merge by hand")
                continue
            _git_mv(path, target, dry, log)
        if not dry:
            for d in sorted((p for p in old_dir.rglob("*") if p.is_dir()), reverse=True):
                _rmdir_if_empty(d)
            _rmdir_if_empty(old_dir)
    for pkg, doc in NEW_PACKAGES.items():
        init = ROOT / pkg.replace(".", "/") / "__init__.py"
        if not init.exists():
            log.append(f"create {init.relative_to(ROOT)}")
            if not dry:
                init.parent.mkdir(parents=True, exist_ok=True)
                init.write_text(f'"""{doc}"""\n')
                subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)


def _is_package_target(new_mod: str) -> bool:
    """gateway.mail.outbox goes to gateway/outbox/__init__.py: its new name is a package's."""
    return new_mod == "gateway.outbox"


def _rmdir_if_empty(d: Path) -> None:
    for junk in d.glob("__pycache__"):
        for f in junk.iterdir():
            f.unlink()
        junk.rmdir()
    if d.is_dir() and not any(d.iterdir()):
        d.rmdir()


# -- rewriting imports --


def _format_from(indent: str, module: str, names: list[str], comment: str) -> str:
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) + len(comment) <= 120:
        return line + comment
    body = "".join(f"{indent}    {name},\n" for name in names)
    return f"{indent}from {module} import ({comment}\n{body}{indent})"


def _rewrite_import(node: ast.stmt, indent: str, comment: str, current: set[str], renames: dict[str, str]) -> str | None:
    """The statement's new text, or None when it stays as it is."""
    if isinstance(node, ast.ImportFrom):
        if node.level or not node.module or node.module.split(".")[0] not in TOP:
            return None
        groups: dict[str, list[str]] = {}
        changed = False
        for alias in node.names:
            full = f"{node.module}.{alias.name}"
            if is_old(full):  # a moved module, imported by name
                parent, _, leaf = resolve(full, current).rpartition(".")
                bound = alias.asname or alias.name
                if alias.asname is None and leaf != alias.name:
                    renames[alias.name] = leaf
                    bound = leaf
                groups.setdefault(parent, []).append(leaf if bound == leaf else f"{leaf} as {bound}")
                changed = True
            else:  # a module on its new path, or a name from a module
                module = node.module if full in current else resolve(node.module, current)
                module = NAMES.get((module, alias.name), module)
                changed |= module != node.module
                name = alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"
                groups.setdefault(module, []).append(name)
        if not changed:
            return None
        return "\n".join(_format_from(indent, module, names, comment) for module, names in sorted(groups.items()))
    if isinstance(node, ast.Import):
        out, changed = [], False
        for alias in node.names:
            new = resolve(alias.name, current) if alias.name.split(".")[0] in TOP else alias.name
            changed |= new != alias.name
            out.append(new if alias.asname is None else f"{new} as {alias.asname}")
        return f"{indent}import {', '.join(out)}{comment}" if changed else None
    return None


def rewrite_imports(text: str, current: set[str]) -> tuple[str, dict[str, str]]:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text, {}
    lines = text.splitlines(keepends=True)
    renames: dict[str, str] = {}
    nodes = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    for node in sorted(nodes, key=lambda n: -n.lineno):
        first, last = node.lineno - 1, node.end_lineno - 1
        original = "".join(lines[first:last + 1])
        indent = re.match(r"\s*", lines[first]).group(0)
        comments = re.findall(r"#[^\n]*", original)
        comment = ("  " + "  ".join(comments)) if comments else ""
        new = _rewrite_import(node, indent, comment, current, renames)
        if new is None:
            continue
        if node.end_col_offset != len(lines[last].rstrip("\n")) and not lines[last].rstrip("\n")[node.end_col_offset:].lstrip().startswith("#"):
            continue  # `import x; y()` on one line: leave it to a human
        lines[first:last + 1] = [new + "\n"]
    return "".join(lines), renames


def rename_bindings(text: str, renames: dict[str, str]) -> str:
    """`order_events.thing` -> `timeline.thing` where the file now imports timeline."""
    if not renames:
        return text
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return text
    lines = text.splitlines(keepends=True)
    edits = []
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.NAME or tok.string not in renames:
            continue
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if prev is not None and prev.string in (".", "import", "as", "def", "class"):
            continue
        if nxt is None or nxt.string not in (".", ",", ")"):
            continue
        if nxt.string in (",", ")") and not _in_call_args(tokens, i):
            continue
        edits.append((tok.start, tok.end, renames[tok.string]))
    for (row, col), (_, end), new in sorted(edits, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + new + line[end:]
    return "".join(lines)


def _in_call_args(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """monkeypatch.setattr(module, ...): a bare module name passed as the first argument."""
    prev = tokens[i - 1]
    return prev.string == "(" and i >= 2 and tokens[i - 2].type == tokenize.NAME and tokens[i - 2].string in ("setattr", "getattr")


DOTTED = re.compile(r"(?<![\w.])((?:gateway|schema|resolvers)(?:\.\w+)+)")
IMPORT_LINE = re.compile(r"^\s*(from\s+\S+\s+import\s|import\s+\S)")
SLASHED = re.compile(r"(?<![\w./-])((?:gateway|schema|resolvers)(?:/\w+)+)(\.py|/)?")


def rewrite_references(text: str, current: set[str], suffix: str) -> str:
    """Dotted names (code, strings, mock targets) and slash paths (comments, docs)."""
    out = []
    for line in text.splitlines(keepends=True):
        if "getLogger(" in line or (suffix == ".py" and IMPORT_LINE.match(line)):
            out.append(line)  # logger names are an operator's contract; imports are done above
            continue
        line = DOTTED.sub(lambda m: resolve(m.group(1), current, bare_stays=True), line)
        line = SLASHED.sub(lambda m: _slashed(m, current), line)
        out.append(line)
    return "".join(out)


def _slashed(m: re.Match[str], current: set[str]) -> str:
    """gateway/register/views.py -> gateway/customers/lists.py; a folder (no .py) follows only
    package moves, so gateway/orders/ (the new package) is not taken for gateway/orders.py."""
    path, tail = m.group(1), m.group(2) or ""
    dotted = path.replace("/", ".")
    if tail == ".py":
        new = resolve(dotted, current)
        if new == "gateway.outbox":
            return "gateway/outbox/__init__.py"
    else:
        parts = dotted.split(".")
        n, _, package = _old_prefix(parts)
        new = resolve(dotted, current) if package else dotted
    return m.group(0) if new == dotted else new.replace(".", "/") + tail


def _first_party(node: ast.stmt) -> bool:
    if isinstance(node, ast.ImportFrom):
        return not node.level and bool(node.module) and node.module.split(".")[0] in TOP
    return isinstance(node, ast.Import) and all(a.name.split(".")[0] in TOP for a in node.names)


def _name_key(name: str) -> tuple[int, str]:
    """isort's order_by_type: CONSTANTS, Classes, functions and modules."""
    bare = name.split(" as ")[0]
    return (0 if bare.isupper() else 1 if bare[:1].isupper() else 2, bare)


def tidy_imports(text: str) -> str:
    """Sort and merge the module's top-level block of first-party imports (what isort would do),
    so the rewritten lines do not end up out of order or split over two statements."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    runs: list[list[ast.stmt]] = []
    for node in tree.body:
        if _first_party(node) and runs and runs[-1] and _first_party(runs[-1][-1]):
            runs[-1].append(node)
        elif _first_party(node):
            runs.append([node])
        else:
            runs.append([])
    for run in reversed([r for r in runs if len(r) > 1]):
        first, last = run[0].lineno - 1, run[-1].end_lineno - 1
        block = "".join(lines[first:last + 1])
        if "#" in block or any(n.col_offset for n in run):
            continue  # comments between imports: a human's order
        froms: dict[str, list[str]] = {}
        plain: list[str] = []
        sources: dict[str, list[str]] = {}  # the statements' own text, kept where nothing merges
        for node in run:
            if isinstance(node, ast.ImportFrom):
                sources.setdefault(node.module, []).append("".join(lines[node.lineno - 1:node.end_lineno]).rstrip("\n"))
                names = froms.setdefault(node.module, [])
                for a in node.names:
                    name = a.name if a.asname is None else f"{a.name} as {a.asname}"
                    if name not in names:
                        names.append(name)
            else:
                plain += [a.name if a.asname is None else f"{a.name} as {a.asname}" for a in node.names]
        out = [f"import {name}" for name in sorted(set(plain))]
        for module, names in sorted(froms.items()):
            own = sources[module]
            out.append(own[0] if len(own) == 1 else _format_from("", module, sorted(names, key=_name_key), ""))
        lines[first:last + 1] = ["\n".join(out) + "\n"]
    return "".join(lines)


def rewrite_file(path: Path, current: set[str]) -> str | None:
    text = path.read_text()
    new = text
    if path.suffix == ".py":
        new, renames = rewrite_imports(new, current)
        new = rename_bindings(new, renames)
        if new != text:
            new = tidy_imports(new)
    new = rewrite_references(new, current, path.suffix)
    return new if new != text else None


def fix_test_names(dry: bool, log: list[str]) -> None:
    """`from tests.orders.helpers import login`: the old conftests re-exported each other's fixtures
    and helpers; each name is now imported from the module that defines it (fixtures from
    tests/fixtures.py, which pytest_plugins loads anyway)."""
    files = sorted((ROOT / "tests").rglob("*.py"))
    own: dict[str, set[str]] = {}
    every: dict[str, set[str]] = {}
    for path in files:
        tree = ast.parse(path.read_text())
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        names: set[str] = set()
        imported: set[str] = set()
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                imported |= {a.asname or a.name.split(".")[0] for a in node.names}
        own[module], every[module] = names, names | imported
    owners: dict[str, list[str]] = {}
    for module, names in own.items():
        for name in names:
            owners.setdefault(name, []).append(module)
    for path in files:
        text = path.read_text()
        lines = text.splitlines(keepends=True)
        nodes = [n for n in ast.parse(text).body if isinstance(n, ast.ImportFrom) and (n.module or "") in every]
        changed = False
        for node in sorted(nodes, key=lambda n: -n.lineno):
            groups: dict[str, list[str]] = {}
            for alias in node.names:
                module = node.module
                if alias.name not in own[module]:  # imported there, or not there at all
                    found = sorted(owners.get(alias.name, []), key=lambda m: m.rpartition(".")[2].startswith("test_"))
                    if found:
                        module = found[0]
                    elif alias.name not in every[module]:
                        log.append(f"UNKNOWN {alias.name} imported in {path.relative_to(ROOT)}: fix by hand")
                groups.setdefault(module, []).append(alias.name if alias.asname is None else f"{alias.name} as {alias.asname}")
            if list(groups) == [node.module]:
                continue
            changed = True
            lines[node.lineno - 1:node.end_lineno] = [
                _format_from("", module, names, "") + "\n" for module, names in sorted(groups.items())
            ]
        if changed:
            log.append(f"rewrite {path.relative_to(ROOT)} (names from where they are defined)")
            if not dry:
                path.write_text(tidy_imports("".join(lines)))


def text_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(ROOT).parts) or path.resolve() == SELF:
            continue
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            files.append(path)
    return sorted(files)


def leftovers(current: set[str]) -> list[str]:
    """Modules still at a place the new layout does not know: new files from other branches."""
    allowed_top = {"gateway.app", "gateway.persisted_queries", "gateway.cli", "gateway.serve", "gateway.worker", "gateway.demo", "gateway.shop", "gateway.housekeeping"}
    out = []
    for mod in sorted(current):
        parts = mod.split(".")
        if len(parts) == 2 and parts[0] == "gateway" and mod not in allowed_top and not (ROOT / "gateway" / parts[1]).is_dir():
            out.append(f"unplaced module {mod}: add it to MODULES (or allowed_top) and rerun")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; list what would change")
    args = parser.parse_args()
    log: list[str] = []
    move_files(args.check, log)
    current = _module_files(ROOT)
    if args.check:  # what the tree will hold after the moves
        current |= set(MODULES.values()) | set(NEW_PACKAGES)
    for path in text_files():
        new = rewrite_file(path, current)
        if new is not None:
            log.append(f"rewrite {path.relative_to(ROOT)}")
            if not args.check:
                path.write_text(new)
    if not args.check:
        fix_test_names(args.check, log)
    log += leftovers(current)
    print("\n".join(log) or "nothing to do")
    return 1 if args.check and log else 0


if __name__ == "__main__":
    sys.exit(main())
