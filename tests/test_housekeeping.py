"""Housekeeping deletes rows past keeping and nothing else."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from gateway import housekeeping
from gateway.db.engine import Database
from gateway.db.models import (
    Customer,
    CustomerSession,
    IdempotencyKey,
    LoginCode,
    OutboxMessage,
    StaffMember,
    StaffSession,
)
from gateway.platform import clock


async def _counts(db: Database) -> dict[str, int]:
    async with db.reader() as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in (IdempotencyKey, LoginCode, CustomerSession, StaffSession)
        }


async def test_purge_deletes_only_what_is_past_keeping(db: Database) -> None:
    async with db.transaction() as session:
        customer = Customer(email="old@example.com", status="ACTIVE")
        session.add(customer)
        await session.flush()
        for name in ("old", "new"):
            session.add(IdempotencyKey(customer_id=customer.id, key=name, scope="checkoutComplete", request_hash="x"))
            session.add(LoginCode(email="old@example.com", code_hash=name, expires_at=clock.now() + timedelta(minutes=10)))
        member = StaffMember(email="staff@example.com", role="OWNER")
        session.add(member)
        await session.flush()
        for token, life in (("expired", timedelta(days=1)), ("live", timedelta(days=30))):
            session.add(CustomerSession(token_hash=token, customer_id=customer.id, expires_at=clock.now() + life))
            session.add(StaffSession(token_hash=token, staff_member_id=member.id, expires_at=clock.now() + life))
    clock.advance(timedelta(days=7, hours=1).total_seconds())
    async with db.transaction() as session:  # rows made now are kept
        session.add(IdempotencyKey(customer_id=customer.id, key="fresh", scope="orderPay", request_hash="y"))
        session.add(LoginCode(email="old@example.com", code_hash="fresh", expires_at=clock.now()))
        session.add(CustomerSession(token_hash="revoked", customer_id=customer.id, revoked_at=clock.now(),
                                    expires_at=clock.now() + timedelta(days=30)))
        session.add(StaffSession(token_hash="revoked", staff_member_id=member.id, revoked_at=clock.now(),
                                 expires_at=clock.now() + timedelta(days=30)))

    deleted = await housekeeping.purge(db)

    assert deleted == {"idempotency_keys": 2, "login_codes": 2, "login_budgets": 0, "outbox": 0, "customer_sessions": 2,
                       "staff_sessions": 2}
    assert await _counts(db) == {"idempotency_keys": 1, "login_codes": 1, "customer_sessions": 1, "staff_sessions": 1}
    async with db.reader() as session:
        assert await session.scalar(select(CustomerSession.token_hash)) == "live"
    assert await housekeeping.purge(db) == {
        "idempotency_keys": 0, "login_codes": 0, "login_budgets": 0, "outbox": 0, "customer_sessions": 0,
        "staff_sessions": 0}


async def test_the_worker_purges_as_it_starts(db: Database, settings) -> None:  # noqa: ANN001
    import asyncio

    from gateway import worker

    async with db.transaction() as session:
        session.add(LoginCode(email="old@example.com", code_hash="old", expires_at=clock.now()))
    clock.advance(timedelta(days=2).total_seconds())
    running = asyncio.create_task(worker.run_forever(db, settings))
    try:
        for _ in range(100):
            if (await _counts(db))["login_codes"] == 0:
                break
            await asyncio.sleep(0.05)
        assert (await _counts(db))["login_codes"] == 0
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)


async def test_the_delivery_log_is_kept_thirty_days_and_pending_rows_always(db: Database) -> None:
    def row(status: str, n: int) -> OutboxMessage:
        return OutboxMessage(kind="email", recipient="a@example.com", message_id=f"<{status}-{n}@test>", status=status)

    async with db.transaction() as session:
        session.add_all([row("SENT", 1), row("FAILED", 1), row("DROPPED", 1), row("PENDING", 1)])
    clock.advance(timedelta(days=31).total_seconds())
    async with db.transaction() as session:
        session.add(row("SENT", 2))

    assert (await housekeeping.purge(db))["outbox"] == 3
    async with db.reader() as session:
        kept = sorted(await session.scalars(select(OutboxMessage.message_id)))
    assert kept == ["<PENDING-1@test>", "<SENT-2@test>"]
