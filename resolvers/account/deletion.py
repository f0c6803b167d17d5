"""customerDelete on the Storefront API: a thin call on gateway/account/deletion.py."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.account import deletion
from gateway.platform import ids
from resolvers.platform.errors import mutate
from schema.account import CustomerDeletePayload


async def customer_delete(info: strawberry.Info) -> CustomerDeletePayload:
    """Delete the viewer's account: personal data erased, orders kept for the books without it, every
    session ended. Needs a login code verified within the last 10 minutes (else RECENT_LOGIN_REQUIRED);
    refused while the viewer is a company's main contact (MAIN_CONTACT) or its account has orders with
    something outstanding (OUTSTANDING_ORDERS)."""
    context = info.context

    async def work(session: AsyncSession) -> dict:
        pk = await deletion.delete_customer(session, context.settings, context.customer_id, context.session_id)
        return {"deleted_id": ids.to_gid("Customer", pk)}

    return await mutate(info, CustomerDeletePayload, work)
