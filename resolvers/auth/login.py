"""Storefront login mutations and the Admin API's customerInvite."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import login
from gateway.customers import invitations
from gateway.db import models as m
from gateway.platform.errors import DomainError
from gateway.platform.ids import fetch
from resolvers.platform.errors import mutate
from schema.auth import (
    CustomerInvitePayload,
    LogoutPayload,
    RequestLoginCodePayload,
    VerifyLoginCodePayload,
)
from schema.customers.register import Customer
from schema.errors import user_errors


async def request_login_code(info: strawberry.Info, email: str) -> RequestLoginCodePayload:
    context = info.context

    async def work(session: AsyncSession) -> dict:
        await login.request_code(session, context.settings, email, context.client_address)
        return {}

    return await mutate(info, RequestLoginCodePayload, work)


async def verify_login_code(info: strawberry.Info, email: str, code: str) -> VerifyLoginCodePayload:
    # Not through mutate: verify_code commits the counted try itself, also when it answers an error.
    try:
        result = await login.verify_code(info.context.db, info.context.settings, email, code)
    except DomainError as error:
        return VerifyLoginCodePayload(user_errors=user_errors(error))
    customer = Customer.from_row(result.customer, own=True)
    return VerifyLoginCodePayload(access_token=result.token, expires_at=result.expires_at, customer=customer)


async def logout(info: strawberry.Info) -> LogoutPayload:
    async def work(session: AsyncSession) -> dict:
        await login.logout(session, info.context.session_id)
        return {}

    return await mutate(info, LogoutPayload, work)


async def customer_invite(info: strawberry.Info, customer_id: strawberry.ID) -> CustomerInvitePayload:
    async def work(session: AsyncSession) -> dict:
        customer = await fetch(session, m.Customer, customer_id, "Customer", "customerId")
        await invitations.invite(session, info.context.settings, customer, "customerId")
        return {"customer": Customer.from_row(customer)}

    return await mutate(info, CustomerInvitePayload, work)
