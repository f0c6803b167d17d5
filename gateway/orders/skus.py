"""Lines by sku (quick order): a line names its variant by id or by sku; skus become variant ids here,
before the lines are checked as any others."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import ProductVariant
from gateway.platform import ids, validation
from gateway.platform.errors import Problems


async def by_sku(session: AsyncSession, items: list[dict[str, Any]], path: tuple[str, ...]) -> list[dict[str, Any]]:
    """items with every sku replaced by its variant's id; INVALID for a line with both or neither,
    NOT_FOUND for an unknown sku (at the line's path); nothing is answered unless all are known."""
    if not any(item.get("sku") is not None or item.get("variant_id") is None for item in items):
        return items
    problems = Problems()
    # Cleaned first: a NUL cannot even be sent to PostgreSQL as a query parameter.
    given = [
        validation.text(problems, item["sku"], (*path, str(index), "sku"), required=True, max_length=64)
        if item.get("sku") is not None else None
        for index, item in enumerate(items)
    ]
    wanted = {sku for sku in given if sku}
    rows = await session.execute(select(ProductVariant.sku, ProductVariant.id).where(ProductVariant.sku.in_(wanted)))
    found = dict(rows.all())
    out = []
    for index, (item, sku) in enumerate(zip(items, given)):
        line = (*path, str(index))
        if (item.get("variant_id") is None) == (item.get("sku") is None):
            problems.add("INVALID", "Give either a variantId or a sku.", *line, "variantId")
        elif item.get("sku") is None:
            out.append(item)
        elif sku and sku not in found:
            problems.add("NOT_FOUND", f"No product has the sku {sku!r}.", *line, "sku")
        elif sku:
            out.append({**item, "variant_id": ids.to_gid("ProductVariant", found[sku])})
    problems.raise_if_any()
    return out
