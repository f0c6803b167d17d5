"""What the shop needs of a payment provider, in the shape of Stripe's API: a customer per buyer,
methods vaulted on it (or set up in the browser), charges confirmed off-session with an
idempotency key (a retry never charges twice), refunds, and signed events about all of them.
Both providers (gateway/payments/sandbox.py, gateway/payments/stripe.py) pass one contract suite
(tests/payments/test_provider_contract.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class VaultError(Exception):
    """The provider refused to vault the token (unknown, expired, or the card was declined)."""


class ProviderUnavailable(Exception):
    """The provider could not be reached or did not answer: whether a charge went through is unknown
    until a retry with the same idempotency key, or the provider's event, tells."""


class InvalidEvent(Exception):
    """A webhook whose signature does not verify, or that is not a provider event."""


@dataclass(frozen=True)
class VaultedMethod:
    reference: str  # the provider's id of the method; the token itself is never stored
    brand: str
    last4: str


@dataclass(frozen=True)
class Charge:
    succeeded: bool
    reference: str | None = None  # the provider's id of the charge (a PaymentIntent) or refund
    declined_code: str | None = None  # card_declined, insufficient_funds, authentication_required, ...
    message: str | None = None
    client_secret: str | None = None  # authentication_required: the browser confirms with it (3-D Secure)


@dataclass(frozen=True)
class Refunded:
    """A refund the provider made of a charge."""

    reference: str
    amount: int
    key: str | None = None  # the shop's idempotency key it was made under (orderRefund's), if any


@dataclass(frozen=True)
class Event:
    """A provider's event, verified: what happened to which charge."""

    id: str
    type: str  # the provider's name of it, e.g. payment_intent.succeeded
    kind: str  # PAYMENT_SUCCEEDED | PAYMENT_FAILED | REFUNDED | OTHER
    charge_reference: str | None = None
    method_reference: str | None = None
    amount: int = 0
    currency: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


class PaymentProvider(Protocol):
    name: str

    async def create_customer(self, customer_id: int, email: str) -> str:
        """The provider's customer for our buyer (made once per buyer: gateway/payments/methods.py)."""

    async def vault(self, token: str, customer_reference: str) -> VaultedMethod:
        """Attach a method from the storefront to the customer for reuse; VaultError if refused."""

    async def setup(self, customer_reference: str) -> str:
        """A client secret with which the browser collects and sets up a method (a SetupIntent)."""

    async def charge(
        self, method_reference: str, amount: int, currency: str, idempotency_key: str,
        customer_reference: str, metadata: dict[str, str],
    ) -> Charge:
        """Charge amount (minor units) off-session; the same idempotency_key answers the first charge again.
        metadata travels with the charge and comes back in its events (what the charge pays for)."""

    async def refund(
        self, charge_reference: str, amount: int, currency: str, idempotency_key: str, reason: str | None = None,
        key: str | None = None,
    ) -> Charge:
        """Give back amount of an earlier charge; key (the shop's request) comes back in refunds_of."""

    async def refunds_of(self, charge_reference: str) -> list[Refunded]:
        """The refunds the provider made of the charge (made here or in its dashboard)."""

    def parse_event(self, payload: bytes, signature: str | None) -> Event:
        """The event of a webhook, its signature verified; InvalidEvent otherwise."""
