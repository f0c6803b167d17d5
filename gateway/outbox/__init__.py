"""Writing emails to the outbox, in the caller's transaction: sent later by the worker."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from gateway import shop
from gateway.db.models import OutboxMessage
from gateway.outbox.mail import templates
from gateway.platform import clock
from gateway.platform.settings import Settings

RETRY_FOR = timedelta(hours=24)
# RFC 2606 reserves it: nothing under it can receive mail. Deleted customers keep deleted-<id>@invalid.
UNDELIVERABLE_DOMAIN = "invalid"


def undeliverable(to: str) -> bool:
    domain = to.strip().rpartition("@")[2].lower()
    return domain == UNDELIVERABLE_DOMAIN or domain.endswith("." + UNDELIVERABLE_DOMAIN)


def message_id(settings: Settings) -> str:
    """A Message-ID fixed when the email is written, so every retry carries the same one."""
    domain = settings.mail_from.rpartition("@")[2] or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


async def enqueue(
    session: AsyncSession,
    settings: Settings,
    to: str,
    template: str,
    values: dict[str, str],
    *,
    drop_after: datetime | None = None,
) -> OutboxMessage | None:
    """Render `template` with the shop's name and values and queue it for `to`. It commits or
    rolls back with the caller's change; drop_after marks when it is no longer worth sending.
    Nothing is queued for an undeliverable address (a deleted customer's): None."""
    if undeliverable(to):
        return None
    shop_name = (await shop.get(session)).name
    rendered = templates.render(template, {"shop_name": shop_name, **values})
    now = clock.now()
    row = OutboxMessage(
        kind="email", recipient=to, subject=rendered.subject, body_text=rendered.text,
        body_html=rendered.html, headers={"X-Gateway-Template": template}, message_id=message_id(settings),
        created_at=now, next_attempt_at=now, give_up_at=now + RETRY_FOR, drop_after=drop_after,
    )
    session.add(row)
    await session.flush()
    return row


async def notify_merchant(
    session: AsyncSession, settings: Settings, template: str, values: dict[str, str]
) -> OutboxMessage | None:
    """Queue template for MERCHANT_EMAIL; nothing when it is unset (the app warns of that at start)."""
    if not settings.merchant_email:
        return None
    return await enqueue(session, settings, settings.merchant_email, template, values)
