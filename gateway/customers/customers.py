"""Customers: people who log in. One email, whatever its case, is one customer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.customers import customer_numbers, groups
from gateway.db.models import Customer, CustomerSession, ShopSettings
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.platform import clock, ids, validation
from gateway.platform.errors import DomainError, Problems

STATUSES = ("ACTIVE", "DISABLED")  # what staff may set
SELF_SERVICE = ("first_name", "last_name", "phone", "email_marketing_consent", "accepts_partner_offers")
ACCOUNT_STATUSES = ("ACTIVE", "INVITED", "DISABLED", "DELETED")  # what a customer may be in
CONSENT_STATES = ("SUBSCRIBED", "UNSUBSCRIBED", "NOT_SUBSCRIBED")  # email marketing
NUMBER_PATH = ("input", "customerNumber")
# Who took a number first when two transactions give the same one (PostgreSQL; SQLite serialises writers).
UNIQUE = {"ix_customers_customer_number": NUMBER_PATH, customer_numbers.CONSTRAINT: NUMBER_PATH,
          "uq_customers_email_lower": ("input", "email")}


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


async def register(session: AsyncSession, shop: ShopSettings, customer: Customer) -> None:
    """What a new customer gets from the shop: a number from the series when the shop numbers people
    (assignCustomerNumbers) and it has none, and the shop's default group."""
    if shop.assign_customer_numbers and not customer.customer_number:
        customer.customer_number = await customer_numbers.next_from_series(session)
        customer_numbers.issue(session, customer.customer_number, None, customer.id)
    await groups.join_default(session, shop, customer.id)
    await session.flush()


async def create(session: AsyncSession, shop: ShopSettings, data: dict[str, Any]) -> Customer:
    """The merchant makes a direct customer (customerCreate): an email no customer has, names, phone,
    note, consents, groups, and a number given or from the series. Not in the default group: the
    merchant names its groups."""
    problems = Problems()
    email = validation.email(problems, data.get("email"), ("input", "email"))
    if email and await by_email(session, email) is not None:
        problems.add("TAKEN", "A customer has this email.", "input", "email")
    customer = Customer(email=email or "", email_marketing_consent="NOT_SUBSCRIBED", accepts_partner_offers=False)
    with session.no_autoflush:
        await _apply(session, customer, {k: v for k, v in data.items() if k != "email"}, problems)
    problems.raise_if_any()
    session.add(customer)
    await validation.flush_unique(session, UNIQUE)
    if customer.customer_number:
        customer_numbers.issue(session, customer.customer_number, None, customer.id)
    elif shop.assign_customer_numbers:
        customer.customer_number = await customer_numbers.next_from_series(session)
        customer_numbers.issue(session, customer.customer_number, None, customer.id)
    await validation.flush_unique(session, UNIQUE)
    if data.get("customer_group_ids"):
        await groups.set_membership(session, customer.id, data["customer_group_ids"], ("input", "customerGroupIds"))
    await webhooks.emit(session, "CUSTOMERS_CREATE", lambda: payloads.customer(session, customer))
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
    await validation.flush_unique(session, UNIQUE)
    if data.get("customer_number") and customer.customer_number:
        await customer_numbers.record_for_person(session, customer.customer_number, customer.id)
        await validation.flush_unique(session, UNIQUE)
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
    if "customer_number" in data:
        number = validation.text(problems, data["customer_number"], NUMBER_PATH, max_length=64)
        reason = await customer_numbers.why_taken_by_person(session, number, customer.id) if number else None
        if reason:
            problems.add("TAKEN", reason, *NUMBER_PATH)
        customer.customer_number = number
    if "email_marketing_consent" in data and validation.required(
        problems, data["email_marketing_consent"], ("input", "emailMarketingConsent")
    ):
        state = validation.one_of(problems, data["email_marketing_consent"], CONSENT_STATES,
                                  ("input", "emailMarketingConsent"))
        if state and state != customer.email_marketing_consent:
            customer.email_marketing_consent, customer.email_marketing_consent_updated_at = state, clock.now()
    if "accepts_partner_offers" in data and validation.required(
        problems, data["accepts_partner_offers"], ("input", "acceptsPartnerOffers")
    ) is not None:
        customer.accepts_partner_offers = bool(data["accepts_partner_offers"])
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
