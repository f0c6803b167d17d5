"""Orders: who may see them, what a company owes, payment terms and schedules, and paying.

An order's money is in minor units: total = sum of line totals, and paid_amount moves only
while the order row is locked, so paid + outstanding = total always holds and concurrent
payments can never overpay (the table's check constraint backs this up).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.auth import policy, viewer
from gateway.db.models import (
    Company,
    CompanyLocation,
    Customer,
    DraftOrderLine,
    Order,
    OrderLine,
    PaymentSchedule,
    PaymentTermsTemplate,
    ShopSettings,
)
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.platform import clock, ids, money
from gateway.platform.errors import DomainError
from gateway.platform.settings import Settings

PENDING, PARTIALLY_PAID, PAID = "PENDING", "PARTIALLY_PAID", "PAID"
FINANCIAL_STATUSES = (PENDING, PARTIALLY_PAID, PAID, "VOIDED", "REFUNDED")
TRANSACTION_KINDS = ("SALE", "DEPOSIT", "PAYMENT", "REFUND")
PAYMENT_TERMS_TYPES = ("RECEIPT", "NET", "FIXED")  # of a PaymentTermsTemplate: due_at reads them


def name_of(order_id: int) -> str:
    """Readable order names #1001, #1002, ... from the id: unique without a shop-wide counter row."""
    return f"#{1000 + order_id}"


def status_for(paid: int, total: int) -> str:
    if paid >= total:
        return PAID
    return PARTIALLY_PAID if paid > 0 else PENDING


async def find(session: AsyncSession, customer_id: int | None, order_gid: str) -> Order | None:
    """The order when the customer placed it or may VIEW_ALL_ORDERS at its location; else None, as for an unknown id."""
    order = await ids.lookup(session, Order, order_gid) if customer_id is not None else None
    if order is None or order.customer_id == customer_id:
        return order
    return order if policy.sees_order(customer_id, await viewer.location_roles(session, customer_id), order) else None


async def lock_company(session: AsyncSession, company_id: int) -> Company:
    """The company row locked until commit (PostgreSQL; SQLite writers are serialised at BEGIN),
    so credit checks of concurrent checkouts run one after another on committed totals."""
    return await ids.lock(session, Company, company_id)


async def outstanding(session: AsyncSession, company_id: int) -> int:
    """What the company's orders still owe (cancelled orders owe nothing)."""
    stmt = select(func.coalesce(func.sum(Order.total - Order.paid_amount), 0)).where(
        Order.company_id == company_id, Order.cancelled_at.is_(None)
    )
    return int(await session.scalar(stmt))


def is_overdue() -> ColumnElement[bool]:
    """An order (not cancelled) with a schedule past its due date and unpaid."""
    return Order.cancelled_at.is_(None) & exists().where(
        PaymentSchedule.order_id == Order.id, PaymentSchedule.completed_at.is_(None),
        PaymentSchedule.due_at < clock.now(),
    )


async def has_overdue(session: AsyncSession, company_id: int) -> bool:
    stmt = select(exists().where(Order.company_id == company_id, is_overdue()))
    return bool(await session.scalar(stmt))


def due_at(template: PaymentTermsTemplate, location: CompanyLocation, placed_at: datetime) -> datetime:
    """RECEIPT: at once; NET n: n days after the order; FIXED: the date set on the location."""
    if template.terms_type == "NET":
        return placed_at + timedelta(days=template.due_in_days or 0)
    if template.terms_type == "FIXED" and location.payment_terms_due_at is not None:
        return location.payment_terms_due_at
    return placed_at


async def check_terms(
    session: AsyncSession, shop: ShopSettings, company: Company, template: PaymentTermsTemplate,
    location: CompanyLocation, on_terms: int, field: str = "cartId",
) -> None:
    """May the (locked) company buy on these terms for on_terms more? Raises the first reason it may not."""
    now = clock.now()
    days = math.ceil(max((due_at(template, location, now) - now).total_seconds(), 0) / 86400)
    if company.max_payment_days is not None and days > company.max_payment_days:
        raise DomainError.of(
            "TERMS_EXCEED_MAX_PAYMENT_DAYS",
            f"{template.name} gives {days} days to pay; this company may have at most {company.max_payment_days}.",
            field,
        )
    if shop.block_checkout_when_overdue and await has_overdue(session, company.id):
        raise DomainError.of(
            "COMPANY_HAS_OVERDUE_ORDERS", "Pay the company's overdue orders before ordering on terms.", field
        )
    if company.credit_limit is not None:
        owed = await outstanding(session, company.id)
        if owed + on_terms > company.credit_limit:
            available = money.from_minor(max(company.credit_limit - owed, 0), company.currency_code)
            raise DomainError.of(
                "CREDIT_LIMIT_EXCEEDED",
                f"This order would exceed the company's credit limit ({available} {company.currency_code} left).",
                field,
            )


async def place(
    session: AsyncSession, snapshot: dict[str, Any], lines: list[dict[str, Any]],
    template: PaymentTermsTemplate | None, location: CompanyLocation | None, due_now: int = 0,
) -> tuple[Order, list[OrderLine], PaymentSchedule | None]:
    """A new order of lines (snapshots) on template's terms, with one payment schedule for all but
    due_now (what is charged at once); PENDING until record_payment books a charge."""
    now = clock.now()
    total = sum(line["total"] for line in lines)
    order = Order(
        **snapshot, financial_status=status_for(0, total), subtotal=total, total=total, paid_amount=0, created_at=now,
        payment_terms_name=template.name if template else None,
        payment_terms_type=template.terms_type if template else None,
        payment_terms_due_in_days=template.due_in_days if template else None,
    )
    session.add(order)
    await session.flush()  # for the id, which names the order
    order.name = name_of(order.id)
    # One statement for any number of lines (the ORM would insert them one by one on SQLite, for
    # their ids); the rows handed back are for texts and payloads, not in the session.
    rows = [OrderLine(order_id=order.id, **line) for line in lines]
    connection = await session.connection()  # not session.execute(): that would flush the name on its own
    await connection.execute(insert(OrderLine), [{"order_id": order.id, **line} for line in lines])
    schedule = None
    if template is not None:
        schedule = PaymentSchedule(order_id=order.id, due_at=due_at(template, location, now), amount=total - due_now)
        session.add(schedule)
    # Not flushed: the name goes with the caller's next change to the order (a payment) in one UPDATE.
    return order, rows, schedule


async def confirm(
    session: AsyncSession, settings: Settings, order: Order, lines: list[OrderLine], schedule: PaymentSchedule | None
) -> None:
    """The buyer's order confirmation (outbox): lines, total, PO number and when the rest is due
    (schedule: the order's, as place() made it)."""
    buyer = await session.get(Customer, order.customer_id) if order.customer_id else None
    to = buyer.email if buyer is not None else order.email  # a guest's order: the email of its cart
    if not to:
        return
    owed = order.total - order.paid_amount
    due = f"{money.text(owed, order.currency)} due {schedule.due_at:%Y-%m-%d}" if schedule and owed else "Paid in full"
    await outbox.enqueue(session, settings, to, "order_confirmation", {
        "order_name": order.name, "po_number": order.po_number or "-", "lines": lines_text(lines, order.currency),
        "total": money.text(order.total, order.currency), "due": due,
    })


def lines_text(lines: list[OrderLine] | list[DraftOrderLine], currency: str) -> str:
    return "\n".join(
        f"{line.quantity} x {line.title} ({line.sku}) at {money.text(line.unit_price, currency)} = "
        f"{money.text(line.total, currency)}"
        for line in lines
    )


async def announce_paid(session: AsyncSession, order: Order) -> None:
    await webhooks.emit(session, "ORDERS_PAID", lambda: payloads.order(session, order))


async def lock(session: AsyncSession, order_id: int) -> Order:
    """The order row locked until commit: payments of one order run one after another."""
    return await ids.lock(session, Order, order_id)
