"""Storefront checkout: a thin call on gateway/orders/checkout.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db import models as m
from gateway.orders import checkout
from gateway.payments import provider_for
from resolvers.platform.errors import mutate
from schema.orders.approvals import ApprovalRequest
from schema.orders.order import CheckoutCompletePayload, DraftOrder, Order
from schema.values import Money


async def checkout_complete(
    info: strawberry.Info, cart_id: strawberry.ID, idempotency_key: str, payment_method_id: strawberry.ID | None = None,
    payment_method_token: str | None = None, register_account: bool | None = False,
) -> CheckoutCompletePayload:
    """Pays, submits on terms, pays a deposit, or submits a draft for approval, by the location's set-up.
    A guest (anonymous cart with an email) pays now with paymentMethodToken; registerAccount makes it an
    account (registration OPEN)."""
    context = info.context
    shop, provider = await context.shop(), provider_for(context.settings)

    async def work(session: AsyncSession) -> dict:
        result = await checkout.complete(
            session, context.settings, provider, shop, context.customer_id, cart_id, payment_method_id, idempotency_key,
            token=payment_method_token, register=bool(register_account),
        )
        order = await session.get(m.Order, result["order_id"]) if result["order_id"] else None
        draft = await session.get(m.DraftOrder, result["draft_order_id"]) if result["draft_order_id"] else None
        held = result.get("approval_request_id")  # answers stored before approvals lack it
        return {
            "approval_request": ApprovalRequest.from_row(await session.get(m.ApprovalRequest, held)) if held else None,
            "order": Order.from_row(order) if order else None,
            "draft_order": DraftOrder.from_row(draft) if draft else None,
            "amount_charged": Money.of(result["amount_charged"], result["currency"]),
        }

    return await mutate(info, CheckoutCompletePayload, work)
