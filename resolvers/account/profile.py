"""The buyer's account on the Storefront API: thin calls on gateway/account/profile.py."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.account import profile
from gateway.db import models as m
from gateway.payments import provider_for
from resolvers.platform.errors import mutate
from schema.account import (
    CompanyLocationUpdateAddressPayload,
    CustomerNameInput,
    CustomerUpdatePayload,
    OrdersPayPayload,
    PaymentMethodRemovePayload,
    PaymentMethodSetDefaultPayload,
)
from schema.common import AddressInput, Money, to_data
from schema.customers.register import CompanyLocation, Customer
from schema.orders.order import Order, OrderTransaction
from schema.payments import PaymentMethod


async def outstanding_orders(info: Any, customer_pk: int) -> list[Order]:
    """The viewer's unpaid orders, overdue first; empty for any customer but the viewer."""
    if customer_pk != info.context.customer_id:
        return []
    async with info.context.db.reader() as session:
        return [Order.from_row(row) for row in await profile.outstanding_orders(session, customer_pk)]


async def total_outstanding(info: Any, customer_pk: int) -> list[Money]:
    """What those orders owe, one amount per currency; empty for any customer but the viewer."""
    if customer_pk != info.context.customer_id:
        return []
    async with info.context.db.reader() as session:
        owed = await profile.total_outstanding(session, customer_pk)
    return [Money.of(amount, currency) for amount, currency in owed]


async def orders_pay(
    info: strawberry.Info, order_ids: list[strawberry.ID], payment_method_id: strawberry.ID, idempotency_key: str
) -> OrdersPayPayload:
    """Pay what is outstanding on several orders in one charge."""
    context = info.context
    provider = provider_for(context.settings)

    async def work(session: AsyncSession) -> dict:
        result = await profile.pay_orders(
            session, provider, context.customer_id, list(order_ids), payment_method_id, idempotency_key
        )
        orders = await _by_ids(session, m.Order, result["order_ids"])
        transactions = await _by_ids(session, m.Transaction, result["transaction_ids"])
        return {
            "orders": [Order.from_row(row) for row in orders],
            "transactions": [OrderTransaction.from_row(row) for row in transactions],
            "amount_charged": Money.of(result["amount"], result["currency"]),
        }

    return await mutate(info, OrdersPayPayload, work)


async def _by_ids(session: AsyncSession, model: type[m.Order] | type[m.Transaction], pks: list[int]) -> list:
    """Rows of model in the order of pks, read in one statement (fresh, not the identity map's)."""
    stmt = select(model).where(model.id.in_(pks)).execution_options(populate_existing=True)
    rows = {row.id: row for row in await session.scalars(stmt)}
    return [rows[pk] for pk in pks]


async def payment_method_remove(info: strawberry.Info, payment_method_id: strawberry.ID) -> PaymentMethodRemovePayload:
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        await profile.remove_method(session, customer_id, payment_method_id)
        return {"removed_payment_method_id": payment_method_id}

    return await mutate(info, PaymentMethodRemovePayload, work)


async def payment_method_set_default(
    info: strawberry.Info, payment_method_id: strawberry.ID
) -> PaymentMethodSetDefaultPayload:
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        method = await profile.set_default_method(session, customer_id, payment_method_id)
        return {"payment_method": PaymentMethod.from_row(method)}

    return await mutate(info, PaymentMethodSetDefaultPayload, work)


async def customer_update(info: strawberry.Info, input: CustomerNameInput) -> CustomerUpdatePayload:
    """The viewer's own name."""
    customer_id = info.context.customer_id

    async def work(session: AsyncSession) -> dict:
        return {"customer": Customer.from_row(await profile.update_name(session, customer_id, to_data(input)))}

    return await mutate(info, CustomerUpdatePayload, work)


async def company_location_update_address(
    info: strawberry.Info, location_id: strawberry.ID, shipping_address: AddressInput | None = None,
    billing_address: AddressInput | None = None,
) -> CompanyLocationUpdateAddressPayload:
    """A LOCATION_ADMIN keeps its location's addresses current; addresses left out stay as they are."""
    customer_id = info.context.customer_id
    data = {"shipping_address": to_data(shipping_address), "billing_address": to_data(billing_address)}

    async def work(session: AsyncSession) -> dict:
        location = await profile.update_location_addresses(session, customer_id, location_id, data)
        return {"location": CompanyLocation.from_row(location)}

    return await mutate(info, CompanyLocationUpdateAddressPayload, work)
