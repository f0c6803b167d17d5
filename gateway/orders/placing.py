"""Placing an order that is no cart at checkout (an approved request, an accepted quote) through
checkout's own path (gateway/orders/checkout.py place), so there is one way to place an order."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import ShopSettings
from gateway.orders import carts, checkout
from gateway.payments import PaymentProvider
from gateway.platform.errors import DomainError, Problem
from gateway.platform.settings import Settings


async def place_for(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, shop: ShopSettings, view: carts.CartView,
    method_gid: str | None, charge_key: str, field: str,
) -> dict[str, Any]:
    """checkout.place for a request or quote that is not a cart: the checks of checkout (lines still
    sold, credit, terms, payment), their problems said on the caller's field instead of cartId."""
    try:
        checkout.check_lines(view)
        return await checkout.place(session, settings, provider, shop, view, method_gid, charge_key)
    except DomainError as error:
        raise DomainError(*(
            Problem(p.code, p.message, (field,)) if p.field == ("cartId",) else p for p in error.problems
        )) from None
