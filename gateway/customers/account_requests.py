"""Account requests: a business asks for an account on the storefront; staff approve or decline.

Submitting is anonymous and throttled per client address and per email (gateway/platform/throttle.py). The
merchant is emailed and the requester gets a receipt. Approving makes the company (customer number
from the series), a location at the request's address and the contact, gives it a role and sends
the invitation; when the email already belongs to a contact of a company (one imported from the
ERP, say), the request is linked to that company and customer instead, so nothing is duplicated.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.customers import companies, contacts, invitations
from gateway.db.models import (
    AccountRequest,
    Company,
    CompanyContact,
    CompanyLocation,
    Customer,
    RoleAssignment,
)
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.platform import addresses, clock, ids, throttle, validation
from gateway.platform.errors import DomainError, Problem, Problems
from gateway.platform.settings import Settings

STATUSES = ("REQUESTED", "APPROVED", "DECLINED")
WINDOW = timedelta(hours=1)
PER_ADDRESS = 5  # requests per client address per WINDOW
PER_EMAIL = 3  # requests per email per WINDOW: the receipt must not become a way to spam someone


# -- the storefront: asking for an account --


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    problems = Problems()
    path = ("input",)
    out = {
        "company_name": validation.text(problems, data.get("company_name"), (*path, "companyName"), required=True),
        "org_number": validation.text(problems, data.get("org_number"), (*path, "orgNumber"), max_length=64),
        "email": validation.email(problems, data.get("email"), (*path, "email")),
        "first_name": validation.text(
            problems, data.get("first_name"), (*path, "firstName"), required=True, max_length=100
        ),
        "last_name": validation.text(problems, data.get("last_name"), (*path, "lastName"), required=True, max_length=100),
        "phone": validation.text(problems, data.get("phone"), (*path, "phone"), max_length=40),
        "address": addresses.clean(problems, data.get("address"), (*path, "address")),
        "message": validation.text(problems, data.get("message"), (*path, "message"), max_length=5000),
    }
    problems.raise_if_any()
    return out


async def submit(
    session: AsyncSession, settings: Settings, data: dict[str, Any], client_address: str | None
) -> AccountRequest:
    """A new REQUESTED account request; the merchant is told and the requester gets a receipt."""
    values = _clean(data)
    too_many = "Too many account requests."
    if client_address:
        await throttle.check(
            session, f"account-request:address:{client_address}", AccountRequest.created_at,
            AccountRequest.client_address == client_address, PER_ADDRESS, WINDOW, too_many, "input",
        )
    await throttle.check(
        session, f"account-request:email:{values['email']}", AccountRequest.created_at,
        AccountRequest.email == values["email"], PER_EMAIL, WINDOW, too_many, "input", "email",
    )
    request = AccountRequest(**values, status="REQUESTED", client_address=client_address, created_at=clock.now())
    session.add(request)
    await session.flush()
    mail = _mail_values(request)
    await outbox.notify_merchant(session, settings, "account_request_received", mail)
    await outbox.enqueue(session, settings, request.email, "account_request_receipt", mail)
    await webhooks.emit(session, "ACCOUNT_REQUESTS_CREATE", lambda: payloads.account_request(session, request))
    return request


def _mail_values(request: AccountRequest) -> dict[str, str]:
    address = request.address or {}
    lines = [address.get(k) for k in ("address1", "address2", "zip", "city", "country_code")]
    return {
        "company_name": request.company_name, "org_number": request.org_number or "-",
        "name": f"{request.first_name} {request.last_name}", "email": request.email, "phone": request.phone or "-",
        "address": ", ".join(line for line in lines if line) or "-", "message": request.message or "-",
        "request_id": ids.to_gid("AccountRequest", request.id),
    }


# -- staff: approving and declining --


async def _undecided(session: AsyncSession, gid: str) -> AccountRequest:
    """The request locked, while still REQUESTED; NOT_FOUND, ALREADY_APPROVED or ALREADY_DECLINED otherwise."""
    request = await ids.fetch_locked(session, AccountRequest, gid, "Account request", "id")
    if request.status != "REQUESTED":
        raise DomainError.of(
            f"ALREADY_{request.status}", f"This account request was {request.status.lower()} already.", "id"
        )
    return request


async def approve(session: AsyncSession, settings: Settings, gid: str, data: dict[str, Any]) -> AccountRequest:
    """Make (or link) the company, its location and contact, give the role and send the invitation."""
    request = await _undecided(session, gid)
    problems = Problems()
    role = data.get("role") or "LOCATION_ADMIN"
    validation.one_of(problems, role, contacts.ROLES, ("input", "role"))
    problems.raise_if_any()
    existing = await _erp_contact(session, request.email)
    if existing is not None:
        contact = existing
        await _give_role_if_none(session, contact, role)
    else:
        contact = await _new_company(session, request, data, role)
    customer = await session.get(Customer, contact.customer_id)
    customer.first_name = customer.first_name or request.first_name
    customer.last_name = customer.last_name or request.last_name
    customer.phone = customer.phone or request.phone
    await invitations.invite(session, settings, customer, "id")
    request.status, request.decided_at = "APPROVED", clock.now()
    request.company_id, request.customer_id = contact.company_id, customer.id
    request.linked_existing = existing is not None
    await session.flush()
    return request


async def _erp_contact(session: AsyncSession, email: str) -> CompanyContact | None:
    """The email's contact of an existing company, if any: one with an external id (from the
    ERP) first, then the oldest."""
    stmt = (
        select(CompanyContact)
        .join(Customer, Customer.id == CompanyContact.customer_id)
        .join(Company, Company.id == CompanyContact.company_id)
        .where(func.lower(Customer.email) == email.lower())
        .order_by(Company.external_id.is_(None), CompanyContact.id)
        .limit(1)
    )
    return await session.scalar(stmt)


async def _give_role_if_none(session: AsyncSession, contact: CompanyContact, role: str) -> None:
    """A linked contact keeps its roles; one without any gets role on its company's first location."""
    if await session.scalar(select(RoleAssignment.id).where(RoleAssignment.contact_id == contact.id).limit(1)):
        return
    location_id = await session.scalar(
        select(CompanyLocation.id).where(CompanyLocation.company_id == contact.company_id)
        .order_by(CompanyLocation.id).limit(1)
    )
    if location_id is not None:
        await contacts.assign_role(
            session, ids.to_gid("CompanyContact", contact.id), ids.to_gid("CompanyLocation", location_id), role
        )


async def _new_company(
    session: AsyncSession, request: AccountRequest, data: dict[str, Any], role: str
) -> CompanyContact:
    name = data.get("company_name") or request.company_name
    company: dict[str, Any] = {"name": name, "org_number": request.org_number}
    for key in ("customer_number", "external_id", "max_payment_days", "note"):
        if data.get(key) is not None:
            company[key] = data[key]
    if "credit_limit" in data:  # null: no limit; left out: the shop's default (companies.create)
        company["credit_limit"] = data["credit_limit"]
    location: dict[str, Any] = {
        "name": data.get("location_name") or name,
        "billing_address": request.address, "shipping_address": request.address,
    }
    experience = {k: data[k] for k in ("payment_terms_template_id", "checkout_to_draft") if data.get(k) is not None}
    if experience:
        location["buyer_experience_configuration"] = experience
    contact = {"email": request.email, "first_name": request.first_name, "last_name": request.last_name}
    if data.get("title") is not None:
        contact["title"] = data["title"]
    try:
        made = await companies.create(
            session, {"company": company, "company_location": location, "company_contact": contact}
        )
    except DomainError as error:
        raise DomainError(*(_flat(problem) for problem in error.problems)) from None
    main = await session.get(CompanyContact, made.main_contact_id)
    if role != "LOCATION_ADMIN":  # companies.create made the first contact admin of the first location
        location_id = await session.scalar(select(CompanyLocation.id).where(CompanyLocation.company_id == made.id))
        await contacts.assign_role(
            session, ids.to_gid("CompanyContact", main.id), ids.to_gid("CompanyLocation", location_id), role
        )
    return main


# companyCreate's input paths -> this mutation's flat input
_FLAT = {
    ("input", "company", "name"): ("input", "companyName"),
    ("input", "companyLocation", "name"): ("input", "locationName"),
    ("input", "companyLocation", "buyerExperienceConfiguration", "paymentTermsTemplateId"):
        ("input", "paymentTermsTemplateId"),
}


def _flat(problem: Problem) -> Problem:
    field = problem.field or ()
    if field in _FLAT:
        return Problem(problem.code, problem.message, _FLAT[field])
    if field[:2] in (("input", "company"), ("input", "companyContact")) and len(field) == 3:
        return Problem(problem.code, problem.message, ("input", field[2]))
    return problem


async def decline(session: AsyncSession, settings: Settings, gid: str, reason: str | None) -> AccountRequest:
    """DECLINED, and the requester is emailed the reason."""
    problems = Problems()
    reason = validation.text(problems, reason, ("reason",), required=True, max_length=2000)
    problems.raise_if_any()
    request = await _undecided(session, gid)
    request.status, request.decided_at, request.decline_reason = "DECLINED", clock.now(), reason
    await outbox.enqueue(session, settings, request.email, "account_request_declined", {
        **_mail_values(request), "reason": reason,
    })
    await session.flush()
    return request
