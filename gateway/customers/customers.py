"""Customers: people who log in. One email, whatever its case, is one customer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import Customer, CustomerSession
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.platform import clock, ids, validation
from gateway.platform.errors import DomainError, Problems

STATUSES = ("ACTIVE", "DISABLED")  # what staff may set
ACCOUNT_STATUSES = ("ACTIVE", "INVITED", "DISABLED", "DELETED")  # what a customer may be in


async def by_email(session: AsyncSession, email: str) -> Customer | None:
    return await session.scalar(select(Customer).where(func.lower(Customer.email) == email.lower()))


async def find_or_create(
    session: AsyncSession, email: str, first_name: str | None = None, last_name: str | None = None
) -> Customer:
    """The customer with this email; created if new. Fills names it lacks, never overwrites."""
    customer = await by_email(session, email)
    if customer is None:
        customer = Customer(email=email.lower(), first_name=first_name, last_name=last_name)
        session.add(customer)
        await session.flush()
        await webhooks.emit(session, "CUSTOMERS_CREATE", lambda: payloads.customer(session, customer))
    else:
        customer.first_name = customer.first_name or first_name
        customer.last_name = customer.last_name or last_name
    return customer


def refuse_deleted(customer: Customer, *field: str) -> None:
    """A customer that deleted its account (customerDelete) stays erased: nothing may change or revive it."""
    if customer.status == "DELETED":
        raise DomainError.of(
            "CUSTOMER_DELETED", "This customer deleted its account; its personal data is erased.", *field
        )


async def get(session: AsyncSession, gid: str) -> Customer:
    return await ids.fetch(session, Customer, gid, "Customer", "customerId")


async def update_customer(session: AsyncSession, customer_gid: str, data: dict[str, Any]) -> Customer:
    customer = await get(session, customer_gid)
    refuse_deleted(customer, "customerId")
    problems = Problems()
    was_disabled = customer.status == "DISABLED"
    with session.no_autoflush:  # half-validated values must not reach the database
        await _apply(session, customer, data, problems)
    problems.raise_if_any()
    if customer.status == "DISABLED" and not was_disabled:
        await end_sessions(session, customer.id)
    await session.flush()
    return customer


async def _apply(session: AsyncSession, customer: Customer, data: dict[str, Any], problems: Problems) -> None:
    for key, name in (("first_name", "firstName"), ("last_name", "lastName")):
        if key in data:
            setattr(customer, key, validation.text(problems, data[key], ("input", name), max_length=100))
    if "phone" in data:
        customer.phone = validation.text(problems, data["phone"], ("input", "phone"), max_length=40)
    if "note" in data:
        customer.note = validation.text(problems, data["note"], ("input", "note"), max_length=5000)
    if "email" in data:
        email = validation.email(problems, data["email"], ("input", "email"))
        if email and email != customer.email.lower():
            other = await by_email(session, email)
            if other is not None and other.id != customer.id:
                problems.add("TAKEN", "Another customer has this email.", "input", "email")
            customer.email = email
    if "status" in data and validation.required(problems, data["status"], ("input", "status")):
        status = validation.one_of(problems, data["status"], STATUSES, ("input", "status"))
        if status == "ACTIVE" and customer.status == "DISABLED" and customer.last_login_at is None:
            status = "INVITED" if customer.invited_at else None
        customer.status = status


async def end_sessions(session: AsyncSession, customer_id: int) -> None:
    await session.execute(
        update(CustomerSession)
        .where(CustomerSession.customer_id == customer_id, CustomerSession.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
