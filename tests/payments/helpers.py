"""Helpers of the Stripe tests: Stripe's webhooks, caught by the receiver from localstripe, handed
to the app's POST /webhooks/stripe as they came (body and Stripe-Signature)."""

from __future__ import annotations

import asyncio

import httpx

from tests.helpers import ERRORS
from tests.outbox.webhooks import Received, Receiver

REFUND = f"""mutation($order: ID!, $amount: Decimal!, $reason: String, $key: String!) {{
    orderRefund(orderId: $order, amount: $amount, reason: $reason, idempotencyKey: $key) {{
      order {{ displayFinancialStatus totalPaid {{ amount }} totalRefunded {{ amount }} totalOutstanding {{ amount }}
        transactions {{ kind amount {{ amount }} }} }}
      refunds {{ kind amount {{ amount }} }} {ERRORS} }} }}"""

CANCEL = f"""mutation($order: ID!) {{ orderCancel(orderId: $order, refund: true) {{
    order {{ displayFinancialStatus totalRefunded {{ amount }} transactions {{ kind amount {{ amount }} }} }}
    {ERRORS} }} }}"""

SETUP = f"mutation {{ paymentMethodSetupCreate {{ clientSecret {ERRORS} }} }}"


async def event_of(receiver: Receiver, event_type: str, intent: str | None = None, timeout: float = 15) -> Received:
    """The first webhook localstripe sent of event_type (about the PaymentIntent intent)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        for received in receiver.requests:
            body = received.json()
            if body["type"] == event_type and intent in (None, body["data"]["object"]["id"]):
                return received
        await asyncio.sleep(0.1)
    raise AssertionError(f"localstripe sent no {event_type} within {timeout} s: {[r.json()['type'] for r in receiver.requests]}")


async def deliver(client: httpx.AsyncClient, body: bytes, signature: str) -> httpx.Response:
    return await client.post("/webhooks/stripe", content=body, headers={
        "stripe-signature": signature, "content-type": "application/json",
    })


async def forward(client: httpx.AsyncClient, received: Received) -> httpx.Response:
    return await deliver(client, received.body, received.headers["stripe-signature"])
