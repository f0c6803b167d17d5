"""The catalog version: one number that changes with every write that can change a Storefront catalog
answer, in the transaction of that write, so each instance's response cache (keyed on it) is right
without the instances talking to each other.

Writes to CATALOG_TABLES through a session are noticed on their own (ORM changes at flush, and
INSERT/UPDATE/DELETE statements run with session.execute); the transaction then bumps the version
once, just before it commits. bump(session) is for a write this cannot see (SQL text, or a statement
run on session.connection()), and for one run with CALLER_BUMPS, whose caller knows better. tests/catalog/test_catalog_version.py fails when a table that catalog
answers read is not listed here, and when an Admin mutation that writes one does not bump.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from gateway.db.models import ShopSettings

# What products, product, shop and the prices in them read (gateway/catalog/pricing.py).
CATALOG_TABLES = frozenset({
    "products", "product_variants", "catalogs", "catalog_locations", "catalog_products", "price_lists",
    "price_list_prices", "quantity_price_breaks", "quantity_rules", "shop_settings",
    # which catalogs serve a customer group: a direct customer's prices, and the groups' own products
    "catalog_customer_groups",
})
# Columns of shop_settings no catalog answer shows: an UPDATE of only these (the customer number
# series, bump() itself) bumps nothing.
UNSHOWN_SHOP_COLUMNS = frozenset({"customer_number_prefix", "customer_number_next", "catalog_version", "updated_at"})
_CHANGED = "catalog_changed"
# A write to a catalog table whose caller bumps only when an answer changes (stock taken or given
# back: the Storefront shows availability, not the quantity; gateway/catalog/stock.py).
CALLER_BUMPS = {"catalog_bump": "caller"}


def bump_statement() -> Any:  # noqa: ANN401
    return update(ShopSettings).where(ShopSettings.id == 1).values(catalog_version=ShopSettings.catalog_version + 1)


async def bump(session: AsyncSession) -> None:
    """Mark the session's transaction as changing catalog data: it bumps the version before it commits."""
    session.sync_session.info[_CHANGED] = True


async def current(session: AsyncSession) -> int:
    return (await session.get(ShopSettings, 1)).catalog_version


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:  # noqa: ANN401
    if any(_table_of(row) in CATALOG_TABLES for row in (*session.new, *session.dirty, *session.deleted)):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: Any) -> None:  # noqa: ANN401
    if (state.is_insert or state.is_update or state.is_delete) and "catalog_bump" not in state.execution_options:
        statement = state.statement
        name = getattr(getattr(statement, "table", None), "name", None)
        if name == "shop_settings" and state.is_update:
            columns = {getattr(c, "key", c) for c in (getattr(statement, "_values", None) or {})}
            if columns <= UNSHOWN_SHOP_COLUMNS:
                return
        if name in CATALOG_TABLES:
            state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    session.flush()  # commit flushes after this hook: what is still pending must be seen first
    if session.info.pop(_CHANGED, False):
        session.execute(bump_statement())


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def _table_of(row: Any) -> str | None:  # noqa: ANN401
    table = getattr(type(row), "__table__", None)
    return getattr(table, "name", None)
