"""Account requests: the storefront's companyAccountRequest; the Admin API's list, approve, decline."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.customers import account_requests, lists
from gateway.db import models as m
from gateway.platform import ids
from gateway.platform.pagination import PageArgs
from resolvers.platform.errors import mutate
from resolvers.platform.inputs import to_data
from schema.customers.account_requests import (
    AccountRequest,
    AccountRequestApproveInput,
    AccountRequestApprovePayload,
    AccountRequestDeclinePayload,
    AccountRequestStatus,
    CompanyAccountRequestInput,
    CompanyAccountRequestPayload,
)
from schema.relay import Connection, keys_connection


async def company_account_request(
    info: strawberry.Info, input: CompanyAccountRequestInput
) -> CompanyAccountRequestPayload:
    context = info.context

    async def work(session: AsyncSession) -> dict:
        row = await account_requests.submit(session, context.settings, to_data(input), context.client_address)
        return {"account_request": AccountRequest.from_row(row)}

    return await mutate(info, CompanyAccountRequestPayload, work)


async def account_requests_query(
    info: strawberry.Info, first: int | None = None, after: str | None = None,
    status: AccountRequestStatus | None = None,
) -> Connection[AccountRequest]:
    """Oldest first: the queue to work through."""
    stmt = lists.account_requests(status.value if status is not None else None)
    args = PageArgs(first=first, after=after)
    return await keys_connection(info, stmt, [m.AccountRequest.id], args, False, AccountRequest.from_row)


async def account_request(info: strawberry.Info, id: strawberry.ID) -> AccountRequest | None:
    pk = ids.pk_of(id, "AccountRequest")
    row = await info.context.loaders.by_id(m.AccountRequest).load(pk) if pk else None
    return AccountRequest.from_row(row) if row else None


async def account_request_approve(
    info: strawberry.Info, id: strawberry.ID, input: AccountRequestApproveInput | None = None
) -> AccountRequestApprovePayload:
    async def work(session: AsyncSession) -> dict:
        data = to_data(input) if input is not None else {}
        row = await account_requests.approve(session, info.context.settings, id, data)
        return {"account_request": AccountRequest.from_row(row)}

    return await mutate(info, AccountRequestApprovePayload, work)


async def account_request_decline(
    info: strawberry.Info, id: strawberry.ID, reason: str
) -> AccountRequestDeclinePayload:
    async def work(session: AsyncSession) -> dict:
        row = await account_requests.decline(session, info.context.settings, id, reason)
        return {"account_request": AccountRequest.from_row(row)}

    return await mutate(info, AccountRequestDeclinePayload, work)
