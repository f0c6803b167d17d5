"""Writing emails to the outbox, in the caller's transaction: sent later by the worker."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import OutboxMessage, ShopSettings
from gateway.outbox.mail import templates
from gateway.platform import clock
from gateway.platform.settings import Settings

RETRY_FOR = timedelta(hours=24)
SUBJECT_LENGTH = OutboxMessage.__table__.c.subject.type.length
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
    secret: Collection[str] = (),
) -> OutboxMessage | None:
    """Render `template` with the shop's name and values and queue it for `to`. It commits or
    rolls back with the caller's change; drop_after marks when it is no longer worth sending;
    the values named in secret are erased once the email is sent, dropped or given up on.
    Nothing is queued for an undeliverable address (a deleted customer's): None."""
    if undeliverable(to):
        return None
    # by primary key: a caller that has the settings in its session (checkout) spends no statement
    shop_name = (await session.get(ShopSettings, 1)).name
    rendered = templates.render(template, {"shop_name": shop_name, **values}, secret)
    subject = rendered.subject
    if len(subject) > SUBJECT_LENGTH:  # a long shop name; PostgreSQL would refuse the row
        subject = subject[: SUBJECT_LENGTH - 1] + "…"
    now = clock.now()
    row = OutboxMessage(
        kind="email", recipient=to, subject=subject, body_text=rendered.text,
        body_html=rendered.html, headers={"X-Gateway-Template": template}, message_id=message_id(settings),
        created_at=now, next_attempt_at=now, give_up_at=now + RETRY_FOR, drop_after=drop_after,
    )
    session.add(row)
    await session.flush()
    return row


async def enqueue_code(
    session: AsyncSession, settings: Settings, to: str, code: str, expires_at: datetime, title: str = "login code"
) -> OutboxMessage | None:
    """Queue a one-time code for `to` (login_code: the code leads the subject and stands alone on
    the text's third line, for mail apps that offer to copy it); not sent after expires_at, and
    erased once done with. title names it ("console login code" for staff)."""
    minutes = max(1, round((expires_at - clock.now()).total_seconds() / 60))
    return await enqueue(
        session, settings, to, "login_code", {"code": code, "minutes": str(minutes), "title": title},
        drop_after=expires_at, secret={"code"},
    )


def erase_secrets(row: OutboxMessage) -> None:
    """Called in the transaction that marks the row SENT, FAILED or DROPPED: nothing it was told to
    keep secret outlives it (other emails and webhooks carry no marks and stay as they are)."""
    row.subject = templates.erase(row.subject)
    row.body_text = templates.erase(row.body_text)
    if row.body_html is not None:
        row.body_html = templates.erase(row.body_html)


async def notify_merchant(
    session: AsyncSession, settings: Settings, template: str, values: dict[str, str]
) -> OutboxMessage | None:
    """Queue template for MERCHANT_EMAIL; nothing when it is unset (the app warns of that at start)."""
    if not settings.merchant_email:
        return None
    return await enqueue(session, settings, settings.merchant_email, template, values)
