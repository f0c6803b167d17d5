"""The merchant's register views: search, sort keys and per-page stats of companies and customers.

Stats are computed when read, with one GROUP BY per page (see docs/decisions.md): cancelled
orders count for nothing; total spent is what orders have been paid, per currency; outstanding is
what they still owe. Sorting by a stat joins the same aggregate as a derived table, so keyset
pagination works on it as on a column. Missing values (no order yet, never logged in) sort as the
oldest time or zero on both databases, never as NULL, so the seek comparisons stay simple.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from gateway.db.models import (
    AccountRequest,
    Company,
    CompanyContact,
    CompanyLocation,
    Customer,
    CustomerGroup,
    Order,
    OutboxMessage,
    PaymentSchedule,
    customer_group_members,
)
from gateway.db.models.base import UTCDateTime
from gateway.platform import clock, ids
from gateway.platform.search import like_pattern

COMPANY_SORT_KEYS = (
    "NAME", "CREATED_AT", "UPDATED_AT", "ID", "TOTAL_SPENT", "ORDERS_COUNT", "LAST_ORDER_AT", "LAST_LOGIN_AT",
)
CUSTOMER_SORT_KEYS = ("EMAIL", *COMPANY_SORT_KEYS)

# What a missing time sorts as: before every real one.
NEVER = datetime(1970, 1, 1, tzinfo=timezone.utc)



@dataclass
class OrderStats:
    orders_count: int = 0
    spent: list[tuple[int, str]] = field(default_factory=list)  # (minor units, currency), by currency
    outstanding: list[tuple[int, str]] = field(default_factory=list)  # only currencies that owe something
    last_order_at: datetime | None = None
    overdue: bool = False  # an order past a due date of its schedule and unpaid


@dataclass
class LoginStats:
    last_login_at: datetime | None = None
    account_status: str | None = None  # ACTIVE or INVITED when a contact is; DISABLED when all are


def _matches(like: str, *columns: ColumnElement) -> list[ColumnElement[bool]]:
    return [func.lower(c).like(like, escape="\\") for c in columns]


def _full_name() -> ColumnElement:
    return func.coalesce(Customer.first_name, "") + " " + func.coalesce(Customer.last_name, "")


def search_companies(stmt: Select, query: str | None) -> Select:
    """Companies whose name, external id, customer number or org number, a contact's email or
    name, or a location's external id or name, contains query (case-insensitive)."""
    if not query or not query.strip():
        return stmt
    like = like_pattern(query.strip())
    contact = exists().where(
        CompanyContact.company_id == Company.id, Customer.id == CompanyContact.customer_id,
        or_(*_matches(like, Customer.email, _full_name())),
    )
    location = exists().where(
        CompanyLocation.company_id == Company.id, or_(*_matches(like, CompanyLocation.external_id, CompanyLocation.name)),
    )
    return stmt.where(or_(
        *_matches(like, Company.name, Company.external_id, Company.customer_number, Company.org_number), contact,
        location,
    ))


def search_customers(stmt: Select, query: str | None) -> Select:
    """Customers whose email or name contains query, or who are contacts of a company whose name,
    external id, customer number or org number contains it."""
    if not query or not query.strip():
        return stmt
    like = like_pattern(query.strip())
    company = exists().where(
        CompanyContact.customer_id == Customer.id, Company.id == CompanyContact.company_id,
        or_(*_matches(like, Company.name, Company.external_id, Company.customer_number, Company.org_number)),
    )
    return stmt.where(or_(*_matches(like, Customer.email, Customer.customer_number, _full_name()), company))


def _never(expression: ColumnElement) -> ColumnElement:
    return type_coerce(func.coalesce(expression, literal(NEVER, UTCDateTime())), UTCDateTime())


def _order_aggregate(owner: InstrumentedAttribute, currency: str):  # noqa: ANN202
    """Per owner (company or customer): paid in the shop's currency, orders, last order."""
    live = Order.cancelled_at.is_(None)
    return (
        select(
            owner.label("owner_id"),
            func.sum(case((Order.currency == currency, Order.paid_amount), else_=0)).label("spent"),
            func.count().label("orders"),
            func.max(Order.created_at).label("last_order_at"),
        )
        .where(owner.is_not(None), live)
        .group_by(owner)
        .subquery()
    )


def _last_login_by_company():  # noqa: ANN202
    return (
        select(CompanyContact.company_id.label("owner_id"), func.max(Customer.last_login_at).label("last_login_at"))
        .join(Customer, Customer.id == CompanyContact.customer_id)
        .group_by(CompanyContact.company_id)
        .subquery()
    )


def _stat_keys(stmt: Select, model, owner: InstrumentedAttribute, sort_key: str, currency: str):  # noqa: ANN001, ANN202
    agg = _order_aggregate(owner, currency)
    stmt = stmt.outerjoin(agg, agg.c.owner_id == model.id)
    if sort_key == "TOTAL_SPENT":
        return stmt, [cast(func.coalesce(agg.c.spent, 0), BigInteger)]
    if sort_key == "ORDERS_COUNT":
        return stmt, [cast(func.coalesce(agg.c.orders, 0), BigInteger)]
    return stmt, [_never(agg.c.last_order_at)]


def companies(query: str | None, sort_key: str, currency: str) -> tuple[Select, list[ColumnElement]]:
    """The companies the query matches, with the keyset keys of sort_key (one of COMPANY_SORT_KEYS)."""
    return company_order(search_companies(select(Company), query), sort_key, currency)


def customers(
    query: str | None, sort_key: str, currency: str, group_gid: str | None = None
) -> tuple[Select, list[ColumnElement]]:
    """The customers the query matches (and members of the group, when given; an unknown or
    malformed group id matches nothing), with the keyset keys of sort_key (one of CUSTOMER_SORT_KEYS)."""
    stmt = search_customers(select(Customer), query)
    if group_gid is not None:
        group_id = ids.pk_of(group_gid, "CustomerGroup")
        stmt = stmt.where(exists().where(
            customer_group_members.c.customer_id == Customer.id, customer_group_members.c.group_id == group_id,
        ) if group_id is not None else false())
    return customer_order(stmt, sort_key, currency)


def company_order(stmt: Select, sort_key: str, currency: str) -> tuple[Select, list[ColumnElement]]:
    """stmt joined with what sort_key needs, and the keyset keys (the id last, so they are unique).

    TOTAL_SPENT compares what was paid in the shop's currency (currency)."""
    if sort_key in ("TOTAL_SPENT", "ORDERS_COUNT", "LAST_ORDER_AT"):
        stmt, keys = _stat_keys(stmt, Company, Order.company_id, sort_key, currency)
    elif sort_key == "LAST_LOGIN_AT":
        logins = _last_login_by_company()
        stmt = stmt.outerjoin(logins, logins.c.owner_id == Company.id)
        keys = [_never(logins.c.last_login_at)]
    elif sort_key == "ID":
        keys = []
    else:
        keys = [getattr(Company, sort_key.lower())]
    return stmt, [*keys, Company.id]


def customer_order(stmt: Select, sort_key: str, currency: str) -> tuple[Select, list[ColumnElement]]:
    """As company_order for customers: NAME is last name, then first name, case-insensitive."""
    if sort_key in ("TOTAL_SPENT", "ORDERS_COUNT", "LAST_ORDER_AT"):
        stmt, keys = _stat_keys(stmt, Customer, Order.customer_id, sort_key, currency)
    elif sort_key == "LAST_LOGIN_AT":
        keys = [_never(Customer.last_login_at)]
    elif sort_key == "NAME":
        keys = [func.lower(func.coalesce(Customer.last_name, "")), func.lower(func.coalesce(Customer.first_name, ""))]
    elif sort_key == "ID":
        keys = []
    else:
        keys = [getattr(Customer, sort_key.lower())]
    return stmt, [*keys, Customer.id]


def _overdue() -> ColumnElement[bool]:
    """As gateway/orders/orders.py is_overdue (cancelled orders are left out by the caller)."""
    return exists().where(
        PaymentSchedule.order_id == Order.id, PaymentSchedule.completed_at.is_(None),
        PaymentSchedule.due_at < clock.now(),
    )


async def order_stats(session: AsyncSession, owner: InstrumentedAttribute, keys: Sequence[int]) -> list[OrderStats]:
    """OrderStats per key (a company or customer id) in one statement; owner is Order.company_id or
    Order.customer_id."""
    stmt = (
        select(
            owner, Order.currency, func.count(), func.sum(Order.paid_amount),
            func.sum(Order.total - Order.paid_amount), func.max(Order.created_at),
            func.max(case((_overdue(), 1), else_=0)),
        )
        .where(owner.in_(keys), Order.cancelled_at.is_(None))
        .group_by(owner, Order.currency)
        .order_by(owner, Order.currency)
    )
    found: dict[int, OrderStats] = defaultdict(OrderStats)
    for key, currency, count, paid, owed, last, overdue in await session.execute(stmt):
        stats = found[key]
        stats.overdue = stats.overdue or bool(overdue)
        stats.orders_count += count
        stats.spent.append((int(paid or 0), currency))
        if owed:
            stats.outstanding.append((int(owed), currency))
        stats.last_order_at = max(filter(None, (stats.last_order_at, last)), default=None)
    return [found.get(k) or OrderStats() for k in keys]


async def company_logins(session: AsyncSession, keys: Sequence[int]) -> list[LoginStats]:
    """The last login of any contact of each company, and its best account status, in one statement."""
    def count(status: str) -> ColumnElement:
        return func.sum(case((Customer.status == status, 1), else_=0))

    stmt = (
        select(
            CompanyContact.company_id, func.max(Customer.last_login_at), count("ACTIVE"), count("INVITED"),
            count("DISABLED"), func.count(),
        )
        .join(Customer, Customer.id == CompanyContact.customer_id)
        .where(CompanyContact.company_id.in_(keys))
        .group_by(CompanyContact.company_id)
    )
    found: dict[int, LoginStats] = {}
    for key, last, active, invited, disabled, contacts in await session.execute(stmt):
        status = "ACTIVE" if active else "INVITED" if invited else "DISABLED" if disabled == contacts else None
        found[key] = LoginStats(last_login_at=last, account_status=status)
    return [found.get(k) or LoginStats() for k in keys]


def account_requests(status: str | None = None) -> Select:
    """The account requests (the Admin API's queue, oldest first by id), optionally of one status."""
    stmt = select(AccountRequest)
    return stmt if status is None else stmt.where(AccountRequest.status == status)


def customer_groups(query: str | None) -> Select:
    """The customer groups whose name contains query (the Admin API's list, by id)."""
    stmt = select(CustomerGroup)
    if query and query.strip():
        stmt = stmt.where(func.lower(CustomerGroup.name).like(like_pattern(query.strip()), escape="\\"))
    return stmt


def group_members() -> tuple[Select, ColumnElement]:
    """The customers in groups (each group's paged by id), and the column naming a member's group."""
    members = customer_group_members
    return select(Customer).join(members, members.c.customer_id == Customer.id), members.c.group_id


def customer_emails() -> tuple[Select, ColumnElement]:
    """The emails written to customers (a customer's record: its log of emails), and what names the
    customer of one: its recipient lowercased, to match the customer's email lowercased."""
    return select(OutboxMessage).where(OutboxMessage.kind == "email"), func.lower(OutboxMessage.recipient)
