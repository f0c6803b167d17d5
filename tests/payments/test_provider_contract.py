"""One contract, both providers: the sandbox (PAYMENT_PROVIDER=test) and Stripe's library against
localstripe pass the same tests of what the shop relies on."""

from __future__ import annotations

import uuid

import pytest

from gateway.payments.provider import InvalidEvent, PaymentProvider, VaultError
from gateway.payments.sandbox import SandboxProvider
from gateway.payments.stripe_provider import StripeProvider
from tests.payments.localstripe import API_KEY, WEBHOOK_SECRET, sign

THREE_D_SECURE = "4000002760003184"  # needs authentication on every charge


@pytest.fixture(params=["test", "stripe"])
async def contract(request: pytest.FixtureRequest) -> tuple[PaymentProvider, dict[str, str]]:
    """(provider, cards by what they do); the cards are Stripe's test PaymentMethods."""
    cards = {"good": "pm_card_visa", "declined": "pm_card_chargeCustomerFail"}
    if request.param == "test":
        return SandboxProvider(), {**cards, "3ds": "pm_card_threeDSecure2Required"}
    server = request.getfixturevalue("localstripe")
    return StripeProvider(API_KEY, server.url, WEBHOOK_SECRET), {**cards, "3ds": await server.card(THREE_D_SECURE)}


async def _customer(provider: PaymentProvider) -> str:
    reference = await provider.create_customer(abs(hash(uuid.uuid4())) % 10**9, "anna@acme.test")
    assert reference.startswith("cus_")
    return reference


async def test_a_card_is_vaulted_on_the_customer_and_charged(contract):
    provider, cards = contract
    customer = await _customer(provider)
    method = await provider.vault(cards["good"], customer)
    assert (method.brand, method.last4) == ("visa", "4242") and method.reference.startswith("pm_")
    charge = await provider.charge(method.reference, 1234, "EUR", uuid.uuid4().hex, customer, {"gateway_orders": "1:1234"})
    assert charge.succeeded and charge.reference and charge.client_secret is None


async def test_an_unknown_token_is_refused(contract):
    provider, _ = contract
    with pytest.raises(VaultError):
        await provider.vault("pm_no_such_method", await _customer(provider))


async def test_a_declined_charge_says_why(contract):
    provider, cards = contract
    customer = await _customer(provider)
    method = await provider.vault(cards["declined"], customer)
    charge = await provider.charge(method.reference, 500, "EUR", uuid.uuid4().hex, customer, {})
    assert not charge.succeeded and charge.declined_code and charge.message and charge.client_secret is None


async def test_a_card_that_needs_authentication_answers_a_client_secret(contract):
    provider, cards = contract
    customer = await _customer(provider)
    method = await provider.vault(cards["3ds"], customer)
    charge = await provider.charge(method.reference, 500, "EUR", uuid.uuid4().hex, customer, {})
    assert not charge.succeeded and charge.declined_code == "authentication_required"
    assert charge.client_secret and "_secret_" in charge.client_secret and charge.reference


async def test_refunds_in_parts_are_listed_with_their_tags(contract):
    provider, cards = contract
    customer = await _customer(provider)
    method = await provider.vault(cards["good"], customer)
    charge = await provider.charge(method.reference, 1000, "EUR", uuid.uuid4().hex, customer, {})
    first = await provider.refund(charge.reference, 300, "EUR", uuid.uuid4().hex, "damaged", "digest:key-1")
    second = await provider.refund(charge.reference, 700, "EUR", uuid.uuid4().hex, None, None)
    assert first.succeeded and second.succeeded and first.reference != second.reference
    made = {refund.reference: (refund.amount, refund.key) for refund in await provider.refunds_of(charge.reference)}
    assert made == {first.reference: (300, "digest:key-1"), second.reference: (700, None)}


async def test_a_setup_gives_the_browser_a_client_secret(contract):
    provider, _ = contract
    assert "_secret_" in await provider.setup(await _customer(provider))


async def test_an_event_that_does_not_verify_is_refused(contract):
    provider, _ = contract
    body, signature = sign({"id": "evt_1", "type": "payment_intent.succeeded"}, secret="whsec_someone_else")
    with pytest.raises(InvalidEvent):
        provider.parse_event(body, signature)
