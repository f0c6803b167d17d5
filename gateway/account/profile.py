"""The buyer's account: what its locations owe, paying several orders at once, its payment
methods (remove, default), its name and its locations' addresses.

Everything here builds on gateway/orders/orders.py (who sees an order, locking, booking a payment),
gateway/payments/methods.py and gateway/orders/idempotency.py; it adds only what is the account's own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import viewer
from gateway.customers import customers
from gateway.db.models import CompanyLocation, Customer, Order, PaymentMethod
from gateway.orders import idempotency, orders
from gateway.payments import PaymentProvider, methods
from gateway.platform import addresses, clock, ids
from gateway.platform.errors import DomainError, Problems, login_required, not_found

MAX_ORDERS_PER_PAYMENT = 50


# -- what is outstanding --


async def _visible(session: AsyncSession, customer_id: int) -> ColumnElement[bool]:
    """Orders the customer may see: orders.find's rule over its current roles."""
    return orders.visible_to(customer_id, await viewer.location_roles(session, customer_id))


def _unpaid() -> ColumnElement[bool]:
    return Order.cancelled_at.is_(None) & (Order.total > Order.paid_amount)


async def outstanding_orders(session: AsyncSession, customer_id: int) -> list[Order]:
    """The unpaid orders the customer may see: overdue first, then oldest first."""
    overdue_first = case((orders.is_overdue(), 0), else_=1)
    stmt = (
        select(Order).where(await _visible(session, customer_id), _unpaid())
        .order_by(overdue_first, Order.created_at, Order.id)
    )
    return list((await session.scalars(stmt)).all())


async def total_outstanding(session: AsyncSession, customer_id: int) -> list[tuple[int, str]]:
    """(minor units, currency) owed on those orders, one per currency, by currency code."""
    stmt = (
        select(func.sum(Order.total - Order.paid_amount), Order.currency)
        .where(await _visible(session, customer_id), _unpaid())
        .group_by(Order.currency).order_by(Order.currency)
    )
    return [(int(amount), currency) for amount, currency in await session.execute(stmt)]


# -- paying several orders in one charge --


async def pay_orders(
    session: AsyncSession, provider: PaymentProvider, customer_id: int | None, order_gids: list[str],
    method_gid: str, key: str,
) -> dict[str, Any]:
    """Charge what is outstanding on every order once, in one charge, once per idempotency key.
    Each order is booked as orderPay books it (status, schedules), under its row lock."""
    if customer_id is None:
        raise login_required("Log in to pay orders.", "orderIds")
    found = await _payable(session, customer_id, order_gids)
    arguments = {"orderIds": order_gids, "paymentMethodId": method_gid}

    async def work() -> dict[str, Any]:
        # Locked in id order, so two payments of overlapping orders cannot deadlock.
        locked = {order.id: await orders.lock(session, order.id) for order in sorted(found, key=lambda o: o.id)}
        rows = [locked[order.id] for order in found]
        owed = _owed(rows)
        method = await methods.find(session, customer_id, method_gid)
        total = sum(owed)
        charge = await methods.charge(provider, method, total, rows[0].currency, f"ordersPay:{customer_id}:{key}")
        transactions = [
            (await orders.record_payment(session, row, "PAYMENT", amount, charge, method)).id
            for row, amount in zip(rows, owed, strict=True)
        ]
        return {
            "order_ids": [row.id for row in rows], "transaction_ids": transactions,
            "amount": total, "currency": rows[0].currency,
        }

    return await idempotency.once(session, customer_id, key, "ordersPay", arguments, work)


async def _payable(session: AsyncSession, customer_id: int, order_gids: list[str]) -> list[Order]:
    """The orders, each one the customer may see and listed once; else every problem at its index."""
    problems = Problems()
    if not order_gids:
        problems.add("BLANK", "Choose at least one order to pay.", "orderIds")
    elif len(order_gids) > MAX_ORDERS_PER_PAYMENT:
        problems.add("TOO_MANY", f"Pay at most {MAX_ORDERS_PER_PAYMENT} orders at once.", "orderIds")
    problems.raise_if_any()
    found: list[Order] = []
    for index, gid in enumerate(order_gids):
        order = await orders.find(session, customer_id, gid)
        if order is None:
            problems.add("NOT_FOUND", "Order not found.", "orderIds", str(index))
        elif any(order.id == other.id for other in found):
            problems.add("DUPLICATE", "This order is listed twice.", "orderIds", str(index))
        else:
            found.append(order)
    problems.raise_if_any()
    return found


def _owed(rows: list[Order]) -> list[int]:
    """What each (locked) order owes; all must owe something, in one currency."""
    problems = Problems()
    owed = [0 if row.cancelled_at else row.total - row.paid_amount for row in rows]
    for index, amount in enumerate(owed):
        if amount <= 0:
            problems.add("NOTHING_OUTSTANDING", "Nothing is outstanding on this order.", "orderIds", str(index))
    if len({row.currency for row in rows}) > 1:
        problems.add("CURRENCY_MISMATCH", "Orders paid together must be in one currency.", "orderIds")
    problems.raise_if_any()
    return owed


# -- payment methods --


def default_method_id(rows: list[PaymentMethod]) -> int | None:
    """Of a customer's methods: the live one chosen as default, else its oldest live one (so the
    first method added is the default, and removing the default passes it on)."""
    live = sorted((row for row in rows if row.deleted_at is None), key=lambda row: row.id)
    chosen = next((row for row in live if row.is_default), live[0] if live else None)
    return chosen.id if chosen else None


async def remove_method(session: AsyncSession, customer_id: int | None, method_gid: str) -> int:
    """Forget the method (kept, deleted, for the transactions that name it); its id."""
    method = await _own_method(session, customer_id, method_gid)
    method.deleted_at, method.is_default = clock.now(), False
    await session.flush()
    return method.id


async def set_default_method(session: AsyncSession, customer_id: int | None, method_gid: str) -> PaymentMethod:
    """Make the method the customer's default; one statement, so its other methods lose the flag at once."""
    method = await _own_method(session, customer_id, method_gid)
    await session.execute(
        update(PaymentMethod).where(PaymentMethod.customer_id == method.customer_id)
        .values(is_default=PaymentMethod.id == method.id)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(method)
    return method


async def _own_method(session: AsyncSession, customer_id: int | None, method_gid: str) -> PaymentMethod:
    if customer_id is None:
        raise login_required("Log in to manage payment methods.", "paymentMethodId")
    return await methods.find(session, customer_id, method_gid)


# -- profile and locations --


async def update_name(session: AsyncSession, customer_id: int | None, data: dict[str, Any]) -> Customer:
    """The viewer's first and last name, as the merchant's customerUpdate sets them; nothing else."""
    if customer_id is None:
        raise login_required("Log in to change your name.", "input")
    names = {key: value for key, value in data.items() if key in ("first_name", "last_name")}
    return await customers.update_customer(session, ids.to_gid("Customer", customer_id), names)


async def update_location_addresses(
    session: AsyncSession, customer_id: int | None, location_gid: str, data: dict[str, Any]
) -> CompanyLocation:
    """A LOCATION_ADMIN sets its location's shipping and/or billing address; an ORDERING_ONLY
    contact may not, and a location without a role answers as an unknown one."""
    if customer_id is None:
        raise login_required("Log in to change a location.", "locationId")
    pk = ids.pk_of(location_gid, "CompanyLocation")
    role = (await viewer.location_roles(session, customer_id)).get(pk) if pk is not None else None
    if role is None:
        raise not_found("Location", "locationId")
    if role != "LOCATION_ADMIN":
        raise DomainError.of("PERMISSION_DENIED", "Only the location's admin may change its addresses.", "locationId")
    problems = Problems()
    cleaned = {key: addresses.clean(problems, data[key], (name,)) for key, name in (
        ("shipping_address", "shippingAddress"), ("billing_address", "billingAddress")) if data.get(key) is not None}
    if not cleaned:
        problems.add("BLANK", "Give a shipping address, a billing address or both.", "shippingAddress")
    problems.raise_if_any()
    location = await session.get(CompanyLocation, pk)
    for key, address in cleaned.items():
        setattr(location, key, address)
    await session.flush()
    return location
