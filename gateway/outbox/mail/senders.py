"""Senders: SMTP through aiosmtplib, or the console when no SMTP_HOST is set."""

from __future__ import annotations

import sys
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Protocol

import aiosmtplib

from gateway.db.models import OutboxMessage
from gateway.outbox.mail import templates
from gateway.platform.settings import Settings

DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
SMTP_TIMEOUT = 30  # seconds; a stalled server delays the worker, never a request


class Sender(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


def build_message(row: OutboxMessage, settings: Settings) -> EmailMessage:
    """The MIME email for an outbox row: plain text with an HTML alternative, secrets revealed."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = row.recipient
    message["Subject"] = templates.reveal(row.subject)
    message["Message-ID"] = row.message_id
    message["Date"] = format_datetime(row.created_at)
    for name, value in (row.headers or {}).items():
        message[name] = value
    text = templates.reveal(row.body_text)
    message.set_content(text, cte=_transfer_encoding(text, message))
    if row.body_html:
        html = templates.reveal(row.body_html)
        message.add_alternative(html, subtype="html", cte=_transfer_encoding(html, message))
    return message


def _transfer_encoding(body: str, message: EmailMessage) -> str | None:
    """7bit or 8bit, as the email package picks, while every line fits; else quoted-printable where
    it would pick base64 for text that is mostly not ASCII: a code on a line of its own then stays
    readable in the raw email, not only in the decoded one."""
    fits = all(len(line.encode()) <= message.policy.max_line_length for line in body.splitlines())
    return None if fits else "quoted-printable"


class SmtpSender:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        s = self.settings
        await aiosmtplib.send(
            message,
            hostname=s.smtp_host,
            port=s.smtp_port or DEFAULT_PORTS[s.smtp_security],
            username=s.smtp_username or None,
            password=s.smtp_password if s.smtp_username else None,
            use_tls=s.smtp_security == "tls",
            start_tls=s.smtp_security == "starttls",  # False: never upgrade on its own
            timeout=SMTP_TIMEOUT,
        )


class ConsoleSender:
    """Development without a mail server: print the email so the login code can be read."""

    async def send(self, message: EmailMessage) -> None:
        sys.stdout.write(f"{'-' * 72}\n{message.as_string()}\n{'-' * 72}\n")
        sys.stdout.flush()


def for_settings(settings: Settings) -> Sender:
    return SmtpSender(settings) if settings.smtp_host else ConsoleSender()
