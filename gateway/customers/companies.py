"""Companies: created with their first location and contact in one transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import shop
from gateway.customers import contacts, customer_numbers, locations
from gateway.db.models import Company, CompanyContact
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.platform import ids, validation
from gateway.platform.errors import DomainError, Problems

RISK_RATINGS = ("LOW", "MEDIUM", "HIGH")


def _unique(path: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {
        "uq_companies_external_id": (*path, "externalId"), "uq_companies_customer_number": (*path, "customerNumber"),
        customer_numbers.CONSTRAINT: (*path, "customerNumber"),
    }


async def get(session: AsyncSession, gid: str, field: str = "companyId") -> Company:
    return await ids.fetch(session, Company, gid, "Company", field)


async def _apply(
    session: AsyncSession, company: Company, data: dict[str, Any], problems: Problems, path: tuple[str, ...], *,
    creating: bool,
) -> None:
    if creating or "name" in data:
        company.name = validation.text(problems, data.get("name"), (*path, "name"), required=True)
    for key, name, size in (("org_number", "orgNumber", 64), ("website", "website", 255), ("note", "note", 5000)):
        if key in data:
            setattr(company, key, validation.text(problems, data[key], (*path, name), max_length=size))
    if "external_id" in data:
        value = validation.text(problems, data["external_id"], (*path, "externalId"), max_length=64)
        company.external_id = value
        if value and await session.scalar(
            select(Company.id).where(Company.external_id == value, Company.id != (company.id or 0))
        ):
            problems.add("TAKEN", "Another company has this externalId.", *path, "externalId")
    if "customer_number" in data:
        value = validation.text(problems, data["customer_number"], (*path, "customerNumber"), max_length=64)
        company.customer_number = value
        reason = await customer_numbers.why_taken(session, value, company.id) if value else None
        if reason:
            problems.add("TAKEN", reason, *path, "customerNumber")
    if "credit_limit" in data:
        company.credit_limit = validation.amount(
            problems, data["credit_limit"], company.currency_code, (*path, "creditLimit")
        )
    if "max_payment_days" in data:
        company.max_payment_days = validation.int_range(
            problems, data["max_payment_days"], (*path, "maxPaymentDays"), low=0, high=365
        )
    if "risk_rating" in data:
        company.risk_rating = validation.one_of(problems, data["risk_rating"], RISK_RATINGS, (*path, "riskRating"))


async def create(session: AsyncSession, data: dict[str, Any]) -> Company:
    """data: {company: {...}, company_location: {...} | None, company_contact: {...} | None}. Without
    credit_limit the company gets the shop's default_credit_limit; an explicit None is no limit."""
    problems = Problems()
    settings = await shop.get(session)
    company = Company(currency_code=settings.currency_code, credit_limit=settings.default_credit_limit)
    await _apply(session, company, data.get("company") or {}, problems, ("input", "company"), creating=True)
    problems.raise_if_any()
    if not company.customer_number:
        company.customer_number = await customer_numbers.next_from_series(session)
    session.add(company)
    await validation.flush_unique(session, _unique(("input", "company")))
    customer_numbers.issue(session, company.customer_number, company.id)
    await validation.flush_unique(session, _unique(("input", "company")))
    location = None
    if data.get("company_location") is not None:
        location = await locations.create(
            session, company.id, data["company_location"], problems, ("input", "companyLocation")
        )
    contact = None
    if data.get("company_contact") is not None:
        contact = await contacts.create(
            session, company.id, data["company_contact"], problems, ("input", "companyContact")
        )
    problems.raise_if_any()
    if contact is not None:
        # The first contact is the main contact and, as in Shopify, admin of the first location.
        company.main_contact_id = contact.id
        if location is not None:
            await contacts.assign_role(
                session, ids.to_gid("CompanyContact", contact.id), ids.to_gid("CompanyLocation", location.id),
                "LOCATION_ADMIN",
            )
    await webhooks.emit(session, "COMPANIES_CREATE", lambda: payloads.company(session, company))
    return company


async def update_company(session: AsyncSession, gid: str, data: dict[str, Any]) -> Company:
    company = await get(session, gid)
    problems = Problems()
    with session.no_autoflush:  # half-validated values must not reach the database
        await _apply(session, company, data, problems, ("input",), creating=False)
    problems.raise_if_any()
    await validation.flush_unique(session, _unique(("input",)))
    if data.get("customer_number") and company.customer_number:
        await customer_numbers.record(session, company.customer_number, company.id)
        await validation.flush_unique(session, _unique(("input",)))
    await webhooks.emit(session, "COMPANIES_UPDATE", lambda: payloads.company(session, company))
    return company


async def delete(session: AsyncSession, gid: str) -> int:
    company = await get(session, gid)
    company.main_contact_id = None  # break the cycle before the cascade
    await session.flush()
    await session.delete(company)
    return company.id


async def assign_main_contact(session: AsyncSession, company_gid: str, contact_gid: str) -> Company:
    company = await get(session, company_gid)
    contact = await ids.lookup(session, CompanyContact, contact_gid)
    if contact is None or contact.company_id != company.id:
        raise DomainError.of("NOT_FOUND", "Company contact not found.", "companyContactId")
    company.main_contact_id = contact.id
    return company


async def create_location(session: AsyncSession, company_gid: str, data: dict[str, Any]):  # noqa: ANN201
    company = await get(session, company_gid)
    problems = Problems()
    location = await locations.create(session, company.id, data, problems, ("input",))
    problems.raise_if_any()
    return location


async def create_contact(session: AsyncSession, company_gid: str, data: dict[str, Any]) -> CompanyContact:
    company = await get(session, company_gid)
    problems = Problems()
    contact = await contacts.create(session, company.id, data, problems, ("input",))
    problems.raise_if_any()
    return contact
