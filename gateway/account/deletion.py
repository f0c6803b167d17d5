"""Leaving: a buyer deletes its own account (customerDelete).

Only right after a login code (the session was made by verifyLoginCode within RECENT_LOGIN), and
not while the customer is a company's main contact or its account shows something outstanding
(the orders viewer.outstandingOrders lists: those it placed, and every order of the locations where
it may VIEW_ALL_ORDERS). Then, in one transaction:

- the merchant is emailed (MERCHANT_EMAIL) who left;
- the customer row stays, so its orders keep their buyer for the books, but holds nothing personal:
  its email becomes `deleted-<id>@invalid` (unique, never deliverable; the real address is free to
  register or be invited again), names, phone and the staff note are cleared, status DELETED;
- its orders and draft orders keep amounts, lines, company, location, PO number and terms; their
  note and the recipient and phone of their address snapshots are cleared;
- its sessions, login codes, carts, payment methods, idempotency keys, company contacts (and so its
  roles), its account requests and the emails queued or sent to it are deleted;
- the notes of the returns it asked for are cleared, and the bodies of sent emails and webhooks that
  name its email are erased (pending ones still go: they tell the merchant's own systems).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.db.models import (
    AccountRequest,
    Cart,
    Company,
    CompanyContact,
    Customer,
    CustomerAddress,
    CustomerSession,
    DraftOrder,
    IdempotencyKey,
    LoginCode,
    Order,
    OutboxMessage,
    PaymentMethod,
    Return,
    ReturnLine,
    customer_group_members,
)
from gateway.orders import ledger
from gateway.platform import clock, ids, money
from gateway.platform.errors import Problems, login_required, not_found
from gateway.platform.settings import Settings

RECENT_LOGIN = timedelta(minutes=10)
DELETED = "DELETED"
PERSONAL_ADDRESS_FIELDS = ("recipient", "phone")
MAX_NAMED_ORDERS = 5
ERASED = "(erased: the customer deleted its account)"


def placeholder_email(customer_id: int) -> str:
    """The email a deleted customer keeps: unique (the id) and undeliverable."""
    return f"deleted-{customer_id}@{outbox.UNDELIVERABLE_DOMAIN}"


async def delete_customer(
    session: AsyncSession, settings: Settings, customer_id: int | None, session_id: int | None
) -> int:
    """Erase the viewer's account as the module says; its id. Refusals change nothing and come all at
    once: whatever stands in the way (main contact, outstanding orders), then a stale login."""
    if customer_id is None or session_id is None:
        raise login_required("Log in to delete your account.")
    customer = await ids.lock(session, Customer, customer_id)
    problems = await _refusals(session, customer_id)
    login = await session.get(CustomerSession, session_id)
    if login is None or clock.now() - login.created_at > RECENT_LOGIN:
        minutes = int(RECENT_LOGIN.total_seconds() // 60)
        problems.add(
            "RECENT_LOGIN_REQUIRED",
            f"To delete your account, log in again with a new code; then delete it within {minutes} minutes.",
        )
    problems.raise_if_any()
    farewell = await _farewell(session, customer)
    await _erase(session, customer)
    # queued after the erasing, which deletes every email to the customer
    await outbox.notify_merchant(session, settings, "customer_deleted", farewell)
    return customer.id


async def delete_by_merchant(session: AsyncSession, customer_gid: str) -> int:
    """The merchant deletes a customer (the Admin API's customerDelete): refused, changing nothing,
    while it is a company's main contact or has orders with something outstanding; else erased as
    when it leaves by itself (its orders stay, anonymised). Irreversible."""
    customer = await ids.fetch_locked(session, Customer, customer_gid, "Customer", "customerId")
    if customer.status == DELETED:
        raise not_found("Customer", "customerId")
    problems = await _refusals(session, customer.id, merchant=True)
    problems.raise_if_any()
    await _erase(session, customer)
    return customer.id


async def _refusals(session: AsyncSession, customer_id: int, merchant: bool = False) -> Problems:
    """MAIN_CONTACT and OUTSTANDING_ORDERS, both when both hold, each saying why and whom to ask
    (merchant: told to the merchant, on the Admin API)."""
    problems = Problems()
    companies = (await session.scalars(
        select(Company.name)
        .join(CompanyContact, CompanyContact.id == Company.main_contact_id)
        .where(CompanyContact.customer_id == customer_id)
        .order_by(Company.name)
    )).all()
    if companies:
        names = ", ".join(companies)
        problems.add(
            "MAIN_CONTACT",
            f"This customer is the main contact of {names}: make another contact the main contact first."
            if merchant else
            f"You are the main contact of {names}. Ask the merchant to make another contact the main contact, "
            "then delete your account.",
            *(("customerId",) if merchant else ()),
        )
    unpaid = await ledger.outstanding_orders(session, customer_id)
    if unpaid:
        owed = " and ".join(
            money.text(amount, currency)
            for amount, currency in await ledger.total_outstanding(session, customer_id)
        )
        names = ", ".join(order.name for order in unpaid[:MAX_NAMED_ORDERS])
        more = f" and {len(unpaid) - MAX_NAMED_ORDERS} more" if len(unpaid) > MAX_NAMED_ORDERS else ""
        count = "1 order" if len(unpaid) == 1 else f"{len(unpaid)} orders"
        problems.add(
            "OUTSTANDING_ORDERS",
            f"{owed} is outstanding on {count} this customer can see ({names}{more}): settle or cancel them first."
            if merchant else
            f"{owed} is outstanding on {count} of your account ({names}{more}). Pay it first, or contact the "
            "merchant, then delete your account.",
            *(("customerId",) if merchant else ()),
        )
    return problems


async def _farewell(session: AsyncSession, customer: Customer) -> dict[str, str]:
    """The merchant's email: who left (read before it is erased), so it can update its own records."""
    companies = (await session.scalars(
        select(Company.name).join(CompanyContact, CompanyContact.company_id == Company.id)
        .where(CompanyContact.customer_id == customer.id).order_by(Company.name)
    )).all()
    kept = await session.scalar(select(func.count()).select_from(Order).where(Order.customer_id == customer.id))
    name = " ".join(part for part in (customer.first_name, customer.last_name) if part)
    return {
        "customer": f"{name} <{customer.email}>" if name else customer.email,
        "customer_id": ids.to_gid("Customer", customer.id),
        "companies": ", ".join(companies) or "none (a direct customer)",
        "orders": str(kept),
    }


async def _erase(session: AsyncSession, customer: Customer) -> None:
    email, pk = customer.email.lower(), customer.id
    for stmt in (
        delete(CustomerSession).where(CustomerSession.customer_id == pk),
        delete(LoginCode).where(LoginCode.email == email),
        delete(OutboxMessage).where(func.lower(OutboxMessage.recipient) == email),
        delete(Cart).where(Cart.customer_id == pk),
        delete(PaymentMethod).where(PaymentMethod.customer_id == pk),  # their transactions keep the charge
        delete(IdempotencyKey).where(IdempotencyKey.customer_id == pk),
        delete(CompanyContact).where(CompanyContact.customer_id == pk),  # and so its roles
        delete(CustomerAddress).where(CustomerAddress.customer_id == pk),
        delete(customer_group_members).where(customer_group_members.c.customer_id == pk),
        delete(AccountRequest).where(or_(AccountRequest.customer_id == pk, AccountRequest.email == email)),
        # what the buyer wrote when asking for a return; the return itself stays with the order
        update(ReturnLine).where(ReturnLine.return_id.in_(select(Return.id).where(Return.customer_id == pk)))
        .values(note=None),
        # the log of emails and webhooks already sent about it (pending ones still go out: they tell
        # the merchant's own systems, which the farewell email asks to erase the customer too)
        update(OutboxMessage).where(
            OutboxMessage.status != "PENDING",
            or_(func.lower(OutboxMessage.body_text).contains(email, autoescape=True),
                func.lower(OutboxMessage.body_html).contains(email, autoescape=True)),
        ).values(body_text=ERASED, body_html=None),
    ):
        await session.execute(stmt.execution_options(synchronize_session=False))
    for model in (Order, DraftOrder):
        rows = (await session.scalars(select(model).where(model.customer_id == pk))).all()
        for row in rows:
            row.note = None
            row.shipping_address = _impersonal(row.shipping_address)
            row.billing_address = _impersonal(row.billing_address)
    customer.email = placeholder_email(pk)
    customer.first_name = customer.last_name = customer.phone = customer.note = None
    customer.invited_at = customer.last_login_at = customer.email_marketing_consent_updated_at = None
    customer.customer_number = None  # still issued (customer_numbers): never given to anyone else
    customer.email_marketing_consent, customer.accepts_partner_offers = "NOT_SUBSCRIBED", False
    customer.status = DELETED
    await session.flush()


def _impersonal(address: dict[str, Any] | None) -> dict[str, Any] | None:
    """The company's postal address without the person it was for."""
    if address is None:
        return None
    return {key: (None if key in PERSONAL_ADDRESS_FIELDS else value) for key, value in address.items()}
