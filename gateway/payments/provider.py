"""What checkout needs of a payment provider, in the shape of Stripe's API: vault a token as a
reusable method, charge it with an idempotency key (a retry never charges twice), refund."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class VaultError(Exception):
    """The provider refused to vault the token (unknown or expired)."""


@dataclass(frozen=True)
class VaultedMethod:
    reference: str  # the provider's id of the method; the token itself is never stored
    brand: str
    last4: str


@dataclass(frozen=True)
class Charge:
    succeeded: bool
    reference: str | None = None  # the provider's id of the charge
    declined_code: str | None = None  # card_declined, insufficient_funds, ...
    message: str | None = None


class PaymentProvider(Protocol):
    name: str

    async def vault(self, token: str) -> VaultedMethod:
        """Turn a one-time token from the storefront into a reusable method; VaultError if refused."""

    async def charge(self, method_reference: str, amount: int, currency: str, idempotency_key: str) -> Charge:
        """Charge amount (minor units); the same idempotency_key answers the first charge again."""

    async def refund(self, charge_reference: str, amount: int, currency: str, idempotency_key: str) -> Charge:
        """Give back amount of an earlier charge."""
