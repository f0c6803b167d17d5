"""Payment providers: the protocol the shop charges through, and the one chosen by PAYMENT_PROVIDER."""

from __future__ import annotations

from functools import lru_cache

from gateway.payments.provider import Charge, PaymentProvider, VaultedMethod
from gateway.platform.settings import Settings


def provider_for(settings: Settings) -> PaymentProvider:
    """The configured provider: the sandbox (test), or Stripe."""
    if settings.payment_provider == "test":
        from gateway.payments.sandbox import SandboxProvider

        return SandboxProvider()
    if settings.payment_provider == "stripe":
        return _stripe(settings.stripe_api_key or "", settings.stripe_api_base, settings.stripe_webhook_secret)
    raise ValueError(f"Unknown PAYMENT_PROVIDER {settings.payment_provider!r}")


@lru_cache(maxsize=8)
def _stripe(api_key: str, api_base: str | None, webhook_secret: str | None) -> PaymentProvider:
    """One client per configuration, so its HTTP connections are reused across requests."""
    from gateway.payments.stripe_provider import StripeProvider

    return StripeProvider(api_key, api_base, webhook_secret)


__all__ = ["Charge", "PaymentProvider", "VaultedMethod", "provider_for"]
