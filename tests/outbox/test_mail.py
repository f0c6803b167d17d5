"""The outbox against a real SMTP server: delivery, retries, drops, concurrency, speed, and the
login email's shape (the code in the subject and alone near the top) and erasure once done with."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import func, select, update

from gateway import outbox
from gateway.db.engine import Database
from gateway.db.models import OutboxMessage, ShopSettings
from gateway.outbox import worker
from gateway.outbox.mail import templates
from gateway.platform import clock
from gateway.platform.settings import Settings
from gateway.worker import run_forever
from tests.auth.helpers import VIEWER, as_viewer, code_in, mailed_code, request_code, verify
from tests.outbox.smtp import SmtpServer


async def outbox_rows(db: Database) -> list[OutboxMessage]:
    async with db.reader() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def columns_holding(db: Database, code: str) -> list[str]:
    """Every text or JSON column of every outbox row that still contains code (timestamps can't)."""
    return [
        f"{row.id}.{column.key}"
        for row in await outbox_rows(db)
        for column in OutboxMessage.__table__.columns
        if isinstance(value := getattr(row, column.key), str | dict) and code in str(value)
    ]


def code_line(message: EmailMessage, subtype: str) -> tuple[str, str]:
    """(the code, the transfer encoding) of a part whose first lines (the HTML's after its head)
    hold the code alone, in the decoded text and in the raw one (no base64 hides it)."""
    part = message.get_body((subtype,))
    decoded = [line.strip() for line in part.get_content().splitlines()]
    first = decoded[:4] if subtype == "plain" else decoded[:6]
    code = code_in("\n".join(first))
    assert code in first, decoded
    assert code in [line.strip() for line in part.get_payload().splitlines()], part.get_payload()
    return code, part["Content-Transfer-Encoding"]


async def test_code_from_delivered_email_logs_in(storefront, db, settings, smtp: SmtpServer) -> None:
    assert (await request_code(storefront, "Anna@Example.com"))["userErrors"] == []
    assert smtp.inbox.messages == []  # queued, not sent by the request
    assert await worker.run_once(db, settings) == 1

    [message] = smtp.inbox.to("anna@example.com")
    assert message["From"] == "shop@gateway.test"
    assert message["Message-ID"].endswith("@gateway.test>")
    code, encoding = code_line(message, "plain")
    assert encoding == "7bit"
    assert code_line(message, "html")[0] == code
    assert message["Subject"] == f"{code} is your login code for Gateway Shop"  # mail apps offer to copy it
    text = message.get_body(("plain",)).get_content()
    assert text.splitlines()[0] == "Your login code for Gateway Shop:"
    assert "valid for 10 minutes" in text and "\ue000" not in text + message["Subject"]
    [row] = await outbox_rows(db)
    assert (row.status, row.attempts, row.message_id) == ("SENT", 1, message["Message-ID"])
    assert await columns_holding(db, code) == []  # erased when the delivery was recorded
    assert row.subject == "[erased] is your login code for Gateway Shop"
    assert row.body_text.splitlines()[:3] == ["Your login code for Gateway Shop:", "", "[erased]"]
    assert "[erased]" in row.body_html

    payload = await verify(storefront, "anna@example.com", code)
    assert payload["userErrors"] == []
    me = await as_viewer(storefront, payload["accessToken"])(VIEWER)
    assert me["viewer"]["email"] == "anna@example.com"


async def test_email_arrives_after_retry_when_smtp_was_down(storefront, db, settings, smtp: SmtpServer) -> None:
    smtp.stop()
    await request_code(storefront, "anna@example.com")
    assert await worker.run_once(db, settings) == 0
    [row] = await outbox_rows(db)
    assert (row.status, row.attempts) == ("PENDING", 1)
    assert "ConnectionRefused" in row.last_error or "connect" in row.last_error.lower()

    smtp.start()
    assert await worker.run_once(db, settings) == 0  # backing off: not due yet
    clock.advance(worker.backoff(1).total_seconds())
    assert await worker.run_once(db, settings) == 1
    [message] = smtp.inbox.to("anna@example.com")
    [row] = await outbox_rows(db)
    assert (row.status, row.attempts, row.last_error) == ("SENT", 2, None)
    assert message["Message-ID"] == row.message_id


async def test_gives_up_after_24_hours_with_last_error(db, settings, smtp: SmtpServer) -> None:
    smtp.stop()
    async with db.transaction() as session:
        await outbox.enqueue(session, settings, "anna@example.com", "invitation",
                             {"name": "Anna", "email": "anna@example.com", "login_url": "https://x.test/login"})
    started = clock.now()
    while (row := (await outbox_rows(db))[0]).status == "PENDING":
        await worker.run_once(db, settings)
        clock.advance(worker.MAX_RETRY.total_seconds())
        assert clock.now() - started < outbox.RETRY_FOR + worker.MAX_RETRY * 2
    assert row.status == "FAILED"
    assert row.attempts > 5
    assert row.last_error


async def test_expired_login_email_is_dropped_not_sent_late(storefront, db, settings, smtp: SmtpServer) -> None:
    smtp.stop()
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    await worker.run_once(db, settings)
    assert len(await columns_holding(db, code)) == 3  # kept for the retry: subject, text and HTML
    smtp.start()
    clock.advance(10 * 60 + 1)
    assert await worker.run_once(db, settings) == 0
    assert smtp.inbox.messages == []
    assert [r.status for r in await outbox_rows(db)] == ["DROPPED"]
    assert await columns_holding(db, code) == []


async def test_a_code_email_given_up_on_is_erased(db, settings, smtp: SmtpServer) -> None:
    """FAILED after 24 hours of retries (a code that outlives them: the console's, later, may)."""
    smtp.stop()
    async with db.transaction() as session:
        await outbox.enqueue_code(session, settings, "staff@example.com", "424242", clock.now() + timedelta(days=2),
                                  title="console login code")
    while (row := (await outbox_rows(db))[0]).status == "PENDING":
        await worker.run_once(db, settings)
        clock.advance(worker.MAX_RETRY.total_seconds())
    assert row.status == "FAILED"
    assert row.subject == "[erased] is your console login code for Gateway Shop"
    assert await columns_holding(db, "424242") == []


async def test_a_long_shop_name_beyond_ascii_keeps_the_code_readable(storefront, db, settings,
                                                                     smtp: SmtpServer) -> None:
    """Lines too long for 7bit and mostly not ASCII: quoted-printable, where the email package alone
    would choose base64 and hide the code from a raw view."""
    name = "Строительные материалы & инструменты — Москва"
    async with db.transaction() as session:
        await session.execute(update(ShopSettings).values(name=name))
    await request_code(storefront, "anna@example.com")
    assert await worker.run_once(db, settings) == 1
    [message] = smtp.inbox.to("anna@example.com")
    code, encoding = code_line(message, "plain")
    assert encoding == "quoted-printable"
    assert code_line(message, "html") == (code, "quoted-printable")
    assert message["Subject"] == f"{code} is your login code for {name}"
    assert name.replace("&", "&amp;") in message.get_body(("html",)).get_content()


async def test_nothing_logs_the_code_when_mail_goes_by_smtp(storefront, db, settings, smtp: SmtpServer,
                                                            caplog, capsys) -> None:
    """At INFO, production's level, through a failed attempt and the retry that delivers it."""
    caplog.set_level(logging.INFO)
    smtp.stop()
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    assert await worker.run_once(db, settings) == 0
    smtp.start()
    clock.advance(worker.backoff(1).total_seconds())
    assert await worker.run_once(db, settings) == 1
    assert code in smtp.inbox.to("anna@example.com")[0]["Subject"]
    assert "anna@example.com failed (attempt 1)" in caplog.text
    assert code not in caplog.text
    printed = capsys.readouterr()
    assert code not in printed.out + printed.err


async def test_request_answers_fast_while_smtp_stalls(storefront, db, settings, smtp: SmtpServer) -> None:
    smtp.inbox.stall = 5
    await request_code(storefront, "first@example.com")
    sending = asyncio.create_task(worker.run_once(db, settings))
    await asyncio.sleep(0.3)  # the worker is now waiting on the stalled server
    assert not sending.done()
    started = time.monotonic()
    payload = await request_code(storefront, "second@example.com")
    elapsed = time.monotonic() - started
    assert payload["userErrors"] == []
    assert elapsed < 0.5
    assert await sending == 1
    assert len(smtp.inbox.to("first@example.com")) == 1


async def test_two_workers_deliver_each_email_exactly_once(db, settings, smtp: SmtpServer) -> None:
    if db.is_sqlite:
        pytest.skip("FOR UPDATE SKIP LOCKED: PostgreSQL only (SQLite serialises writers)")
    async with db.transaction() as session:
        for n in range(45):
            await outbox.enqueue(session, settings, f"buyer{n}@example.com", "invitation",
                                 {"name": f"B{n}", "email": f"buyer{n}@example.com", "login_url": "https://x.test"})

    async def drain() -> int:
        total = 0
        while sent := await worker.run_once(db, settings):
            total += sent
        return total

    first, second = await asyncio.gather(drain(), drain())
    assert first + second == 45
    assert first > 0 and second > 0
    ids = [m["Message-ID"] for m in smtp.inbox.messages]
    assert len(ids) == len(set(ids)) == 45
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).where(OutboxMessage.status == "SENT")) == 45


async def test_console_sender_prints_when_no_smtp_host(storefront, db, capsys) -> None:
    await request_code(storefront, "anna@example.com")
    settings = Settings(database_url=db.url, secret_key="test-secret")
    assert await worker.run_once(db, settings) == 1
    printed = capsys.readouterr().out
    assert "To: anna@example.com" in printed
    code = code_in(printed.split("\n\n", 1)[1])
    assert f"Subject: {code} is your login code" in printed and "\ue000" not in printed
    assert await columns_holding(db, code) == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_smtp_auth_when_username_is_set(storefront, db, settings, smtp: SmtpServer) -> None:
    def authenticator(server, session, envelope, mechanism, data) -> AuthResult:  # noqa: ANN001
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"shop", b"s3cret")
        return AuthResult(success=ok)

    smtp.stop()
    smtp.start(auth_required=True, auth_require_tls=False, authenticator=authenticator)
    await request_code(storefront, "anna@example.com")
    assert await worker.run_once(db, settings) == 0  # no credentials: refused
    assert smtp.inbox.messages == []

    with_login = settings.model_copy(update={"smtp_username": "shop", "smtp_password": "s3cret"})
    clock.advance(worker.backoff(1).total_seconds())
    assert await worker.run_once(db, with_login) == 1
    assert len(smtp.inbox.to("anna@example.com")) == 1


async def test_run_forever_delivers_without_being_asked(storefront, db, settings, smtp: SmtpServer) -> None:
    sender = asyncio.create_task(run_forever(db, settings))
    try:
        await request_code(storefront, "anna@example.com")
        for _ in range(50):
            if smtp.inbox.messages:
                break
            await asyncio.sleep(0.1)
        assert len(smtp.inbox.to("anna@example.com")) == 1
    finally:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender


async def test_the_longest_shop_name_still_gets_its_code_mailed(storefront, db, settings, smtp: SmtpServer) -> None:
    """The subject is cut to its column (PostgreSQL refuses a longer one); the code leads it."""
    name = "Ö" * 255
    async with db.transaction() as session:
        await session.execute(update(ShopSettings).values(name=name))
    assert (await request_code(storefront, "anna@example.com"))["userErrors"] == []
    assert await worker.run_once(db, settings) == 1
    [message] = smtp.inbox.to("anna@example.com")
    code, _ = code_line(message, "plain")
    assert message["Subject"].startswith(f"{code} is your login code for ÖÖÖ") and message["Subject"].endswith("Ö…")
    assert len(message["Subject"]) == outbox.SUBJECT_LENGTH - 2  # the code's two marks are not sent
    assert await columns_holding(db, code) == []


def test_a_secret_cut_short_is_erased_all_the_same() -> None:
    rendered = templates.render("login_code", {"shop_name": "S", "code": "123456", "minutes": "10", "title": "t"},
                                secret={"code"})
    assert templates.reveal(rendered.subject) == "123456 is your t for S"
    assert templates.erase(rendered.subject[:3]) == templates.ERASED  # no closing mark left
    forged = templates.render("login_code", {"shop_name": f"S{templates.OPEN}", "code": "1", "minutes": "1",
                                             "title": "t"}, secret={"code"})
    assert templates.erase(forged.subject) == "[erased] is your t for S"  # a value cannot bring its own mark
