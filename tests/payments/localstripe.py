"""localstripe (a Stripe-compatible server, from PyPI) run as a subprocess on 127.0.0.1 and a free
port, for the tests of the Stripe provider; and events signed as Stripe signs them.

localstripe implements Customers, PaymentMethods (pm_card_visa, pm_card_chargeCustomerFail, cards by
number, 3-D Secure cards), PaymentIntents (off-session confirmation, requires_action and its
authentication), SetupIntents, Refunds, and sends signed webhooks for payment_intent.succeeded and
payment_intent.payment_failed. It does not replay idempotency keys and sends no charge.refunded: the
tests say where they sign such an event themselves (sign()).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

API_KEY = "sk_test_gateway"
WEBHOOK_SECRET = "whsec_gateway_tests"
# localstripe's app on 127.0.0.1 only (its own command listens on every interface), in memory only
# (it would pickle its store to /tmp/localstripe.pickle after every write, one file for every run).
SERVE = "; ".join([
    "import sys", "from aiohttp import web", "from localstripe.resources import store",
    "from localstripe.server import app", "store.dump_to_disk = lambda: None",
    "web.run_app(app, host='127.0.0.1', port=int(sys.argv[1]), print=None)",
])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalStripe:
    process: subprocess.Popen
    url: str

    @classmethod
    def start(cls) -> "LocalStripe":
        try:
            import localstripe  # noqa: F401
        except ImportError:
            if os.environ.get("REQUIRE_LOCALSTRIPE"):  # CI: a missing localstripe fails, never skips
                raise
            pytest.skip("localstripe is not installed (python3 dev.py test installs it)")
        port = _free_port()
        process = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        server = cls(process, f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return server
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"localstripe exited with status {process.returncode}") from None
                time.sleep(0.1)
        server.stop()
        raise RuntimeError("localstripe did not start within 30 seconds")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    async def request(self, method: str, path: str, **data: Any) -> Any:  # noqa: ANN401
        """Call its API as the merchant (its form encoding: nested keys as a[b])."""
        async with httpx.AsyncClient(base_url=self.url, auth=(API_KEY, "")) as http:
            response = await http.request(method, path, data=_form(data) if method != "GET" else None,
                                          params=_form(data) if method == "GET" else None)
        response.raise_for_status()
        return response.json() if response.content else None

    async def reset(self, webhook_url: str) -> None:
        """Forget every object, and send events to webhook_url signed with WEBHOOK_SECRET."""
        async with httpx.AsyncClient(base_url=self.url) as http:
            (await http.delete("/_config/data")).raise_for_status()
            hook = {"url": webhook_url, "secret": WEBHOOK_SECRET}
            (await http.post("/_config/webhooks/gateway", data=hook)).raise_for_status()

    async def card(self, number: str) -> str:
        """A PaymentMethod of a test card number (4000002760003184: 3-D Secure on every charge)."""
        method = await self.request("POST", "/v1/payment_methods", type="card",
                                    card={"number": number, "exp_month": "12", "exp_year": "2030", "cvc": "123"})
        return method["id"]

    async def authenticate(self, client_secret: str) -> None:
        """What Stripe.js does when the buyer passes 3-D Secure in the browser."""
        intent = client_secret.split("_secret_")[0]
        async with httpx.AsyncClient(base_url=self.url) as http:
            response = await http.post(f"/v1/payment_intents/{intent}/_authenticate",
                                       data={"key": "pk_test_gateway", "client_secret": client_secret, "success": "true"})
        response.raise_for_status()


def _form(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in data.items():
        full = f"{prefix}[{name}]" if prefix else name
        if isinstance(value, dict):
            flat.update(_form(value, full))
        else:
            flat[full] = str(value)
    return flat


def sign(event: dict[str, Any], secret: str = WEBHOOK_SECRET, at: int | None = None) -> tuple[bytes, str]:
    """(body, Stripe-Signature) of an event as Stripe signs it: HMAC-SHA256 of "t.body"."""
    body = json.dumps(event).encode()
    timestamp = at if at is not None else int(time.time())
    digest = hmac.new(secret.encode(), b"%d.%s" % (timestamp, body), hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={digest}"
