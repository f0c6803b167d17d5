"""The register views' stats for staff: one GROUP BY per page through per-request loaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gateway.customers import lists
from gateway.db import models as m
from schema.values import Money


def _order_stats(info: Any, owner) -> Any:  # noqa: ANN001
    db = info.context.db

    async def batch(keys: Sequence[int]) -> list[lists.OrderStats]:
        async with db.reader() as session:
            return await lists.order_stats(session, owner, keys)

    return info.context.loaders.custom(("order_stats", owner.key), batch)


async def company_orders(info: Any, company_id: int) -> lists.OrderStats:
    return await _order_stats(info, m.Order.company_id).load(company_id)


async def customer_orders(info: Any, customer_id: int) -> lists.OrderStats:
    return await _order_stats(info, m.Order.customer_id).load(customer_id)


async def company_logins(info: Any, company_id: int) -> lists.LoginStats:
    db = info.context.db

    async def batch(keys: Sequence[int]) -> list[lists.LoginStats]:
        async with db.reader() as session:
            return await lists.company_logins(session, keys)

    return await info.context.loaders.custom("company_logins", batch).load(company_id)


def monies(amounts: list[tuple[int, str]]) -> list[Money]:
    return [Money.of(amount, currency) for amount, currency in amounts]
