"""Company locations: where a company buys, with its addresses and checkout set-up."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import CompanyLocation, PaymentTermsTemplate
from gateway.platform import addresses, clock, ids, validation
from gateway.platform.errors import Problems

UNIQUE_EXTERNAL_ID = "uq_company_locations_external_id"


async def get(session: AsyncSession, gid: str, field: str = "companyLocationId") -> CompanyLocation:
    return await ids.fetch(session, CompanyLocation, gid, "Company location", field)


async def apply(
    session: AsyncSession,
    location: CompanyLocation,
    data: dict[str, Any],
    problems: Problems,
    path: tuple[str, ...],
    *,
    creating: bool,
) -> None:
    """Validate data and set it on location; problems collect under path."""
    if creating or "name" in data:
        location.name = validation.text(problems, data.get("name"), (*path, "name"), required=True)
    if "external_id" in data:
        location.external_id = validation.text(problems, data["external_id"], (*path, "externalId"), max_length=64)
        if location.external_id:
            clash = await session.scalar(
                select(CompanyLocation.id).where(
                    CompanyLocation.external_id == location.external_id,
                    CompanyLocation.id != (location.id or 0),
                )
            )
            if clash:
                problems.add("TAKEN", "Another location has this external id.", *path, "externalId")
    if "billing_address" in data:
        location.billing_address = addresses.clean(problems, data["billing_address"], (*path, "billingAddress"))
    if "shipping_address" in data:
        location.shipping_address = addresses.clean(problems, data["shipping_address"], (*path, "shippingAddress"))
    if data.get("billing_same_as_shipping"):
        location.billing_address = location.shipping_address
    if "tax_exempt" in data:
        location.tax_exempt = bool(data["tax_exempt"])
    config = data.get("buyer_experience_configuration")
    if config is not None:
        await _apply_buyer_experience(session, location, config, problems, (*path, "buyerExperienceConfiguration"))


async def _apply_buyer_experience(
    session: AsyncSession, location: CompanyLocation, config: dict[str, Any], problems: Problems, path: tuple[str, ...]
) -> None:
    template = None
    if "payment_terms_template_id" in config:
        template_gid = config["payment_terms_template_id"]
        if template_gid is None:
            location.payment_terms_template_id = None
        else:
            template = await ids.lookup(session, PaymentTermsTemplate, template_gid)
            if template is None:
                problems.add("NOT_FOUND", "Payment terms template not found.", *path, "paymentTermsTemplateId")
            else:
                location.payment_terms_template_id = template.id
    elif location.payment_terms_template_id:
        template = await session.get(PaymentTermsTemplate, location.payment_terms_template_id)
    if "payment_terms_due_at" in config:
        location.payment_terms_due_at = validation.utc(config["payment_terms_due_at"])
        if location.payment_terms_due_at is not None and location.payment_terms_due_at <= clock.now():
            # Orders on it would be overdue the moment they are placed.
            problems.add("INVALID", "The fixed due date must be in the future.", *path, "paymentTermsDueAt")
    if template is not None and template.terms_type == "FIXED" and location.payment_terms_due_at is None:
        problems.add("BLANK", "Fixed-date terms need paymentTermsDueAt.", *path, "paymentTermsDueAt")
    if "checkout_to_draft" in config:
        location.checkout_to_draft = bool(config["checkout_to_draft"])
    if "editable_shipping_address" in config:
        location.editable_shipping_address = bool(config["editable_shipping_address"])
    if "deposit" in config:
        deposit = config["deposit"]
        percentage = deposit.get("percentage") if deposit else None
        location.deposit_percentage = validation.int_range(
            problems, percentage, (*path, "deposit", "percentage"), low=1, high=99
        )
    if "auto_charge" in config:
        location.auto_charge = bool(config["auto_charge"])
    if location.auto_charge and location.payment_terms_template_id is None and "auto_charge" in config:
        problems.add("INVALID", "Charging on the due date needs payment terms.", *path, "autoCharge")
    if location.deposit_percentage and location.payment_terms_template_id is None:
        problems.add("INVALID", "A deposit needs payment terms for the rest.", *path, "deposit")


async def create(
    session: AsyncSession, company_id: int, data: dict[str, Any], problems: Problems, path: tuple[str, ...]
) -> CompanyLocation:
    location = CompanyLocation(company_id=company_id)
    await apply(session, location, data, problems, path, creating=True)
    if not problems:
        session.add(location)
        await validation.flush_unique(session, {UNIQUE_EXTERNAL_ID: (*path, "externalId")})
    return location


async def update_location(session: AsyncSession, location_gid: str, data: dict[str, Any]) -> CompanyLocation:
    location = await get(session, location_gid)
    problems = Problems()
    with session.no_autoflush:  # half-validated values must not reach the database
        await apply(session, location, data, problems, ("input",), creating=False)
    problems.raise_if_any()
    await validation.flush_unique(session, {UNIQUE_EXTERNAL_ID: ("input", "externalId")})
    return location


async def delete(session: AsyncSession, location_gid: str) -> int:
    location = await get(session, location_gid)
    await session.delete(location)
    return location.id
