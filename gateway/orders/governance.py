"""What the buying company's own rules say before a cart becomes an order (gateway/orders/checkout.py).

The buyer must hold PLACE_ORDERS at the cart's location, and stay within the spending limits of its
role assignment there: per order, and per calendar month (UTC) over the orders it placed there.
Over a limit, by a cent or more, the (consumed) cart becomes an approval request instead of an
order: nothing is charged and no credit is used; the location's approvers are emailed. An
approver decides it later (gateway/orders/approvals.py), when the order is placed on the
location's terms of that moment. Limits are in the company's currency; a cart priced in another
one cannot be compared and always asks for approval.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.auth import policy, viewer
from gateway.customers import roles as company_roles
from gateway.db.models import (
    ApprovalRequest,
    Cart,
    Company,
    CompanyContact,
    CompanyRole,
    Customer,
    Order,
    RoleAssignment,
    ShopSettings,
)
from gateway.orders import carts
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.payments import methods
from gateway.platform import clock, money
from gateway.platform.errors import DomainError
from gateway.platform.settings import Settings

APPROVALS_PATH = "/account/approvals"


def grant_columns(customer_id: int) -> list[Any]:
    """What the buyer's role assignment at the cart's location grants, as columns checkout reads with
    the cart in its one statement (carts.find_with): role, limits, a merchant role's permissions."""

    def of(column: Any) -> Any:
        return (
            select(column).select_from(RoleAssignment)
            .join(CompanyContact, CompanyContact.id == RoleAssignment.contact_id)
            .outerjoin(CompanyRole, CompanyRole.id == RoleAssignment.company_role_id)
            .where(RoleAssignment.location_id == Cart.location_id, CompanyContact.customer_id == customer_id)
            .scalar_subquery()
        )

    return [of(c) for c in (RoleAssignment.role, RoleAssignment.spending_limit, RoleAssignment.monthly_spending_limit,
                            CompanyRole.permissions)]


def grant(values: tuple[Any, ...]) -> viewer.Grant | None:
    """The Grant of grant_columns' values; None without a role (a direct customer's cart)."""
    role, limit, monthly, custom = values
    if role is None:
        return None
    return viewer.Grant(role, company_roles.permissions_of(role, custom), limit, monthly)


async def hold(
    session: AsyncSession, settings: Settings, shop: ShopSettings, view: carts.CartView, method_gid: str | None,
    held: viewer.Grant | None,
) -> dict[str, Any] | None:
    """None when the checkout may go on to an order; else the answer of a checkout that made an
    approval request. held: the buyer's Grant at the cart's location. PERMISSION_DENIED without
    PLACE_ORDERS."""
    location = view.location
    if location is None:  # a direct customer's cart: no company rules
        return None
    customer_id = view.cart.customer_id
    if held is None or not policy.may_place_orders({location.id: held}, location.id):
        raise DomainError.of(
            "PERMISSION_DENIED", "Ordering for this location takes the PLACE_ORDERS permission.", "cartId"
        )
    if held.spending_limit is None and held.monthly_spending_limit is None:
        return None  # most buyers: no statement more than checkout makes anyway
    company = await session.get(Company, location.company_id)
    why = await over_limit(session, customer_id, held, company, location.id, view)
    if why is None:
        return None
    # A location that pays at checkout charges on approval: the buyer's method is checked now.
    method = await methods.find(session, customer_id, method_gid) if view.amount_due_now > 0 else None
    request = ApprovalRequest(
        customer_id=customer_id, company_id=company.id, location_id=location.id, cart_id=view.cart.id,
        payment_method_id=method.id if method else None, status="PENDING", subtotal=view.subtotal,
        currency=view.currency, expires_at=clock.now() + timedelta(days=shop.approval_expiry_days),
    )
    session.add(request)
    await session.flush()
    await _notify_approvers(session, settings, request, view, why)
    await webhooks.emit(session, "APPROVAL_REQUESTS_CREATE", lambda: payloads.approval_request(session, request))
    return {
        "order_id": None, "draft_order_id": None, "approval_request_id": request.id, "amount_charged": 0,
        "currency": view.currency,
    }


async def over_limit(
    session: AsyncSession, customer_id: int, grant: viewer.Grant, company: Company, location_id: int,
    view: carts.CartView,
) -> str | None:
    """Why the cart needs approval (which limit it exceeds), or None within the limits."""
    if grant.spending_limit is None and grant.monthly_spending_limit is None:
        return None
    currency = company.currency_code
    if view.currency != currency:
        return f"the cart is priced in {view.currency}, the spending limit in {currency}"
    if grant.spending_limit is not None and view.subtotal > grant.spending_limit:
        return f"over the spending limit of {money.text(grant.spending_limit, currency)} per order"
    if grant.monthly_spending_limit is not None:
        spent = await spent_this_month(session, customer_id, location_id, currency)
        if spent + view.subtotal > grant.monthly_spending_limit:
            return (
                f"over the spending limit of {money.text(grant.monthly_spending_limit, currency)} per month "
                f"({money.text(spent, currency)} spent)"
            )
    return None


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


async def spent_this_month(session: AsyncSession, customer_id: int, location_id: int, currency: str) -> int:
    """What the buyer's orders for the location total this calendar month (cancelled ones not)."""
    stmt = select(func.coalesce(func.sum(Order.total), 0)).where(
        Order.customer_id == customer_id, Order.location_id == location_id, Order.currency == currency,
        Order.cancelled_at.is_(None), Order.created_at >= month_start(clock.now()),
    )
    return int(await session.scalar(stmt))


async def approvers(session: AsyncSession, location_id: int, buyer_id: int) -> list[Customer]:
    """The contacts who may approve at the location (APPROVE_ORDERS), the buyer left out."""
    rows = await session.execute(
        select(Customer, RoleAssignment.role, CompanyRole.permissions)
        .join(CompanyContact, CompanyContact.customer_id == Customer.id)
        .join(RoleAssignment, RoleAssignment.contact_id == CompanyContact.id)
        .outerjoin(CompanyRole, CompanyRole.id == RoleAssignment.company_role_id)
        .where(RoleAssignment.location_id == location_id, Customer.id != buyer_id)
        .order_by(Customer.id)
    )
    return [
        customer for customer, role, custom in rows
        if company_roles.APPROVE_ORDERS in company_roles.permissions_of(role, custom) and customer.status != "DISABLED"
    ]


async def _notify_approvers(
    session: AsyncSession, settings: Settings, request: ApprovalRequest, view: carts.CartView, why: str
) -> None:
    buyer = await session.get(Customer, request.customer_id)
    lines = "\n".join(
        f"{line.line.quantity} x {line.variant.sku} = {money.text(line.total, view.currency)}" for line in view.lines
    )
    values = {
        "buyer": buyer.email, "location": view.location.name, "total": money.text(request.subtotal, request.currency),
        "why": why, "lines": lines, "po_number": view.cart.po_number or "-",
        "expires": f"{request.expires_at:%Y-%m-%d}", "approvals_url": settings.storefront_url.rstrip("/") + APPROVALS_PATH,
    }
    for approver in await approvers(session, request.location_id, request.customer_id):
        await outbox.enqueue(session, settings, approver.email, "approval_requested", values)
