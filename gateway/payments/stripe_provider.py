"""The Stripe provider (PAYMENT_PROVIDER=stripe), on Stripe's official library through its async
interface (httpx), so a call to Stripe never blocks the event loop.

Charges are PaymentIntents confirmed off-session on the buyer's Stripe Customer with our
idempotency key, so Stripe answers a retry with the first PaymentIntent. A card that needs the
buyer's authentication (3-D Secure) is answered with the PaymentIntent's client secret: the
browser confirms it with Stripe.js, and a retry with the same key finds it succeeded (or its
payment_intent.succeeded event books it). STRIPE_API_BASE points the library at another
Stripe-compatible server (localstripe in the tests).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import orjson
import stripe

from gateway.payments.provider import (
    Charge,
    Event,
    InvalidEvent,
    ProviderUnavailable,
    Refunded,
    VaultedMethod,
    VaultError,
)

log = logging.getLogger("gateway.payments")

EVENT_KINDS = {
    "payment_intent.succeeded": "PAYMENT_SUCCEEDED",
    "payment_intent.payment_failed": "PAYMENT_FAILED",
    "charge.refunded": "REFUNDED",
}
UNAVAILABLE = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)
AUTHENTICATE = "The card needs the buyer's authentication (3-D Secure)."


class StripeProvider:
    name = "stripe"

    def __init__(self, api_key: str, api_base: str | None = None, webhook_secret: str | None = None) -> None:
        self.client = stripe.StripeClient(
            api_key, base_addresses={"api": api_base} if api_base else None,
            http_client=stripe.HTTPXClient(timeout=30), max_network_retries=2,  # retries keep our key
        )
        self.webhook_secret = webhook_secret

    async def create_customer(self, customer_id: int, email: str) -> str:
        params: Any = {"email": email, "metadata": {"gateway_customer_id": str(customer_id)}}
        # The key names the buyer, email too: two databases on one Stripe account (staging, a
        # restored backup) never get each other's customer back.
        digest = hashlib.sha256(email.lower().encode()).hexdigest()[:16]
        customer = await self._call(self.client.v1.customers.create_async(
            params, {"idempotency_key": f"gateway-customer-{customer_id}-{digest}"}
        ))
        return customer.id

    async def vault(self, token: str, customer_reference: str) -> VaultedMethod:
        """Attach the PaymentMethod (set up by the browser, or Stripe's pm_card_* in test mode)."""
        try:
            method = await self._call(self.client.v1.payment_methods.retrieve_async(token))
            if method.customer is None:
                method = await self._call(self.client.v1.payment_methods.attach_async(
                    method.id, {"customer": customer_reference}
                ))
            elif method.customer != customer_reference:
                raise VaultError("This payment method belongs to another customer.")
        except stripe.CardError as error:
            raise VaultError(error.user_message or "The card was declined.") from None
        except stripe.InvalidRequestError as error:
            raise VaultError(f"Stripe refused the payment method {token!r} ({error.user_message or error.code}); "
                             "set one up with Stripe.js (paymentMethodSetupCreate) first.") from None
        card = getattr(method, "card", None)
        if card is not None:
            return VaultedMethod(reference=method.id, brand=str(card.brand)[:20], last4=str(card.last4))
        details = getattr(method, method.type, None)
        return VaultedMethod(reference=method.id, brand=str(method.type)[:20], last4=str(getattr(details, "last4", "")))

    async def setup(self, customer_reference: str) -> str:
        params: Any = {"customer": customer_reference, "usage": "off_session", "payment_method_types": ["card"]}
        intent = await self._call(self.client.v1.setup_intents.create_async(params))
        return intent.client_secret

    async def charge(
        self, method_reference: str, amount: int, currency: str, idempotency_key: str,
        customer_reference: str, metadata: dict[str, str],
    ) -> Charge:
        params: Any = {
            "amount": amount, "currency": currency.lower(), "customer": customer_reference,
            "payment_method": method_reference, "confirm": True, "off_session": True, "metadata": metadata,
        }
        try:
            intent = await self._call(self.client.v1.payment_intents.create_async(
                params, {"idempotency_key": idempotency_key}
            ))
        except stripe.CardError as error:
            details = error.error
            failed = getattr(details, "payment_intent", None) if details else None
            if failed is None:
                return Charge(succeeded=False, declined_code=_decline_code(error), message=error.user_message)
            # Off-session, Stripe refuses a card that needs authentication with the PaymentIntent to
            # confirm in the browser; a replay of the key repeats the refusal, so look at it afresh.
            intent = await self._call(self.client.v1.payment_intents.retrieve_async(failed.id))
            if intent.status != "succeeded" and error.code != "authentication_required":
                return Charge(succeeded=False, reference=intent.id, declined_code=_decline_code(error),
                              message=error.user_message)
        except stripe.InvalidRequestError as error:  # a detached or unknown method, a currency Stripe refuses
            return Charge(succeeded=False, declined_code=error.code or "invalid_request", message=error.user_message)
        if intent.status == "requires_action":  # a replayed key answers the first response: look again
            intent = await self._call(self.client.v1.payment_intents.retrieve_async(intent.id))
        if intent.status == "succeeded":
            return Charge(succeeded=True, reference=intent.id)
        if intent.status in ("requires_action", "requires_payment_method", "requires_confirmation"):
            return Charge(succeeded=False, reference=intent.id, declined_code="authentication_required",
                          message=AUTHENTICATE, client_secret=intent.client_secret)
        return Charge(succeeded=False, reference=intent.id, declined_code=str(intent.status),
                      message=f"The payment is {intent.status}.")

    async def refund(
        self, charge_reference: str, amount: int, currency: str, idempotency_key: str, reason: str | None = None,
        key: str | None = None,
    ) -> Charge:
        metadata = {"reason": (reason or "")[:500], "gateway_key": (key or "")[:500]}
        params: Any = {"payment_intent": charge_reference, "amount": amount, "metadata": metadata}
        try:
            refund = await self._call(self.client.v1.refunds.create_async(params, {"idempotency_key": idempotency_key}))
        except (stripe.InvalidRequestError, stripe.CardError) as error:
            return Charge(succeeded=False, declined_code=error.code or "refund_failed", message=error.user_message)
        if refund.status in ("failed", "canceled"):
            return Charge(succeeded=False, reference=refund.id, declined_code="refund_failed",
                          message=f"The refund {refund.status}.")
        return Charge(succeeded=True, reference=refund.id)

    async def refunds_of(self, charge_reference: str) -> list[Refunded]:
        params: Any = {"payment_intent": charge_reference, "limit": 100}
        listed = await self._call(self.client.v1.refunds.list_async(params))
        return [Refunded(refund.id, refund.amount, _metadata(refund).get("gateway_key") or None)
                for refund in listed.data if refund.status not in ("failed", "canceled")]

    def parse_event(self, payload: bytes, signature: str | None) -> Event:
        if not self.webhook_secret:
            raise InvalidEvent("STRIPE_WEBHOOK_SECRET is not set, so no event can be verified.")
        try:
            stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature or "", self.webhook_secret,
                                                  stripe.Webhook.DEFAULT_TOLERANCE)
            event = orjson.loads(payload)
            kind = EVENT_KINDS.get(event["type"], "OTHER")
            intent: dict[str, Any] = event["data"]["object"]
            if kind == "OTHER":
                return Event(id=str(event["id"]), type=str(event["type"]), kind=kind)
            reference = intent["payment_intent"] if kind == "REFUNDED" else intent["id"]
            metadata = intent.get("metadata") or {}
            method = intent.get("payment_method")
            return Event(
                id=str(event["id"]), type=str(event["type"]), kind=kind, charge_reference=reference,
                method_reference=method.get("id") if isinstance(method, dict) else method,
                amount=int(intent.get("amount_received") or intent["amount"]), currency=str(intent["currency"]).upper(),
                metadata={str(k): str(v) for k, v in metadata.items()},
            )
        except stripe.SignatureVerificationError as error:
            raise InvalidEvent(f"The Stripe-Signature does not verify: {error.user_message or error}") from None
        except (UnicodeDecodeError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            raise InvalidEvent("The body is not a Stripe event.") from None

    async def _call(self, request: Any) -> Any:  # noqa: ANN401
        try:
            return await request
        except UNAVAILABLE as error:
            log.warning("Stripe did not answer: %s", error)
            raise ProviderUnavailable(str(error)) from None


def _decline_code(error: stripe.StripeError) -> str:
    details = error.error
    return str(getattr(details, "decline_code", None) or error.code or "card_declined")


def _metadata(resource: Any) -> dict[str, str]:  # noqa: ANN401
    metadata = getattr(resource, "metadata", None)
    return metadata.to_dict() if metadata is not None else {}
