"""Per-request DataLoaders: one SQL statement per batch, whatever the page size.

Each batch reads in its own short session: DataLoader batches run concurrently and an
AsyncSession must never be shared between tasks.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, func, select
from sqlalchemy.orm import InstrumentedAttribute
from strawberry.dataloader import DataLoader

from gateway.db.engine import Database
from gateway.db.models import Base, Order, OrderLine


class SharedLoader(DataLoader):
    """A DataLoader whose callers cannot cancel each other's load.

    Every caller of a key gets the same future, and graphql-core cancels a field's pending siblings
    when one raises (null propagation: gather_with_cancel). Cancelling a task that awaits a future
    cancels that future, so the fields elsewhere waiting for the same key got a CancelledError (a 500).
    Each caller awaits its own shield instead; the load itself runs to its end.
    """

    def load(self, key: Any) -> asyncio.Future:
        return asyncio.shield(super().load(key))


class Loaders:
    """Creates each loader on first use and keeps it for the request (its cache is per request)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._loaders: dict[Any, DataLoader] = {}

    def _get(self, key: Any, batch) -> DataLoader:  # noqa: ANN001
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = SharedLoader(load_fn=batch)
        return loader

    def custom(self, key: Any, batch) -> DataLoader:  # noqa: ANN001
        """A loader of a feature's own batch function, kept for the request under key."""
        return self._get(("custom", key), batch)

    def by_id(self, model: type[Base]) -> DataLoader:
        """Rows by primary key (None for a missing one)."""

        async def batch(keys: Sequence[int]) -> list[Any]:
            async with self._db.reader() as session:
                rows = (await session.scalars(select(model).where(model.id.in_(keys)))).all()
            found = {row.id: row for row in rows}
            return [found.get(k) for k in keys]

        return self._get(("id", model), batch)

    def by_fk(self, column: InstrumentedAttribute, order_by: InstrumentedAttribute | None = None) -> DataLoader:
        """All rows whose column equals the key, as a list per key."""
        model = column.class_
        order = order_by if order_by is not None else model.id

        async def batch(keys: Sequence[int]) -> list[list[Any]]:
            async with self._db.reader() as session:
                rows = (await session.scalars(select(model).where(column.in_(keys)).order_by(order))).all()
            grouped: dict[int, list[Any]] = defaultdict(list)
            for row in rows:
                grouped[getattr(row, column.key)].append(row)
            return [grouped.get(k, []) for k in keys]

        return self._get(("fk", column), batch)

    def page_by_fk(self, column: InstrumentedAttribute) -> DataLoader:
        """A page of children per parent by id (page_of), the parent being the foreign key column."""
        return self.page_of(column, select(column.class_), column)

    def page_of(self, name: Any, rows: Select, parent: ColumnElement, *, newest_first: bool = False) -> DataLoader:
        """A page of rows per parent, by id (descending when newest_first): keys are (parent, first,
        after id or None), the loader is kept under name.

        rows selects one entity, with any joins and filters but no parent's; parent is what names a
        row's parent (a foreign key, a link table's column, an expression), so a row linked to two
        parents of the batch is in both pages. One statement for the whole batch: a window function
        numbers each parent's rows, so no parent's page costs a query of its own.
        """

        async def batch(keys: Sequence[tuple[Any, int, int | None]]) -> list[tuple[list[Any], bool]]:
            by_args: dict[tuple[int, int | None], list[Any]] = defaultdict(list)
            for key, first, after in keys:
                by_args[(first, after)].append(key)
            results: dict[tuple[Any, int, int | None], tuple[list[Any], bool]] = {}
            async with self._db.reader() as session:
                for (first, after), parents in by_args.items():
                    grouped: dict[Any, list[Any]] = defaultdict(list)
                    stmt = _pages(rows, parent, parents, first, after, newest_first)
                    for row, key in (await session.execute(stmt)).all():
                        grouped[key].append(row)
                    for key in parents:
                        found = grouped.get(key, [])
                        results[(key, first, after)] = (found[:first], len(found) > first)
            return [results[k] for k in keys]

        return self._get(("page", name), batch)

    def linked(self, link: Table, key_column: str, target: type[Base], target_column: str) -> DataLoader:
        """Rows of target linked to each key through an association table (e.g. catalog_locations)."""

        async def batch(keys: Sequence[int]) -> list[list[Any]]:
            key_col, target_col = link.c[key_column], link.c[target_column]
            async with self._db.reader() as session:
                rows = (
                    await session.execute(
                        select(key_col, target).join(target, target.id == target_col).where(key_col.in_(keys))
                        .order_by(target.id)
                    )
                ).all()
            grouped: dict[int, list[Any]] = defaultdict(list)
            for key, row in rows:
                grouped[key].append(row)
            return [grouped.get(k, []) for k in keys]

        return self._get(("link", link.name, key_column), batch)

    def with_order_lines(self, column: InstrumentedAttribute) -> DataLoader:
        """Rows whose column equals the key (a fulfillment's or a return's lines, by id), each with the
        order line it names (order_line_id) and that order's currency: [(row, OrderLine, currency)] per
        key. One statement, so no second round of order line loads that could split into two batches."""
        model = column.class_

        async def batch(keys: Sequence[int]) -> list[list[tuple[Any, OrderLine, str]]]:
            stmt = (
                select(model, OrderLine, Order.currency)
                .join(OrderLine, OrderLine.id == model.order_line_id)
                .join(Order, Order.id == OrderLine.order_id)
                .where(column.in_(keys))
                .order_by(model.id)
            )
            async with self._db.reader() as session:
                rows = (await session.execute(stmt)).all()
            grouped: dict[int, list[tuple[Any, OrderLine, str]]] = defaultdict(list)
            for row, line, currency in rows:
                grouped[getattr(row, column.key)].append((row, line, currency))
            return [grouped.get(k, []) for k in keys]

        return self._get(("with_order_lines", column), batch)


def _pages(
    rows: Select, parent: ColumnElement, parents: list[Any], first: int, after: int | None, newest_first: bool
) -> Select:
    """The first + 1 rows of each parent's page past after (the one more tells there is a next page),
    each beside its parent: the window numbers narrow rows (ids), the page's rows are joined to them."""
    model = rows.column_descriptions[0]["entity"]
    order = model.id.desc() if newest_first else model.id.asc()
    number = func.row_number().over(partition_by=parent, order_by=order).label("n")
    inner = rows.with_only_columns(model.id.label("rid"), parent.label("parent"), number).where(parent.in_(parents))
    if after is not None:
        inner = inner.where(model.id < after if newest_first else model.id > after)
    inner = inner.subquery()
    return (
        select(model, inner.c.parent).join(inner, inner.c.rid == model.id).where(inner.c.n <= first + 1).order_by(order)
    )
