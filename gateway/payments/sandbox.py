"""The sandbox provider (PAYMENT_PROVIDER=test) for development and tests, after Stripe's test
tokens: tok_visa and tok_mastercard charge fine, tok_declined is declined, tok_insufficient_funds
is declined with its own reason; tok_refund_fail charges fine and its refunds fail (Stripe's
pm_card_refundFail); tok_threeDSecure needs the buyer's authentication on every charge. Stripe's
test PaymentMethod ids work too (pm_card_visa, pm_card_mastercard, pm_card_chargeCustomerFail,
pm_card_threeDSecure2Required), so the two providers take the same cards.

References are derived from the token and the idempotency key, so a replay answers the same; the
refunds it made are remembered in this process only (refunds_of), which is enough for a provider
that moves no money. It sends no events."""

from __future__ import annotations

import hashlib

from gateway.payments.provider import Charge, Event, InvalidEvent, Refunded, VaultedMethod, VaultError

# token: (brand, last4, decline code or None)
CARDS = {
    "tok_visa": ("visa", "4242", None),
    "tok_mastercard": ("mastercard", "4444", None),
    "tok_declined": ("visa", "0002", "card_declined"),
    "tok_insufficient_funds": ("visa", "9995", "insufficient_funds"),
    "tok_refund_fail": ("visa", "5126", None),
    "tok_threeDSecure": ("visa", "3184", "authentication_required"),
}
ALIASES = {  # Stripe's test PaymentMethods
    "pm_card_visa": "tok_visa",
    "pm_card_mastercard": "tok_mastercard",
    "pm_card_chargeCustomerFail": "tok_declined",
    "pm_card_threeDSecure2Required": "tok_threeDSecure",
}
REFUND_FAILS = "ch_refundfail"  # the reference prefix of tok_refund_fail's charges
MESSAGES = {
    "card_declined": "The card was declined.",
    "insufficient_funds": "The card has insufficient funds.",
    "authentication_required": "The card needs the buyer's authentication (3-D Secure).",
}
_refunds: dict[str, dict[str, Refunded]] = {}  # charge reference: {refund reference: refund}


def _reference(prefix: str, *parts: str) -> str:
    return f"{prefix}_{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:24]}"


class SandboxProvider:
    name = "test"
    __test__ = False  # not a pytest class

    async def create_customer(self, customer_id: int, email: str) -> str:
        return f"cus_test_{customer_id}"

    async def vault(self, token: str, customer_reference: str) -> VaultedMethod:
        token = ALIASES.get(token, token)
        if token not in CARDS:
            names = ", ".join([*CARDS, *ALIASES])
            raise VaultError(f"Unknown test token {token!r}; use one of {names}.")
        brand, last4, _ = CARDS[token]
        return VaultedMethod(reference=f"pm_test_{token}", brand=brand, last4=last4)

    async def setup(self, customer_reference: str) -> str:
        return f"{_reference('seti_test', customer_reference)}_secret_test"

    async def charge(
        self, method_reference: str, amount: int, currency: str, idempotency_key: str,
        customer_reference: str, metadata: dict[str, str],
    ) -> Charge:
        token = method_reference.removeprefix("pm_test_")
        declined = CARDS.get(token, (None, None, "card_declined"))[2]
        if declined == "authentication_required":
            intent = _reference("pi_test", idempotency_key, method_reference, str(amount))
            return Charge(succeeded=False, reference=intent, declined_code=declined, message=MESSAGES[declined],
                          client_secret=f"{intent}_secret_test")
        if declined:
            return Charge(succeeded=False, declined_code=declined, message=MESSAGES[declined])
        prefix = REFUND_FAILS if token == "tok_refund_fail" else "ch"
        return Charge(succeeded=True, reference=_reference(prefix, idempotency_key, method_reference, str(amount)))

    async def refund(
        self, charge_reference: str, amount: int, currency: str, idempotency_key: str, reason: str | None = None,
        key: str | None = None,
    ) -> Charge:
        if charge_reference.startswith(REFUND_FAILS):
            return Charge(succeeded=False, declined_code="refund_failed", message="The refund failed at the bank.")
        reference = _reference("re", idempotency_key, charge_reference, str(amount))
        _refunds.setdefault(charge_reference, {})[reference] = Refunded(reference, amount, key)
        return Charge(succeeded=True, reference=reference)

    async def refunds_of(self, charge_reference: str) -> list[Refunded]:
        return list(_refunds.get(charge_reference, {}).values())

    def parse_event(self, payload: bytes, signature: str | None) -> Event:
        raise InvalidEvent("The test provider sends no events.")
