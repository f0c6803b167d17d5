"""What the lists of orders, draft orders and returns hold: the staff's filters and search, the
buyer's visible ones (gateway/auth/policy.py), each newest first. Each function answers a SELECT;
the edge pages it by keyset with newest_first's keys (gateway/platform/pagination.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select

from gateway.auth import policy
from gateway.db.models import DraftOrder, Order, OrderLine, Return
from gateway.orders.orders import is_overdue
from gateway.platform import ids, validation
from gateway.platform.search import like_pattern


def newest_first(model: type[Any]) -> list[Any]:
    """Keyset keys of a list newest first (paged with reverse=True): creation time, then id."""
    return [model.created_at, model.id]


def orders(
    query: str | None = None, financial_status: str | None = None, company_gid: str | None = None,
    location_gid: str | None = None, overdue: bool | None = None, *, created_at_min: datetime | None = None,
    created_at_max: datetime | None = None,
) -> Select:
    """All orders (the Admin API's list). A company or location id of the wrong type or unknown
    matches nothing."""
    stmt = _filtered(select(Order), query, financial_status, location_gid)
    if created_at_min is not None:
        stmt = stmt.where(Order.created_at >= validation.utc(created_at_min))
    if created_at_max is not None:
        stmt = stmt.where(Order.created_at <= validation.utc(created_at_max))
    if company_gid is not None:
        stmt = stmt.where(_is(Order.company_id, company_gid, "Company"))
    if overdue is not None:
        stmt = stmt.where(is_overdue() if overdue else ~is_overdue())
    return stmt


def viewer_orders(
    customer_id: int, roles: policy.Roles, *, created_at_min: datetime | None = None,
    created_at_max: datetime | None = None, financial_status: str | None = None, location_gid: str | None = None,
    query: str | None = None,
) -> Select:
    """The orders the buyer may see (those it placed, and all of the locations where it may VIEW_ALL_ORDERS)."""
    stmt = select(Order).where(policy.visible_orders(customer_id, roles))
    if created_at_min is not None:
        stmt = stmt.where(Order.created_at >= validation.utc(created_at_min))
    if created_at_max is not None:
        stmt = stmt.where(Order.created_at <= validation.utc(created_at_max))
    return _filtered(stmt, query, financial_status, location_gid)


def customer_orders(
    *, created_at_min: datetime | None = None, created_at_max: datetime | None = None,
    financial_status: str | None = None, location_gid: str | None = None, query: str | None = None,
) -> Select:
    """The orders the filter keeps (the Admin API's Customer.orders with a filter: each customer's
    page is cut from them by Order.customer_id)."""
    stmt = select(Order)
    if created_at_min is not None:
        stmt = stmt.where(Order.created_at >= validation.utc(created_at_min))
    if created_at_max is not None:
        stmt = stmt.where(Order.created_at <= validation.utc(created_at_max))
    return _filtered(stmt, query, financial_status, location_gid)


def draft_orders(status: str | None = None) -> Select:
    """All draft orders, optionally of one status."""
    stmt = select(DraftOrder)
    return stmt if status is None else stmt.where(DraftOrder.status == status)


def viewer_draft_orders(customer_id: int) -> Select:
    """The draft orders the buyer submitted."""
    return select(DraftOrder).where(DraftOrder.customer_id == customer_id)


def viewer_returns(customer_id: int, roles: policy.Roles) -> Select:
    """The returns of the orders the buyer may see (its own, and its LOCATION_ADMIN locations')."""
    return select(Return).join(Order, Order.id == Return.order_id).where(policy.visible_orders(customer_id, roles))


def returns(status: str | None = None) -> Select:
    """All returns, optionally of one status."""
    stmt = select(Return)
    return stmt if status is None else stmt.where(Return.status == status)


def _filtered(stmt: Select, query: str | None, financial_status: str | None, location_gid: str | None) -> Select:
    """Orders whose name, PO number or a line's sku contains query, of one financial status and one
    location; a location id of the wrong type or unknown matches nothing."""
    if query and query.strip():
        like = like_pattern(query.strip())
        sku = select(OrderLine.id).where(OrderLine.order_id == Order.id, func.lower(OrderLine.sku).like(like, escape="\\"))
        names = (func.lower(c).like(like, escape="\\") for c in (Order.name, Order.po_number))
        stmt = stmt.where(or_(*names, sku.exists()))
    if financial_status is not None:
        stmt = stmt.where(Order.financial_status == financial_status)
    if location_gid is not None:
        stmt = stmt.where(_is(Order.location_id, location_gid, "CompanyLocation"))
    return stmt


def _is(column: Any, gid: str, type_name: str) -> ColumnElement[bool]:
    """column equals the pk of gid; false for an id of the wrong type or a malformed one."""
    pk = ids.pk_of(gid, type_name)
    return column == pk if pk is not None else false()
