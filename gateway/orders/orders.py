"""Orders: who may see them, what a company owes, payment terms and schedules, and paying.

An order's money is in minor units: total = sum of line totals, and paid_amount moves only
while the order row is locked, so paid + outstanding = total always holds and concurrent
payments can never overpay (the table's check constraint backs this up).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.auth import viewer
from gateway.db.models import (
    Company,
    CompanyLocation,
    Customer,
    DraftOrderLine,
    Order,
    OrderLine,
    PaymentMethod,
    PaymentSchedule,
    PaymentTermsTemplate,
    ShopSettings,
    Transaction,
)
from gateway.orders import idempotency
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.payments import PaymentProvider, methods
from gateway.payments.provider import Charge
from gateway.platform import clock, ids, money
from gateway.platform.errors import DomainError, login_required, not_found
from gateway.platform.settings import Settings

PENDING, PARTIALLY_PAID, PAID = "PENDING", "PARTIALLY_PAID", "PAID"


def name_of(order_id: int) -> str:
    """Readable order names #1001, #1002, ... from the id: unique without a shop-wide counter row."""
    return f"#{1000 + order_id}"


def status_for(paid: int, total: int) -> str:
    if paid >= total:
        return PAID
    return PARTIALLY_PAID if paid > 0 else PENDING


async def find(session: AsyncSession, customer_id: int | None, order_gid: str) -> Order | None:
    """The order when the customer placed it or is LOCATION_ADMIN of its location; else None, as for an unknown id."""
    order = await ids.lookup(session, Order, order_gid) if customer_id is not None else None
    if order is None or order.customer_id == customer_id:
        return order
    roles = await viewer.location_roles(session, customer_id)
    return order if roles.get(order.location_id) == "LOCATION_ADMIN" else None


def visible_to(customer_id: int, roles: dict[int, str]) -> ColumnElement[bool]:
    """find's rule as a WHERE clause on Order, for the customer with roles ({location id: role}):
    the orders it placed, and every order of the locations it is LOCATION_ADMIN of."""
    admin_of = [location for location, role in roles.items() if role == "LOCATION_ADMIN"]
    return or_(Order.customer_id == customer_id, Order.location_id.in_(admin_of))


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
) -> tuple[Order, list[OrderLine]]:
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
    await session.flush()
    order.name = name_of(order.id)
    rows = [OrderLine(order_id=order.id, **line) for line in lines]
    session.add_all(rows)
    if template is not None:
        session.add(PaymentSchedule(order_id=order.id, due_at=due_at(template, location, now), amount=total - due_now))
    await session.flush()
    return order, rows


async def confirm(session: AsyncSession, settings: Settings, order: Order, lines: list[OrderLine]) -> None:
    """The buyer's order confirmation (outbox): lines, total, PO number and when the rest is due."""
    buyer = await session.get(Customer, order.customer_id) if order.customer_id else None
    if buyer is None:
        return
    schedule = await session.scalar(select(PaymentSchedule).where(PaymentSchedule.order_id == order.id))
    owed = order.total - order.paid_amount
    due = f"{money.text(owed, order.currency)} due {schedule.due_at:%Y-%m-%d}" if schedule and owed else "Paid in full"
    await outbox.enqueue(session, settings, buyer.email, "order_confirmation", {
        "order_name": order.name, "po_number": order.po_number or "-", "lines": lines_text(lines, order.currency),
        "total": money.text(order.total, order.currency), "due": due,
    })


def lines_text(lines: list[OrderLine] | list[DraftOrderLine], currency: str) -> str:
    return "\n".join(
        f"{line.quantity} x {line.title} ({line.sku}) at {money.text(line.unit_price, currency)} = "
        f"{money.text(line.total, currency)}"
        for line in lines
    )


async def record_payment(
    session: AsyncSession, order: Order, kind: str, amount: int, charge: Charge, method: PaymentMethod | None,
    announce: bool = True,
) -> Transaction:
    """Book a successful charge on the (locked) order: paid amount, status, and the schedule once paid.
    method is None for money received outside the shop (a bank transfer the merchant records).
    announce=False leaves ORDERS_PAID to the caller, which places the order and must say so first."""
    order.paid_amount += amount
    order.financial_status = status_for(order.paid_amount, order.total)
    if order.financial_status == PAID:
        await session.execute(
            update(PaymentSchedule)
            .where(PaymentSchedule.order_id == order.id, PaymentSchedule.completed_at.is_(None))
            .values(completed_at=clock.now())
        )
    transaction = Transaction(
        order_id=order.id, kind=kind, amount=amount, currency=order.currency, status="SUCCESS",
        provider_reference=charge.reference, payment_method_id=method.id if method else None,
    )
    session.add(transaction)
    await session.flush()
    if announce and order.financial_status == PAID:  # it owed something before this payment: it just became PAID
        await announce_paid(session, order)
    return transaction


async def pay(
    session: AsyncSession, provider: PaymentProvider, customer_id: int | None, order_gid: str,
    method_gid: str, amount: Decimal | None, key: str,
) -> dict:
    """Pay all (amount None) or part of what the order owes, once per idempotency key."""
    if customer_id is None:
        raise login_required("Log in to pay an order.", "orderId")
    order = await find(session, customer_id, order_gid)
    if order is None:
        raise not_found("Order", "orderId")
    arguments = {"orderId": order_gid, "paymentMethodId": method_gid, "amount": None if amount is None else str(amount)}

    async def work() -> dict:
        locked = await lock(session, order.id)
        method = await methods.find(session, customer_id, method_gid)
        minor = _amount(amount, locked)
        charge = await methods.charge(provider, method, minor, locked.currency, f"orderPay:{customer_id}:{key}")
        transaction = await record_payment(session, locked, "PAYMENT", minor, charge, method)
        return {"order_id": locked.id, "transaction_id": transaction.id, "amount": minor}

    return await idempotency.once(session, customer_id, key, "orderPay", arguments, work)


async def announce_paid(session: AsyncSession, order: Order) -> None:
    await webhooks.emit(session, "ORDERS_PAID", lambda: payloads.order(session, order))


async def lock(session: AsyncSession, order_id: int) -> Order:
    """The order row locked until commit: payments of one order run one after another."""
    return await ids.lock(session, Order, order_id)


async def _staff_order(session: AsyncSession, order_gid: str) -> Order:
    order = await ids.lookup(session, Order, order_gid)
    if order is None:
        raise not_found("Order", "id")
    order = await lock(session, order.id)
    if order.cancelled_at is not None:
        raise DomainError.of("ORDER_CANCELLED", "This order is cancelled.", "id")
    return order


async def mark_as_paid(session: AsyncSession, order_gid: str) -> Order:
    """The merchant received what is outstanding outside the shop (a bank transfer): the order is PAID."""
    order = await _staff_order(session, order_gid)
    owed = order.total - order.paid_amount
    if owed <= 0:
        raise DomainError.of("ALREADY_PAID", "Nothing is outstanding on this order.", "id")
    await record_payment(session, order, "PAYMENT", owed, Charge(succeeded=True), None)
    return order


async def cancel(session: AsyncSession, provider: PaymentProvider, order_gid: str, refund: bool = False) -> Order:
    """Cancel the order: it owes nothing any more, so its credit is released; unpaid, it is VOIDED.
    With refund, what was received is given back, charge by charge (through the provider for card
    charges; money received outside the shop is booked as refunded outside it too), and the order is
    REFUNDED; without, money received stays booked. A refund the provider refuses cancels nothing."""
    order = await _staff_order(session, order_gid)
    order.cancelled_at = clock.now()
    if order.paid_amount == 0:
        order.financial_status = "VOIDED"
    elif refund:
        await _refund_all(session, provider, order)
        order.financial_status = "REFUNDED"
    await session.flush()
    return order


async def _refund_all(session: AsyncSession, provider: PaymentProvider, order: Order) -> None:
    charges = (
        await session.scalars(
            select(Transaction).where(Transaction.order_id == order.id, Transaction.kind != "REFUND")
            .order_by(Transaction.id)
        )
    ).all()
    for charge in charges:
        refunded = Charge(succeeded=True)  # received outside the shop: nothing to call
        if charge.provider_reference is not None:
            refunded = await provider.refund(
                charge.provider_reference, charge.amount, charge.currency, f"refund-{charge.provider_reference}"
            )
        if not refunded.succeeded:
            raise DomainError.of(
                "REFUND_FAILED", f"The payment provider refused the refund: {refunded.message or 'no reason given'}."
                " Nothing was cancelled.", "refund",
            )
        session.add(Transaction(
            order_id=order.id, kind="REFUND", amount=charge.amount, currency=charge.currency, status="SUCCESS",
            provider_reference=refunded.reference, payment_method_id=charge.payment_method_id,
        ))


def _amount(amount: Decimal | None, order: Order) -> int:
    """The amount in minor units: more than 0 and at most what is outstanding, else INVALID_AMOUNT."""
    owed = order.total - order.paid_amount
    if order.cancelled_at is not None or owed <= 0:
        raise DomainError.of("INVALID_AMOUNT", "Nothing is outstanding on this order.", "amount")
    if amount is None:
        return owed
    if not amount.is_finite() or not money.decimals_ok(amount, order.currency) or amount <= 0:
        raise DomainError.of("INVALID_AMOUNT", "The amount must be more than 0, in the order's currency.", "amount")
    minor = money.to_minor(amount, order.currency)
    if minor > owed:
        raise DomainError.of(
            "INVALID_AMOUNT", f"At most {money.from_minor(owed, order.currency)} is outstanding.", "amount"
        )
    return minor
