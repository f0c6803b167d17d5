"""`gateway serve` and `gateway worker` in production, run as an operator runs them (a subprocess with
its environment): refused with one line naming the variable to set, unless an ALLOW_ variable says
the risk is meant; the other commands never refuse for it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from gateway.db.engine import Database
from tests.outbox.smtp import free_port

NO_SECRET = "gateway: configuration error: SECRET_KEY is required when ENVIRONMENT=production\n"
CONSOLE_MAIL = (
    "gateway: ENVIRONMENT=production but SMTP_HOST is not set, so mail (login codes too) would be printed "
    "to the console; set SMTP_HOST to your mail server (or ALLOW_CONSOLE_MAIL=true to accept it)\n"
)
TEST_PAYMENTS = (
    "gateway: ENVIRONMENT=production but PAYMENT_PROVIDER=test accepts every test card and takes no money; "
    "set PAYMENT_PROVIDER to a real provider (or ALLOW_TEST_PAYMENTS=true to accept it)\n"
)
STRIPE_TEST_KEY = (
    "gateway: ENVIRONMENT=production but STRIPE_API_KEY is a test-mode key that takes no money; "
    "set STRIPE_API_KEY to your live secret key (or ALLOW_TEST_PAYMENTS=true to accept it)\n"
)
NO_WEBHOOK_SECRET = (
    "gateway: ENVIRONMENT=production but STRIPE_WEBHOOK_SECRET is not set, so Stripe's events (payments that went "
    "through while a request failed, refunds made in Stripe) are refused; set STRIPE_WEBHOOK_SECRET to the "
    "endpoint's signing secret (whsec_…) (or ALLOW_TEST_PAYMENTS=true to accept it)\n"
)
SMTP = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": "1"}  # never reached: these tests send no mail
STRIPE = {"PAYMENT_PROVIDER": "stripe", "STRIPE_API_KEY": "sk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}
CHOSEN = {"ENVIRONMENT", "SECRET_KEY", "SMTP_HOST", "SMTP_PORT", "PAYMENT_PROVIDER", "ALLOW_CONSOLE_MAIL",
          "ALLOW_TEST_PAYMENTS", "DATABASE_URL", "GATEWAY_DEBUG", "GATEWAY_NO_WORKER", "STRIPE_API_KEY",
          "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"}


def environment(database: Database, **variables: str) -> dict[str, str]:
    """This process's environment without any setting a test chooses, then production and these."""
    inherited = {k: v for k, v in os.environ.items() if k.upper() not in CHOSEN}
    return {**inherited, "DATABASE_URL": database.url, "ENVIRONMENT": "production", **variables}


def gateway(tmp_path: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gateway.cli", *argv], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


REFUSALS = {
    "no-secret-key": ({}, NO_SECRET),
    "console-mail": ({"SECRET_KEY": "s", "ALLOW_TEST_PAYMENTS": "true"}, CONSOLE_MAIL),
    "test-payments": ({"SECRET_KEY": "s", **SMTP}, TEST_PAYMENTS),
    "one-opt-in-covers-only-its-risk": ({"SECRET_KEY": "s", "PAYMENT_PROVIDER": "test", "ALLOW_CONSOLE_MAIL": "true"},
                                        TEST_PAYMENTS),
    "both": ({"SECRET_KEY": "s"}, CONSOLE_MAIL + TEST_PAYMENTS),  # each on its line
    "stripe-test-key": ({"SECRET_KEY": "s", **SMTP, **STRIPE, "STRIPE_API_KEY": "sk_test_x"}, STRIPE_TEST_KEY),
    "stripe-without-webhook-secret": ({"SECRET_KEY": "s", **SMTP, **STRIPE, "STRIPE_WEBHOOK_SECRET": ""},
                                      NO_WEBHOOK_SECRET),
    "stripe-without-key": ({"SECRET_KEY": "s", **SMTP, **STRIPE, "STRIPE_API_KEY": ""},
                           "gateway: configuration error: PAYMENT_PROVIDER=stripe needs STRIPE_API_KEY (the secret key, "
                           "sk_…)\n"),
}


@pytest.mark.parametrize(
    ("command", "case"),
    [("serve", case) for case in REFUSALS] + [("worker", "no-secret-key"), ("worker", "both")],
)
def test_production_refuses_to_start(db: Database, tmp_path: Path, command: str, case: str) -> None:
    variables, expected = REFUSALS[case]
    result = gateway(tmp_path, environment(db, **variables), command)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", expected)


def test_a_refused_start_touches_no_database(tmp_path: Path) -> None:
    """The check comes first: the database is not even looked for."""
    missing = Database(f"sqlite+aiosqlite:///{tmp_path / 'nowhere' / 'x.db'}")
    result = gateway(tmp_path, environment(missing, SECRET_KEY="s"), "worker")
    assert (result.returncode, result.stderr) == (1, CONSOLE_MAIL + TEST_PAYMENTS)


@pytest.mark.parametrize(
    "variables",
    [{"ALLOW_CONSOLE_MAIL": "true", "ALLOW_TEST_PAYMENTS": "true"}, {**SMTP, "ALLOW_TEST_PAYMENTS": "1"},
     {**SMTP, **STRIPE}],
    ids=["both-allowed", "smtp-and-test-payments-allowed", "smtp-and-live-stripe"],
)
def test_the_worker_gets_past_the_check_when_allowed(empty_database: Database, tmp_path: Path,
                                                     variables: dict) -> None:
    """An unmigrated database stops the worker right after the check: proof that the check let it by."""
    result = gateway(tmp_path, environment(empty_database, SECRET_KEY="s", **variables), "worker")
    assert result.returncode == 1
    assert "needs migrations" in result.stderr and "ENVIRONMENT=production but" not in result.stderr


@pytest.mark.parametrize(
    ("variables", "warnings"),
    [
        ({"ALLOW_CONSOLE_MAIL": "true", "ALLOW_TEST_PAYMENTS": "true"}, ["ALLOW_CONSOLE_MAIL", "ALLOW_TEST_PAYMENTS"]),
        ({**SMTP, "ALLOW_TEST_PAYMENTS": "true"}, ["ALLOW_TEST_PAYMENTS"]),
    ],
    ids=["both-allowed", "smtp-and-test-payments-allowed"],
)
def test_production_serves_when_the_risk_is_allowed(db: Database, tmp_path: Path, variables: dict,
                                                    warnings: list[str]) -> None:
    """Started for real on a free port; it answers, says which risk it runs with, and stops on SIGTERM."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), "--no-worker"], cwd=tmp_path,
        env=environment(db, SECRET_KEY="s", **variables), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, server.communicate()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer within 30 s"
                time.sleep(0.05)
        assert response.json() == {"status": "ok"}
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    # uvicorn shuts down cleanly, then re-raises SIGTERM on itself so the caller sees the signal
    assert server.returncode in (0, -signal.SIGTERM) and "Application shutdown complete" in err, err
    assert "ENVIRONMENT=production but" not in err
    allowed = [line for line in err.splitlines() if " WARNING " in line and "=true: " in line]
    assert [line.split(" gateway: ")[1].split("=")[0] for line in allowed] == warnings, err


def test_uvicorn_run_directly_refuses_too(db: Database, tmp_path: Path) -> None:
    """Without `gateway serve` (uvicorn's own command on the factory) the same lines, no traceback."""
    for variables, expected in (({}, NO_SECRET), ({"SECRET_KEY": "s", **SMTP}, TEST_PAYMENTS)):
        result = subprocess.run(
            [sys.executable, "-m", "uvicorn", "--factory", "gateway.serve:make_app", "--port", str(free_port())],
            cwd=tmp_path, env=environment(db, **variables), capture_output=True, text=True, timeout=60,
        )
        assert (result.returncode, result.stderr) == (1, expected)


def test_commands_that_send_no_mail_and_take_no_payment_run_in_production(empty_database: Database,
                                                                          tmp_path: Path) -> None:
    """migrate, staff-token, export: console mail and the test provider are no reason to refuse them."""
    env = environment(empty_database, SECRET_KEY="s")
    assert gateway(tmp_path, env, "migrate").returncode == 0
    created = gateway(tmp_path, env, "staff-token", "create", "deploy")
    assert created.returncode == 0 and created.stdout.startswith("gws_"), created.stderr
    assert gateway(tmp_path, env, "export").returncode == 0
