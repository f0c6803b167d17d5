"""The shared response cache of Storefront catalog answers (RESPONSE_CACHE=on, the default).

An answer is kept, serialized, under the catalog version (gateway/catalog/version.py), the document,
its operation name and variables, and the viewer's price context: what pricing.Buyer holds (the
catalogs that price the viewer, the currency, what the access mode lets it see) and whether it is
anonymous, a direct customer or buys for a location. Two buyers of different locations priced by the
same catalogs share answers. Any catalog write bumps the version in its own transaction, and every
request reads the version with a statement it makes anyway (the shop's settings), so an answer from
before a write is never served after it commits, on any instance. Old versions' answers age out:
the cache is bounded by the bytes it holds, least recently used first out.
"""

from __future__ import annotations

from typing import Any

import orjson

from gateway.catalog import pricing
from gateway.platform.bounded_cache import BoundedCache

BUDGET_BYTES = 64 * 1024 * 1024
MAX_ANSWER_BYTES = 2 * 1024 * 1024


def price_context(buyer: pricing.Buyer, customer_id: int | None) -> tuple:
    """Everything about the viewer a catalog answer depends on; never the location's or customer's id."""
    kind = "anonymous" if customer_id is None else ("d2c" if buyer.location_id is None else "location")
    catalogs = tuple(sorted(c.catalog_id for c in buyer.catalogs))
    return kind, catalogs, buyer.shop_currency, buyer.sees_products, buyer.sees_prices


def key(version: int, document: str, operation_name: str | None, variables: dict[str, Any] | None,
        context: tuple) -> tuple:
    return version, document, operation_name, orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS), context


class ResponseCache(BoundedCache):
    """Serialized `data` of answers (bytes), at most BUDGET_BYTES in all; one per app instance."""

    def __init__(self, budget: int = BUDGET_BYTES, max_answer: int = MAX_ANSWER_BYTES) -> None:
        super().__init__(max_answer, budget)

    def put(self, key: tuple, value: bytes) -> None:  # type: ignore[override]
        super().put(key, value, len(value) + len(key[1]))
