"""Per-request DataLoaders: one SQL statement per batch, whatever the page size.

Each batch reads in its own short session: DataLoader batches run concurrently and an
AsyncSession must never be shared between tasks.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, func, select
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
        """A page of children per parent, ordered by id: keys are (parent id, first, after id).

        One statement for the whole batch: a window function numbers each parent's rows,
        so no parent's page costs a query of its own.
        """
        model = column.class_

        async def batch(keys: Sequence[tuple[int, int, int]]) -> list[tuple[list[Any], bool]]:
            by_args: dict[tuple[int, int], list[int]] = defaultdict(list)
            for parent, first, after in keys:
                by_args[(first, after)].append(parent)
            results: dict[tuple[int, int, int], tuple[list[Any], bool]] = {}
            async with self._db.reader() as session:
                for (first, after), parents in by_args.items():
                    number = func.row_number().over(partition_by=column, order_by=model.id).label("n")
                    inner = (
                        select(model.id.label("rid"), number)
                        .where(column.in_(parents), model.id > after)
                        .subquery()
                    )
                    stmt = (
                        select(model)
                        .join(inner, inner.c.rid == model.id)
                        .where(inner.c.n <= first + 1)
                        .order_by(model.id)
                    )
                    grouped: dict[int, list[Any]] = defaultdict(list)
                    for row in (await session.scalars(stmt)).all():
                        grouped[getattr(row, column.key)].append(row)
                    for parent in parents:
                        rows = grouped.get(parent, [])
                        results[(parent, first, after)] = (rows[:first], len(rows) > first)
            return [results[k] for k in keys]

        return self._get(("page", column), batch)

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
