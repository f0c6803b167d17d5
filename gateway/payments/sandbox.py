"""The sandbox provider (PAYMENT_PROVIDER=test) for development and tests, after Stripe's test tokens: tok_visa and
tok_mastercard charge fine, tok_declined is declined, tok_insufficient_funds is declined with its
own reason; tok_refund_fail charges fine and its refunds fail (Stripe's pm_card_refundFail). It keeps
no state: references are derived from the token and the idempotency key."""

from __future__ import annotations

import hashlib

from gateway.payments.provider import Charge, VaultedMethod, VaultError

# token: (brand, last4, decline code or None)
CARDS = {
    "tok_visa": ("visa", "4242", None),
    "tok_mastercard": ("mastercard", "4444", None),
    "tok_declined": ("visa", "0002", "card_declined"),
    "tok_insufficient_funds": ("visa", "9995", "insufficient_funds"),
    "tok_refund_fail": ("visa", "5126", None),
}
REFUND_FAILS = "ch_refundfail"  # the reference prefix of tok_refund_fail's charges
MESSAGES = {
    "card_declined": "The card was declined.",
    "insufficient_funds": "The card has insufficient funds.",
}


def _reference(prefix: str, *parts: str) -> str:
    return f"{prefix}_{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:24]}"


class SandboxProvider:
    name = "test"
    __test__ = False  # not a pytest class

    async def vault(self, token: str) -> VaultedMethod:
        if token not in CARDS:
            raise VaultError(f"Unknown test token {token!r}; use one of {', '.join(CARDS)}.")
        brand, last4, _ = CARDS[token]
        return VaultedMethod(reference=f"pm_test_{token}", brand=brand, last4=last4)

    async def charge(self, method_reference: str, amount: int, currency: str, idempotency_key: str) -> Charge:
        token = method_reference.removeprefix("pm_test_")
        declined = CARDS.get(token, (None, None, "card_declined"))[2]
        if declined:
            return Charge(succeeded=False, declined_code=declined, message=MESSAGES[declined])
        prefix = REFUND_FAILS if token == "tok_refund_fail" else "ch"
        return Charge(succeeded=True, reference=_reference(prefix, idempotency_key, method_reference, str(amount)))

    async def refund(self, charge_reference: str, amount: int, currency: str, idempotency_key: str) -> Charge:
        if charge_reference.startswith(REFUND_FAILS):
            return Charge(succeeded=False, declined_code="refund_failed", message="The refund failed at the bank.")
        return Charge(succeeded=True, reference=_reference("re", idempotency_key, charge_reference, str(amount)))
