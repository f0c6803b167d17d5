"""Delivery to a real HTTP receiver: signature, headers, retries with backoff, the delivery log,
exactly once per event, and disabling a subscription that fails for 48 hours."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from gateway import outbox
from gateway.db.models import OutboxMessage
from gateway.outbox import worker
from gateway.outbox.webhooks import delivery
from gateway.platform import clock
from gateway.worker import run_forever
from tests.helpers import COMPANY_CREATE, MERCHANT, create_company
from tests.orders.helpers import mails_to
from tests.outbox.webhooks import DELIVERIES, Receiver, send, subscribe, webhook_rows


async def log_of(admin, gid: str) -> dict:  # noqa: ANN001
    return (await admin(DELIVERIES, id=gid))["node"]


async def test_delivery_is_signed_with_the_secret_from_create(admin, db, settings, receiver: Receiver) -> None:
    gid, secret = await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    company = await create_company(admin, name="Acme", email=None, location=None, externalId="ERP-1")
    assert receiver.requests == []  # written to the outbox, not sent by the request
    assert await send(db, settings) == 1

    [request] = receiver.requests
    assert (request.method, request.path) == ("POST", "/hooks")
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-webhook-topic"] == "COMPANIES_CREATE"
    assert request.signed_with(secret)
    assert not request.signed_with(secret + "x")
    triggered = datetime.fromisoformat(request.headers["x-webhook-triggered-at"])
    assert abs(triggered - clock.now()) < timedelta(minutes=1)
    body = request.json()
    assert body["id"] == company["id"]
    assert (body["name"], body["externalId"], body["customerNumber"]) == ("Acme", "ERP-1", "K-10000")

    [entry] = (await log_of(admin, gid))["deliveries"]["nodes"]
    assert entry["deliveryId"] == request.headers["x-webhook-id"]
    assert (entry["topic"], entry["status"], entry["responseCode"], entry["attempts"]) == (
        "COMPANIES_CREATE", "SENT", 200, 1)
    assert entry["lastError"] is None and entry["deliveredAt"] and entry["lastAttemptAt"]


async def test_retried_after_two_failures_and_delivered_on_the_third(admin, db, settings, receiver) -> None:  # noqa: ANN001
    gid, secret = await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    receiver.statuses = [500, 503]
    await create_company(admin, email=None, location=None)

    assert await send(db, settings) == 0
    [entry] = (await log_of(admin, gid))["deliveries"]["nodes"]
    assert (entry["status"], entry["responseCode"], entry["attempts"]) == ("PENDING", 500, 1)
    assert "500" in entry["lastError"]
    assert await send(db, settings) == 0  # backing off: not due yet
    assert len(receiver.requests) == 1

    clock.advance(worker.backoff(1).total_seconds())
    assert await send(db, settings) == 0
    clock.advance(worker.backoff(2).total_seconds())
    assert await send(db, settings) == 1

    assert len(receiver.requests) == 3
    assert len(set(receiver.ids())) == 1  # one delivery id on every try
    assert all(r.signed_with(secret) and r.body == receiver.requests[0].body for r in receiver.requests)
    log = await log_of(admin, gid)
    [entry] = log["deliveries"]["nodes"]
    assert (entry["status"], entry["responseCode"], entry["attempts"], entry["lastError"]) == ("SENT", 200, 3, None)
    assert log["failingSince"] is None  # the success ended the failing spell
    assert await send(db, settings) == 0
    assert len(receiver.requests) == 3


async def test_an_unreachable_receiver_and_a_redirect_are_failures(admin, db, settings, receiver) -> None:  # noqa: ANN001
    gid, _ = await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    receiver.statuses = [302]
    await create_company(admin, email=None, location=None)
    assert await send(db, settings) == 0
    [entry] = (await log_of(admin, gid))["deliveries"]["nodes"]
    assert (entry["status"], entry["responseCode"]) == ("PENDING", 302)

    await receiver.stop()
    clock.advance(worker.backoff(1).total_seconds())
    assert await send(db, settings) == 0
    [entry] = (await log_of(admin, gid))["deliveries"]["nodes"]
    assert (entry["status"], entry["responseCode"], entry["attempts"]) == ("PENDING", None, 2)
    assert "Connect" in entry["lastError"]


async def test_each_event_is_delivered_once_to_each_subscription(admin, db, settings, receiver) -> None:  # noqa: ANN001
    first, _ = await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    second, _ = await subscribe(admin, "COMPANIES_CREATE", receiver.url + "/second")
    await subscribe(admin, "COMPANIES_UPDATE", receiver.url + "/updates")
    for n in range(3):
        await create_company(admin, name=f"Company {n}", email=None, location=None)
    assert await send(db, settings) == 6
    assert await send(db, settings) == 0
    assert sorted(r.path for r in receiver.requests) == ["/hooks"] * 3 + ["/hooks/second"] * 3
    assert len(set(receiver.ids())) == 6
    assert set(receiver.topics()) == {"COMPANIES_CREATE"}
    for gid in (first, second):
        assert len((await log_of(admin, gid))["deliveries"]["nodes"]) == 3


async def test_a_refused_mutation_emits_nothing(admin, db, settings, receiver) -> None:  # noqa: ANN001
    await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    payload = (await admin(COMPANY_CREATE, input={"company": {"name": ""}}))["companyCreate"]
    assert payload["userErrors"]
    assert await webhook_rows(db) == []


async def test_deleting_a_subscription_stops_its_deliveries(admin, db, settings, receiver) -> None:  # noqa: ANN001
    gid, _ = await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    await create_company(admin, email=None, location=None)
    await admin("mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { userErrors { code } } }", id=gid)
    assert await send(db, settings) == 0
    assert receiver.requests == [] and await webhook_rows(db) == []
    await create_company(admin, name="Later", email=None, location=None)
    assert await webhook_rows(db) == []


async def test_two_workers_deliver_each_event_exactly_once(admin, db, settings, receiver) -> None:  # noqa: ANN001
    if db.is_sqlite:
        pytest.skip("FOR UPDATE SKIP LOCKED: PostgreSQL only (SQLite serialises writers)")
    await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    for n in range(45):
        await create_company(admin, name=f"Company {n}", email=None, location=None)
    receiver.delay = 0.01

    async def drain() -> int:
        total = 0
        async with delivery.http_client() as http:
            while sent := await delivery.run_once(db, settings, http):
                total += sent
        return total

    first, second = await asyncio.gather(drain(), drain())
    assert first + second == 45
    assert first > 0 and second > 0
    assert len(receiver.ids()) == len(set(receiver.ids())) == 45
    assert {row.status for row in await webhook_rows(db)} == {"SENT"}


async def test_a_subscription_failing_for_48_hours_is_disabled_and_the_merchant_told(
    admin, db, settings, receiver  # noqa: ANN001
) -> None:
    down, _ = await subscribe(admin, "COMPANIES_CREATE", receiver.url + "/down")
    healthy, _ = await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    receiver.failing.add("/hooks/down")
    await create_company(admin, name="First", email=None, location=None)
    assert await send(db, settings) == 1  # the healthy one; /down answered 500
    failing_since = (await log_of(admin, down))["failingSince"]
    assert failing_since is not None

    clock.advance(3600)
    await create_company(admin, name="Second", email=None, location=None)
    clock.advance(46 * 3600)  # 47 hours of failures: not yet
    await send(db, settings)
    assert (await log_of(admin, down))["status"] == "ACTIVE"
    assert await mails_to(db, MERCHANT) == []

    clock.advance(3600 + 1)
    await send(db, settings)
    log = await log_of(admin, down)
    assert log["status"] == "DISABLED" and log["disabledAt"]
    assert log["failingSince"] == failing_since
    statuses = sorted(entry["status"] for entry in log["deliveries"]["nodes"])
    assert statuses == ["DROPPED", "FAILED"]  # the one that failed last, and the other pending one
    [mail] = await mails_to(db, MERCHANT)
    assert mail.headers["X-Gateway-Template"] == "webhook_subscription_disabled"
    assert receiver.url + "/down" in mail.body_text and "COMPANIES_CREATE" in mail.body_text
    assert (await log_of(admin, healthy))["status"] == "ACTIVE"

    down_tries = len([r for r in receiver.requests if r.path == "/hooks/down"])
    clock.advance(24 * 3600)
    await create_company(admin, name="Third", email=None, location=None)
    await send(db, settings)
    assert len([r for r in receiver.requests if r.path == "/hooks/down"]) == down_tries  # nothing more for it
    assert [entry["status"] for entry in (await log_of(admin, healthy))["deliveries"]["nodes"]] == ["SENT"] * 3
    assert len((await log_of(admin, down))["deliveries"]["nodes"]) == 2


async def test_failures_with_a_success_in_between_never_disable(admin, db, settings, receiver) -> None:  # noqa: ANN001
    gid, _ = await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    receiver.statuses = [500]
    await create_company(admin, name="First", email=None, location=None)
    await send(db, settings)
    clock.advance(30 * 3600)
    await create_company(admin, name="Second", email=None, location=None)
    receiver.statuses = [200, 500]  # one of the two due deliveries succeeds, the other fails
    await send(db, settings)
    clock.advance(30 * 3600)  # 60 hours since the first failure, but a success came in between
    receiver.statuses = [500]
    await send(db, settings)
    assert (await log_of(admin, gid))["status"] == "ACTIVE"


async def test_the_running_worker_delivers_webhooks_and_emails(admin, db, settings, receiver) -> None:  # noqa: ANN001
    """worker.run_forever is what `gateway serve` runs beside the app and `gateway worker` runs alone."""
    await subscribe(admin, "COMPANIES_CREATE", receiver.url)
    await create_company(admin, email=None, location=None)
    async with db.transaction() as session:
        await outbox.enqueue(session, settings, "anna@example.test", "invitation",
                             {"name": "Anna", "email": "anna@example.test", "login_url": "https://x.test"})
    running = asyncio.create_task(run_forever(db, settings))
    try:
        for _ in range(100):
            rows = await webhook_rows(db)
            async with db.reader() as session:
                mail = await session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "email"))
            if rows[0].status == "SENT" and mail.status == "SENT":
                break
            await asyncio.sleep(0.05)
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
    assert len(receiver.requests) == 1
    assert (rows[0].status, mail.status) == ("SENT", "SENT")
