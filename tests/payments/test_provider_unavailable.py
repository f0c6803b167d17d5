"""Stripe out of reach: the buyer is told to retry with the same key, and nothing is booked."""

from __future__ import annotations

import socket

import httpx
from sqlalchemy import update

from gateway.app import create_app
from gateway.db.models import PaymentMethod
from gateway.platform.settings import Settings
from tests.helpers import GraphQLClient, codes
from tests.orders.helpers import ADD_METHOD, checkout, new_cart


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when this returns: nothing listens there


async def test_an_unreachable_stripe_answers_payment_provider_unavailable(acme, settings, db):
    offline = Settings(**{**settings.model_dump(), "payment_provider": "stripe", "stripe_api_key": "sk_test_x",
                          "stripe_api_base": f"http://127.0.0.1:{_closed_port()}"})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(offline, db)), base_url="http://test") as http:
        buyer = GraphQLClient(http, "/graphql", acme["buyer"].token)
        added = (await buyer(ADD_METHOD, token="pm_card_visa"))["paymentMethodAdd"]
        assert codes(added) == [(["token"], "PAYMENT_PROVIDER_UNAVAILABLE")]
        assert "try again" in added["userErrors"][0]["message"]
    # a method saved before Stripe went away: its charge is not known to have happened
    buyer = acme["buyer"]
    cart = await new_cart(buyer, acme["bolt"]["variants"][0])
    card = (await buyer(ADD_METHOD, token="pm_card_visa"))["paymentMethodAdd"]["paymentMethod"]["id"]
    async with db.transaction() as session:
        await session.execute(update(PaymentMethod).values(provider="stripe"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(offline, db)), base_url="http://test") as http:
        offline_buyer = GraphQLClient(http, "/graphql", buyer.token)
        answer = await checkout(offline_buyer, cart, card)
    assert codes(answer) == [(["paymentMethodId"], "PAYMENT_PROVIDER_UNAVAILABLE")] and answer["order"] is None
