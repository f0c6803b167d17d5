"""Approval requests (gateway/orders/governance.py makes them): an approver of the location approves
one, and the order is placed then, through checkout's own path (checkout.place) on the location's
terms of that moment, with the credit, stock and price checks made now; or declines it with a
reason. A request is decided once: the first approval claims it with one conditional UPDATE, so
two approvers at once place one order (the second waits for the first's row lock and then answers
the same order). A failed placement (CREDIT_LIMIT_EXCEEDED, a line gone) rolls the claim back and
the request stays PENDING. A request past expires_at is EXPIRED and can no longer be approved.

Who sees a request: the buyer that made it, and the contacts who may approve at its location
(APPROVE_ORDERS); anyone else gets NOT_FOUND. A buyer never approves its own request.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.auth import policy, viewer
from gateway.db.models import ApprovalRequest, Cart, CartLine, CompanyLocation, Customer, Order, ShopSettings
from gateway.orders import carts, placing
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.payments import PaymentProvider
from gateway.platform import clock, ids, money, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found
from gateway.platform.settings import Settings

PENDING, APPROVED, DECLINED, EXPIRED = "PENDING", "APPROVED", "DECLINED", "EXPIRED"
STATUSES = (PENDING, APPROVED, DECLINED, EXPIRED)


def status_of(row: ApprovalRequest) -> str:
    """EXPIRED is a PENDING request past its time: no job has to run for it to hold."""
    if row.status == PENDING and row.expires_at <= clock.now():
        return EXPIRED
    return row.status


def _with_status(status: str) -> ColumnElement[bool]:
    now = clock.now()
    if status == PENDING:
        return and_(ApprovalRequest.status == PENDING, ApprovalRequest.expires_at > now)
    if status == EXPIRED:
        return and_(ApprovalRequest.status == PENDING, ApprovalRequest.expires_at <= now)
    return ApprovalRequest.status == status


def to_approve(roles: policy.Roles, customer_id: int, status: str | None = None) -> Select:
    """The requests of the locations where the viewer may approve, others' only."""
    locations = [location for location in roles if policy.may_approve(roles, location)]
    stmt = select(ApprovalRequest).where(
        ApprovalRequest.location_id.in_(locations) if locations else false(), ApprovalRequest.customer_id != customer_id
    )
    return stmt.where(_with_status(status)) if status else stmt


def submitted(customer_id: int, status: str | None = None) -> Select:
    """The requests the viewer made."""
    stmt = select(ApprovalRequest).where(ApprovalRequest.customer_id == customer_id)
    return stmt.where(_with_status(status)) if status else stmt


def listed(status: str | None = None) -> Select:
    """Every request (the Admin API)."""
    stmt = select(ApprovalRequest)
    return stmt.where(_with_status(status)) if status else stmt


def sees(customer_id: int, roles: policy.Roles, row: ApprovalRequest) -> bool:
    return row.customer_id == customer_id or policy.may_approve(roles, row.location_id)


async def find(session: AsyncSession, customer_id: int | None, request_gid: str) -> ApprovalRequest | None:
    """The request if the buyer may see it; else None, as for an unknown id."""
    row = await ids.lookup(session, ApprovalRequest, request_gid) if customer_id is not None else None
    if row is None:
        return None
    return row if sees(customer_id, await viewer.location_roles(session, customer_id), row) else None


async def _decidable(session: AsyncSession, customer_id: int | None, request_gid: str) -> ApprovalRequest:
    """The request if the caller may decide it: an approver of its location (APPROVE_ORDERS), not its buyer."""
    if customer_id is None:
        raise login_required("Log in to decide an approval request.", "id")
    row = await ids.lookup(session, ApprovalRequest, request_gid)
    if row is None or not sees(customer_id, await viewer.location_roles(session, customer_id), row):
        raise not_found("Approval request", "id")
    if row.customer_id == customer_id:  # seen as its buyer; an approver of its own request still may not
        raise DomainError.of("PERMISSION_DENIED", "Another approver of this location decides your request.", "id")
    return row


async def _claim(session: AsyncSession, row: ApprovalRequest, status: str, customer_id: int, reason: str | None) -> bool:
    """Decide the request if it is still PENDING and not expired, in one conditional statement."""
    result = await session.execute(
        update(ApprovalRequest)
        .where(ApprovalRequest.id == row.id, ApprovalRequest.status == PENDING, ApprovalRequest.expires_at > clock.now())
        .values(status=status, decided_by_id=customer_id, decided_at=clock.now(), reason=reason)
    )
    return result.rowcount == 1


async def _reread(session: AsyncSession, row: ApprovalRequest) -> ApprovalRequest:
    stmt = select(ApprovalRequest).where(ApprovalRequest.id == row.id).execution_options(populate_existing=True)
    return (await session.scalars(stmt)).one()


def _not_pending(row: ApprovalRequest) -> DomainError:
    status = status_of(row)
    if status == EXPIRED:
        return DomainError.of("EXPIRED", "This approval request has expired; the buyer can check out again.", "id")
    return DomainError.of("ALREADY_DECIDED", f"This approval request was {status.lower()} already.", "id")


async def approve(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, shop: ShopSettings,
    customer_id: int | None, request_gid: str,
) -> ApprovalRequest:
    """Place the order of the request; an approved request answers itself (one order, however often)."""
    row = await _decidable(session, customer_id, request_gid)
    if not await _claim(session, row, APPROVED, customer_id, None):
        row = await _reread(session, row)
        if row.status == APPROVED:
            return row
        raise _not_pending(row)
    row = await _reread(session, row)
    if row.location_id not in (buyer := await viewer.location_roles(session, row.customer_id)) or not \
            policy.may_place_orders(buyer, row.location_id):
        raise DomainError.of("PERMISSION_DENIED", "The buyer no longer orders for this location; decline it.", "id")
    view = await carts.view(session, shop, await session.get(Cart, row.cart_id))
    method_gid = ids.to_gid("PaymentMethod", row.payment_method_id) if row.payment_method_id else None
    placed = await placing.place_for(
        session, settings, provider, shop, view, method_gid, f"approvalRequestApprove:{row.id}", "id"
    )
    row.order_id, row.draft_order_id = placed["order_id"], placed["draft_order_id"]
    await session.flush()
    order = await session.get(Order, row.order_id) if row.order_id else None
    outcome = f"It is order {order.name}." if order else "It now waits for the shop's approval as a draft order."
    await _tell_buyer(session, settings, row, "approved", outcome)
    await webhooks.emit(session, "APPROVAL_REQUESTS_UPDATE", lambda: payloads.approval_request(session, row))
    return row


async def decline(
    session: AsyncSession, settings: Settings, customer_id: int | None, request_gid: str, reason: str | None
) -> ApprovalRequest:
    problems = Problems()
    reason = validation.text(problems, reason, ("reason",), max_length=2000)
    problems.raise_if_any()
    row = await _decidable(session, customer_id, request_gid)
    if not await _claim(session, row, DECLINED, customer_id, reason):
        raise _not_pending(await _reread(session, row))
    row = await _reread(session, row)
    outcome = f"Reason: {reason}" if reason else "No reason was given."
    await _tell_buyer(session, settings, row, "declined", outcome + " You can check the same lines out again "
                      "from your approval requests (approvalRequestToCart).")
    await webhooks.emit(session, "APPROVAL_REQUESTS_UPDATE", lambda: payloads.approval_request(session, row))
    return row


async def _tell_buyer(session: AsyncSession, settings: Settings, row: ApprovalRequest, decision: str, outcome: str) -> None:
    buyer = await session.get(Customer, row.customer_id)
    approver = await session.get(Customer, row.decided_by_id)
    location = await session.get(CompanyLocation, row.location_id)
    await outbox.enqueue(session, settings, buyer.email, "approval_decided", {
        "approver": approver.email, "decision": decision, "total": money.text(row.subtotal, row.currency),
        "location": location.name, "outcome": outcome,
    })


async def to_cart(session: AsyncSession, shop: ShopSettings, customer_id: int | None, request_gid: str) -> Cart:
    """The buyer's own request as a new cart (to change and check out again, after a decline)."""
    if customer_id is None:
        raise login_required("Log in to use an approval request.", "id")
    row = await ids.lookup(session, ApprovalRequest, request_gid)
    if row is None or row.customer_id != customer_id:
        raise not_found("Approval request", "id")
    cart = await session.get(Cart, row.cart_id)
    lines = (await session.scalars(select(CartLine).where(CartLine.cart_id == cart.id).order_by(CartLine.id))).all()
    if row.location_id not in await viewer.location_roles(session, customer_id):
        raise not_found("Approval request", "id")
    data: dict[str, Any] = {
        "lines": [{"variant_id": ids.to_gid("ProductVariant", line.variant_id), "quantity": line.quantity} for line in lines],
        "po_number": cart.po_number, "note": cart.note,
    }
    try:
        return await carts.create(session, shop, customer_id, row.location_id, data)
    except DomainError as error:  # a line no longer sold: say which, on this mutation's field
        raise DomainError.of(error.problems[0].code, error.problems[0].message, "id") from error

