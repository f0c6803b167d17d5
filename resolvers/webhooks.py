"""Admin resolvers for webhook subscriptions."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db import models as m
from gateway.outbox.webhooks import subscriptions
from gateway.platform import ids
from gateway.platform.pagination import PageArgs
from resolvers.platform.errors import mutate
from schema.relay import Connection, keys_connection
from schema.webhooks import (
    WebhookSubscription,
    WebhookSubscriptionCreatePayload,
    WebhookSubscriptionDeletePayload,
    WebhookTopic,
)


async def webhook_subscriptions(
    info: strawberry.Info, first: int | None = None, after: str | None = None, topic: WebhookTopic | None = None
) -> Connection[WebhookSubscription]:
    stmt = subscriptions.listed(topic.value if topic is not None else None)
    args = PageArgs(first=first, after=after)
    return await keys_connection(info, stmt, [m.WebhookSubscription.id], args, False, WebhookSubscription.from_row)


async def webhook_subscription(info: strawberry.Info, id: strawberry.ID) -> WebhookSubscription | None:
    pk = ids.pk_of(id, "WebhookSubscription")
    row = await info.context.loaders.by_id(m.WebhookSubscription).load(pk) if pk else None
    return WebhookSubscription.from_row(row) if row else None


async def webhook_subscription_create(
    info: strawberry.Info, topic: WebhookTopic, url: str
) -> WebhookSubscriptionCreatePayload:
    async def work(session: AsyncSession) -> dict:
        row, secret = await subscriptions.create(session, topic.value, url)
        return {"webhook_subscription": WebhookSubscription.from_row(row), "secret": secret}

    return await mutate(info, WebhookSubscriptionCreatePayload, work)


async def webhook_subscription_delete(info: strawberry.Info, id: strawberry.ID) -> WebhookSubscriptionDeletePayload:
    async def work(session: AsyncSession) -> dict:
        pk = await subscriptions.delete(session, id)
        return {"deleted_id": ids.to_gid("WebhookSubscription", pk)}

    return await mutate(info, WebhookSubscriptionDeletePayload, work)
