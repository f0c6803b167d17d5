"""Inviting a customer: a welcome email that explains the code login and links to it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.customers import customers
from gateway.db.models import Customer
from gateway.platform import clock
from gateway.platform.errors import DomainError
from gateway.platform.settings import Settings

LOGIN_PATH = "/login"


def login_url(settings: Settings) -> str:
    return settings.storefront_url.rstrip("/") + LOGIN_PATH


async def invite(session: AsyncSession, settings: Settings, customer: Customer, *field: str) -> Customer:
    """Email the welcome. Never-seen customers become INVITED; ACTIVE ones keep their status
    (a reminder), DISABLED ones are refused."""
    customers.refuse_deleted(customer, *field)
    if customer.status == "DISABLED":
        raise DomainError.of("CUSTOMER_DISABLED", "A disabled customer cannot be invited.", *field)
    if customer.status is None:
        customer.status = "INVITED"
    customer.invited_at = clock.now()
    name = " ".join(n for n in (customer.first_name, customer.last_name) if n) or customer.email
    await outbox.enqueue(
        session, settings, customer.email, "invitation",
        {"name": name, "email": customer.email, "login_url": login_url(settings)},
    )
    await session.flush()
    return customer
