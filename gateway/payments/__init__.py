"""Payment providers: the protocol checkout charges through, and the one chosen by PAYMENT_PROVIDER."""

from __future__ import annotations

from gateway.payments.provider import Charge, PaymentProvider, VaultedMethod
from gateway.platform.settings import Settings


def provider_for(settings: Settings) -> PaymentProvider:
    """The configured provider; a real one (Stripe) is one more module and one more name here."""
    if settings.payment_provider == "test":
        from gateway.payments.sandbox import SandboxProvider

        return SandboxProvider()
    raise ValueError(f"Unknown PAYMENT_PROVIDER {settings.payment_provider!r}")


__all__ = ["Charge", "PaymentProvider", "VaultedMethod", "provider_for"]
