"""Catalog and cart fixtures: a B2B buyer logged in by a session row made directly (login has its own
tests), and Admin API helpers for catalogs and fixed prices."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from gateway.auth.sessions import PREFIX, hash_token
from gateway.db.models import Customer, CustomerSession, ShopSettings
from gateway.platform import clock
from tests.helpers import ERRORS, GraphQLClient

PRICES_ADD = f"""mutation($id: ID!, $prices: [PriceListPriceInput!]!) {{
    priceListFixedPricesAdd(priceListId: $id, prices: $prices) {{ {ERRORS} }} }}"""

VARIANT_FIELDS = """id sku price(quantity: $q) { amount currencyCode } priceSource(quantity: $q) { catalogId catalogTitle rule }
    quantityRule { minimum maximum increment } priceBreaks { minimumQuantity price { amount } }"""


async def login(db, client, email: str) -> GraphQLClient:  # noqa: ANN001
    """A storefront client with a live session for the customer of email (made if new)."""
    token = PREFIX + secrets.token_urlsafe(32)
    async with db.transaction() as session:
        customer = await session.scalar(select(Customer).where(Customer.email == email))
        if customer is None:
            customer = Customer(email=email)
            session.add(customer)
            await session.flush()
        session.add(CustomerSession(
            token_hash=hash_token(token), customer_id=customer.id, expires_at=clock.now() + timedelta(days=1)
        ))
    return GraphQLClient(client, "/graphql", token)


async def set_access_mode(db, mode: str) -> None:  # noqa: ANN001
    async with db.transaction() as session:
        await session.execute(update(ShopSettings).where(ShopSettings.id == 1).values(access_mode=mode))


async def add_prices(admin: GraphQLClient, catalog: dict[str, Any], *prices: dict[str, Any]) -> None:
    payload = (await admin(PRICES_ADD, id=catalog["priceList"]["id"], prices=list(prices)))["priceListFixedPricesAdd"]
    assert payload["userErrors"] == []


async def variant_of(client: GraphQLClient, handle: str, index: int = 0, quantity: int = 1) -> dict[str, Any]:
    """A product's variant as the client sees it (price at quantity)."""
    query = f"""query($h: String!, $q: Int!) {{ product(handle: $h) {{ variants {{ {VARIANT_FIELDS} }} }} }}"""
    product = (await client(query, h=handle, q=quantity))["product"]
    return product["variants"][index] if product else None
