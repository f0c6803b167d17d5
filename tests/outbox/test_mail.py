"""The outbox against a real SMTP server: delivery, retries, drops, concurrency, speed."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import func, select

from gateway import outbox
from gateway.db.engine import Database
from gateway.db.models import OutboxMessage
from gateway.outbox import worker
from gateway.platform import clock
from gateway.platform.settings import Settings
from gateway.worker import run_forever
from tests.auth.helpers import VIEWER, as_viewer, code_in, request_code, verify
from tests.outbox.smtp import SmtpServer


async def outbox_rows(db: Database) -> list[OutboxMessage]:
    async with db.reader() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_code_from_delivered_email_logs_in(storefront, db, settings, smtp: SmtpServer) -> None:
    assert (await request_code(storefront, "Anna@Example.com"))["userErrors"] == []
    assert smtp.inbox.messages == []  # queued, not sent by the request
    assert await worker.run_once(db, settings) == 1

    [message] = smtp.inbox.to("anna@example.com")
    assert message["From"] == "shop@gateway.test"
    assert message["Message-ID"].endswith("@gateway.test>")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    code = code_in(text)
    assert code in html
    assert code not in message["Subject"]
    assert "Gateway Shop" in message["Subject"] and "Gateway Shop" in text and "Gateway Shop" in html
    [row] = await outbox_rows(db)
    assert (row.status, row.attempts, row.message_id) == ("SENT", 1, message["Message-ID"])

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
    await worker.run_once(db, settings)
    smtp.start()
    clock.advance(10 * 60 + 1)
    assert await worker.run_once(db, settings) == 0
    assert smtp.inbox.messages == []
    assert [r.status for r in await outbox_rows(db)] == ["DROPPED"]


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
    code_in(printed.split("\n\n", 1)[1])


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
