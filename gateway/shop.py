"""The shop's settings row (the customer number series it configures is gateway/customers/customer_numbers.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import CustomerGroup, ShopSettings
from gateway.platform import ids, validation
from gateway.platform.errors import Problems

ACCESS_MODES = ("OPEN", "LOGIN_FOR_PRICES", "B2B_ONLY")
# OPEN: a first code login makes a customer; CLOSED: only the merchant does (customerCreate, an approved
# account request, the register import), and an unknown email is told how to ask for an account.
REGISTRATIONS = ("OPEN", "CLOSED")
# The series' next number is a 32-bit column: at most this leaves a billion numbers before it overflows.
MAX_CUSTOMER_NUMBER_NEXT = 999_999_999
MAX_REMINDER_DAYS = 60


async def get(session: AsyncSession) -> ShopSettings:
    return (await session.execute(select(ShopSettings).where(ShopSettings.id == 1))).scalar_one()


async def update_settings(session: AsyncSession, data: dict[str, Any]) -> ShopSettings:
    with session.no_autoflush:  # half-validated values must not reach the database
        return await _update(session, data)


async def _update(session: AsyncSession, data: dict[str, Any]) -> ShopSettings:
    problems = Problems()
    shop = await get(session)
    if "name" in data:
        shop.name = validation.text(problems, data["name"], ("name",), required=True) or shop.name
    if "access_mode" in data and validation.required(problems, data["access_mode"], ("accessMode",)):
        shop.access_mode = validation.one_of(problems, data["access_mode"], ACCESS_MODES, ("accessMode",))
    if "customer_number_prefix" in data:
        shop.customer_number_prefix = validation.text(
            problems, data["customer_number_prefix"], ("customerNumberPrefix",), max_length=20
        ) or ""
    if "customer_number_next" in data and validation.required(
        problems, data["customer_number_next"], ("customerNumberNext",)
    ):
        shop.customer_number_next = validation.int_range(
            problems, data["customer_number_next"], ("customerNumberNext",), low=0, high=MAX_CUSTOMER_NUMBER_NEXT
        )
    if "default_credit_limit" in data:  # null: new companies may owe any amount
        shop.default_credit_limit = validation.amount(
            problems, data["default_credit_limit"], shop.currency_code, ("defaultCreditLimit",)
        )
    if "payment_reminder_days" in data:  # null: no reminders
        days = data["payment_reminder_days"]
        shop.payment_reminder_days = None if days is None else validation.int_range(
            problems, days, ("paymentReminderDays",), low=0, high=MAX_REMINDER_DAYS
        )
    if "approval_expiry_days" in data and validation.required(
        problems, data["approval_expiry_days"], ("approvalExpiryDays",)
    ) is not None:
        days = validation.int_range(problems, data["approval_expiry_days"], ("approvalExpiryDays",), low=1, high=365)
        shop.approval_expiry_days = days if 1 <= days <= 365 else shop.approval_expiry_days
    for key, name in (("block_checkout_when_overdue", "blockCheckoutWhenOverdue"),
                      ("assign_customer_numbers", "assignCustomerNumbers")):
        if key in data and validation.required(problems, data[key], (name,)) is not None:
            setattr(shop, key, bool(data[key]))
    if "registration" in data and validation.required(problems, data["registration"], ("registration",)):
        shop.registration = validation.one_of(problems, data["registration"], REGISTRATIONS, ("registration",))
    if "default_customer_group_id" in data:  # null: self-registered customers join no group
        gid = data["default_customer_group_id"]
        group = await ids.lookup(session, CustomerGroup, gid) if gid is not None else None
        if gid is not None and group is None:
            problems.add("NOT_FOUND", "Customer group not found.", "defaultCustomerGroupId")
        shop.default_customer_group_id = group.id if group else None
    problems.raise_if_any()
    return shop
