#!/usr/bin/env python3
"""Quick start with nothing but Python 3.11+:

    python3 dev.py serve   # venv, install, migrate, demo shop, serve on http://127.0.0.1:8000
    python3 dev.py test    # venv, install, run the tests (PostgreSQL too with TEST_DATABASE_URL)

Each command creates .venv on first use and reinstalls only when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def ensure_venv() -> None:
    if sys.version_info < (3, 11):
        sys.exit("dev.py: Python 3.11 or newer is needed")
    if not (BIN / "python").exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        print("installing the gateway and its test tools into .venv ...", flush=True)
        pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
        STAMP.write_text(digest)


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    rest = sys.argv[2:]
    if command not in ("serve", "test"):
        print(__doc__)
        return 2
    ensure_venv()
    os.chdir(ROOT)
    gateway = str(BIN / "gateway")
    if command == "test":
        return hand_over([str(BIN / "python"), "-m", "pytest", *rest])
    # The demo's merchant notifications (drafts to approve, returns, account requests) print too.
    os.environ.setdefault("MERCHANT_EMAIL", "merchant@localhost")
    if subprocess.run([gateway, "seed-demo"]).returncode:
        return 1  # the gateway has said why on stderr
    print("Admin API token for the demo (shown once; make more with `gateway staff-token create NAME`):", flush=True)
    if subprocess.run([gateway, "staff-token", "create", f"dev-{os.getpid()}"]).returncode:
        return 1
    print(CONSOLE.format(url=console_url(rest)), flush=True)
    return hand_over([gateway, "serve", *rest])


CONSOLE = """
The merchant console: {url}
  Log in as the demo's staff member owner@nordwerk.example (OWNER): enter that email, and the
  six-digit code arrives in the email printed on this console (no SMTP_HOST is set).
  Make more staff with `.venv/bin/gateway staff create EMAIL --role OWNER|MANAGER|VIEWER`.
"""


def console_url(args: list[str]) -> str:
    """Where `gateway serve ARGS` will answer (its --host and --port, or their defaults)."""
    host, port = "127.0.0.1", "8000"
    for flag, value in zip(args, [*args[1:], ""], strict=False):
        if flag == "--host":
            host = value
        elif flag == "--port":
            port = value
        elif flag.startswith(("--host=", "--port=")):
            name, _, given = flag.partition("=")
            host, port = (given, port) if name == "--host" else (host, given)
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/console"


def hand_over(argv: list[str]) -> int:
    """Become argv, so Ctrl-C and signals reach it directly (no wrapper traceback, no orphan)."""
    sys.stdout.flush()
    if os.name == "nt":  # no exec there: wait for the child instead
        return subprocess.run(argv).returncode
    os.execv(argv[0], argv)


if __name__ == "__main__":
    sys.exit(main())
