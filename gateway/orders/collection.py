"""Collection on the due date, run by the worker (gateway/worker.py) every minute:

- auto-charge: when a payment schedule of a location with autoCharge falls due, the buyer's default
  payment method is charged what the order owes, with an idempotency key of the schedule; the buyer
  gets a receipt, or on failure the buyer and the merchant are emailed and the order stays outstanding;
- reminders (the shop's paymentReminderDays): the buyer is emailed that many days before a schedule
  is due, and once when it is overdue.

Each is done once per schedule however many workers run: a schedule is claimed by a conditional
UPDATE of its mark (auto_charged_at, reminder_sent_at, overdue_notice_sent_at) in the transaction
that does the work and queues its email; candidates are read with FOR UPDATE SKIP LOCKED on
PostgreSQL, so workers side by side take different schedules. A charge is attempted at most once:
a worker that dies during it leaves the schedule marked, and the provider's event books a charge
that went through (its metadata names the order).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox, shop
from gateway.db.engine import Database
from gateway.db.models import CompanyLocation, Customer, Order, PaymentMethod, PaymentSchedule
from gateway.orders import ledger
from gateway.orders.orders import lock
from gateway.payments import PaymentProvider, methods
from gateway.platform import clock, money
from gateway.platform.errors import DomainError
from gateway.platform.settings import Settings

log = logging.getLogger("gateway.collection")

BATCH = 20
EVERY = timedelta(minutes=1)


class NoMethod(Exception):
    """The buyer has no live payment method to charge."""


async def run_once(db: Database, settings: Settings, provider: PaymentProvider) -> dict[str, int]:
    """One pass: the number of schedules charged, failed, reminded and noticed overdue."""
    done = {"charged": 0, "failed": 0, "reminded": 0, "overdue": 0}
    for schedule_id in await _candidates(db, _due_for_charge()):
        outcome = await _auto_charge(db, settings, provider, schedule_id)
        if outcome:
            done[outcome] += 1
    async with db.reader() as session:
        days = (await shop.get(session)).payment_reminder_days
    if days is not None:
        now = clock.now()
        before = _owing() & PaymentSchedule.reminder_sent_at.is_(None) & (PaymentSchedule.due_at > now) & (
            PaymentSchedule.due_at <= now + timedelta(days=days)
        )
        for schedule_id in await _candidates(db, before):
            done["reminded"] += await _remind(db, settings, schedule_id, PaymentSchedule.reminder_sent_at, "payment_reminder")
        overdue = _owing() & PaymentSchedule.overdue_notice_sent_at.is_(None) & (PaymentSchedule.due_at <= now)
        for schedule_id in await _candidates(db, overdue):
            done["overdue"] += await _remind(
                db, settings, schedule_id, PaymentSchedule.overdue_notice_sent_at, "payment_overdue"
            )
    return done


async def run_forever(db: Database, settings: Settings, provider: PaymentProvider) -> None:
    while True:
        try:
            done = await run_once(db, settings, provider)
            if any(done.values()):
                log.info("collection: %s", ", ".join(f"{n} {what}" for what, n in done.items()))
        except Exception:  # noqa: BLE001 - the database or the provider being away must not end the loop
            log.exception("collection failed; trying again in a minute")
        await asyncio.sleep(EVERY.total_seconds())


def _owing() -> ColumnElement[bool]:
    """Schedules still to pay, of orders not cancelled that owe something."""
    return (PaymentSchedule.completed_at.is_(None) & Order.cancelled_at.is_(None)
            & (Order.total > Order.paid_amount))


def _due_for_charge() -> ColumnElement[bool]:
    return (_owing() & PaymentSchedule.auto_charged_at.is_(None) & (PaymentSchedule.due_at <= clock.now())
            & CompanyLocation.auto_charge.is_(True))


async def _candidates(db: Database, condition: ColumnElement[bool]) -> list[int]:
    stmt = (
        select(PaymentSchedule.id).join(Order, Order.id == PaymentSchedule.order_id)
        .outerjoin(CompanyLocation, CompanyLocation.id == Order.location_id)
        .where(condition).order_by(PaymentSchedule.due_at, PaymentSchedule.id).limit(BATCH)
    )
    if not db.is_sqlite:  # another worker's claims are skipped, not waited for
        stmt = stmt.with_for_update(of=PaymentSchedule, skip_locked=True)
    async with db.transaction() as session:
        return list((await session.scalars(stmt)).all())


async def _claim(session: AsyncSession, schedule_id: int, mark: ColumnElement | object) -> bool:
    """Set the schedule's mark unless another worker did: True for the one that set it."""
    column = mark.key  # type: ignore[attr-defined]
    result = await session.execute(
        update(PaymentSchedule).where(PaymentSchedule.id == schedule_id, mark.is_(None))  # type: ignore[attr-defined]
        .values({column: clock.now()}).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def _auto_charge(db: Database, settings: Settings, provider: PaymentProvider, schedule_id: int) -> str | None:
    async with db.transaction() as session:
        if not await _claim(session, schedule_id, PaymentSchedule.auto_charged_at):
            return None
    # Claimed (committed): from here on no worker charges it again. The charge and its booking
    # commit together; a failure is reported in a transaction of its own.
    card = _card(None)
    try:
        async with db.transaction() as session:
            schedule = await session.get(PaymentSchedule, schedule_id)
            order = await lock(session, schedule.order_id)
            owed = 0 if order.cancelled_at else order.total - order.paid_amount
            if owed <= 0:
                return None  # paid meanwhile
            method = await _default_method(session, order.customer_id)
            if method is None:
                raise NoMethod
            card = _card(method)
            charge = await ledger.charge(session, provider, method, owed, order.currency,
                                         f"autoCharge:schedule:{schedule_id}", ledger.paying_for({order.id: owed}))
            await ledger.record_payment(session, order, "PAYMENT", owed, charge, method)
            await _email_buyer(session, settings, order, schedule, "payment_receipt", {
                "amount": money.text(owed, order.currency), "card": card,
                "outstanding": money.text(order.total - order.paid_amount, order.currency),
            })
            return "charged"
    except DomainError as error:
        reason = error.problems[0].message
    except NoMethod:
        reason = "No payment method is saved to charge."
    async with db.transaction() as session:
        schedule = await session.get(PaymentSchedule, schedule_id)
        order = await session.get(Order, schedule.order_id)
        values = {"amount": money.text(order.total - order.paid_amount, order.currency), "card": card,
                  "reason": reason, "pay_url": f"{settings.storefront_url}/account"}
        await _email_buyer(session, settings, order, schedule, "payment_failed", values)
        buyer = await session.get(Customer, order.customer_id) if order.customer_id else None
        location = await session.get(CompanyLocation, order.location_id) if order.location_id else None
        await outbox.notify_merchant(session, settings, "payment_failed_merchant", {
            **values, **_order_values(order, schedule), "buyer": buyer.email if buyer else "-",
            "location": location.name if location else "-",
        })
        log.warning("auto-charge of order %s (schedule %s) failed: %s", order.name, schedule_id, reason)
    return "failed"


async def _remind(db: Database, settings: Settings, schedule_id: int, mark: object, template: str) -> int:
    async with db.transaction() as session:
        if not await _claim(session, schedule_id, mark):
            return 0
        schedule = await session.get(PaymentSchedule, schedule_id)
        order = await session.get(Order, schedule.order_id)
        location = await session.get(CompanyLocation, order.location_id) if order.location_id else None
        how = ("Your saved payment method is charged on the due date." if location is not None and location.auto_charge
               else "")
        await _email_buyer(session, settings, order, schedule, template, {
            "outstanding": money.text(order.total - order.paid_amount, order.currency), "how": how,
            "pay_url": f"{settings.storefront_url}/account",
        })
        return 1


async def _default_method(session: AsyncSession, customer_id: int | None) -> PaymentMethod | None:
    if customer_id is None:
        return None
    rows = await methods.listed(session, customer_id)
    chosen = methods.default_method_id(rows)
    return next((row for row in rows if row.id == chosen), None)


def _card(method: PaymentMethod | None) -> str:
    return f"{method.brand} ending in {method.last4}" if method else "saved payment method"


def _order_values(order: Order, schedule: PaymentSchedule) -> dict[str, str]:
    return {"order_name": order.name or f"#{order.id}", "po_number": order.po_number or "-",
            "due_date": _date(schedule.due_at)}


def _date(when: datetime) -> str:
    return when.strftime("%Y-%m-%d")


async def _email_buyer(
    session: AsyncSession, settings: Settings, order: Order, schedule: PaymentSchedule, template: str,
    values: dict[str, str],
) -> None:
    buyer = await session.get(Customer, order.customer_id) if order.customer_id else None
    if buyer is not None:
        await outbox.enqueue(session, settings, buyer.email, template, {**values, **_order_values(order, schedule)})
