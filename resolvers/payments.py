"""The buyer's payment methods on the Storefront API: thin calls on gateway/payments/methods.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.payments import methods, provider_for
from resolvers.platform.errors import mutate
from schema.payments import (
    PaymentMethod,
    PaymentMethodAddPayload,
    PaymentMethodRemovePayload,
    PaymentMethodSetDefaultPayload,
    PaymentMethodSetupCreatePayload,
)


async def payment_method_remove(info: strawberry.Info, payment_method_id: strawberry.ID) -> PaymentMethodRemovePayload:
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        await methods.remove_method(session, customer_id, payment_method_id)
        return {"removed_payment_method_id": payment_method_id}

    return await mutate(info, PaymentMethodRemovePayload, work)


async def payment_method_set_default(
    info: strawberry.Info, payment_method_id: strawberry.ID
) -> PaymentMethodSetDefaultPayload:
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        method = await methods.set_default_method(session, customer_id, payment_method_id)
        return {"payment_method": PaymentMethod.from_row(method)}

    return await mutate(info, PaymentMethodSetDefaultPayload, work)


async def payment_method_add(info: strawberry.Info, token: str) -> PaymentMethodAddPayload:
    provider, customer_id = provider_for(info.context.settings), info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        return {"payment_method": PaymentMethod.from_row(await methods.add(session, provider, customer_id, token))}

    return await mutate(info, PaymentMethodAddPayload, work)


async def payment_method_setup_create(info: strawberry.Info) -> PaymentMethodSetupCreatePayload:
    """A SetupIntent's client secret: the storefront collects the card in the browser with Stripe.js
    (stripe.confirmCardSetup), then passes the PaymentMethod id it gets to paymentMethodAdd."""
    provider, customer_id = provider_for(info.context.settings), info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        return {"client_secret": await methods.setup(session, provider, customer_id)}

    return await mutate(info, PaymentMethodSetupCreatePayload, work)
