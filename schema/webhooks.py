"""Webhook subscriptions and their delivery log (Admin API)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from gateway.db import models as m
from gateway.outbox import webhooks
from gateway.outbox.webhooks import subscriptions
from gateway.platform import ids
from schema import errors
from schema.deprecations import renamed
from schema.enums import from_domain
from schema.errors import UserError
from schema.relay import Connection, Node, children

WebhookTopic = strawberry.enum(Enum("WebhookTopic", {topic: topic for topic in webhooks.TOPICS}))


WebhookSubscriptionStatus = from_domain("WebhookSubscriptionStatus", subscriptions.STATUSES)


WebhookDeliveryStatus = from_domain(
    "WebhookDeliveryStatus", subscriptions.DELIVERY_STATUSES,
    "PENDING: to be tried (again); SENT: the receiver answered 2xx; FAILED: given up; "
    "DROPPED: dropped when the subscription was disabled.",
)


@strawberry.type(description="One event sent (or to be sent) to a subscription's URL.")
class WebhookDelivery(Node):
    delivery_id: str = strawberry.field(description="The X-Webhook-Id header: the same on every retry.")
    topic: WebhookTopic
    status: WebhookDeliveryStatus
    response_code: int | None = strawberry.field(description="The receiver's HTTP status on the last attempt.")
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None

    @classmethod
    def from_row(cls, row: m.OutboxMessage) -> "WebhookDelivery":
        return cls(
            id=ids.to_gid("WebhookDelivery", row.id), delivery_id=row.message_id, topic=WebhookTopic(row.subject),
            status=WebhookDeliveryStatus(row.status), response_code=row.response_code, attempts=row.attempts,
            created_at=row.created_at, last_attempt_at=row.last_attempt_at, delivered_at=row.sent_at,
            next_attempt_at=row.next_attempt_at if row.status == "PENDING" else None, last_error=row.last_error,
        )


@strawberry.type(description="Where events of a topic are POSTed. Its signing secret is shown only once, "
                 "in webhookSubscriptionCreate's payload.")
class WebhookSubscription(Node):
    topic: WebhookTopic
    url: str
    status: WebhookSubscriptionStatus
    created_at: datetime
    failing_since: datetime | None
    disabled_at: datetime | None
    pk: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.WebhookSubscription) -> "WebhookSubscription":
        return cls(
            id=ids.to_gid("WebhookSubscription", row.id), pk=row.id, topic=WebhookTopic(row.topic), url=row.url,
            status=WebhookSubscriptionStatus(row.status), created_at=row.created_at,
            failing_since=row.failing_since, disabled_at=row.disabled_at,
        )

    @strawberry.field(description="Its deliveries, oldest first.")
    async def deliveries(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[WebhookDelivery]:
        return await children(
            info, m.OutboxMessage.webhook_subscription_id, self.pk, first, after, WebhookDelivery.from_row
        )


@strawberry.type
class WebhookSubscriptionCreatePayload:
    webhook_subscription: WebhookSubscription | None = None
    secret: str | None = strawberry.field(
        default=None, description="The signing secret: shown here once, never again. Verify X-Webhook-Hmac-SHA256 "
        "(base64 HMAC-SHA256 of the raw body) with it.",
    )
    user_errors: list[UserError] = errors.none()


@strawberry.type
class WebhookSubscriptionDeletePayload:
    deleted_id: strawberry.ID | None = None
    deleted_webhook_subscription_id: strawberry.ID | None = renamed("deleted_id", "deletedId")
    user_errors: list[UserError] = errors.none()
