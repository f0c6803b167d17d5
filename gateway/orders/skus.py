"""Lines by sku (quick order): a line names its variant by id or by sku; skus become variant ids here,
before the lines are checked as any others."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import ProductVariant
from gateway.platform import ids
from gateway.platform.errors import Problems


async def by_sku(session: AsyncSession, items: list[dict[str, Any]], path: tuple[str, ...]) -> list[dict[str, Any]]:
    """items with every sku replaced by its variant's id; INVALID for a line with both or neither,
    NOT_FOUND for an unknown sku (at the line's path); nothing is answered unless all are known."""
    if not any(item.get("sku") is not None or item.get("variant_id") is None for item in items):
        return items
    wanted = {item["sku"].strip() for item in items if isinstance(item.get("sku"), str)}
    rows = await session.execute(select(ProductVariant.sku, ProductVariant.id).where(ProductVariant.sku.in_(wanted)))
    found = dict(rows.all())
    problems, out = Problems(), []
    for index, item in enumerate(items):
        line = (*path, str(index))
        sku = item.get("sku")
        if (item.get("variant_id") is None) == (sku is None):
            problems.add("INVALID", "Give either a variantId or a sku.", *line, "variantId")
        elif sku is None:
            out.append(item)
        elif sku.strip() not in found:
            problems.add("NOT_FOUND", f"No product has the sku {sku.strip()[:64]!r}.", *line, "sku")
        else:
            out.append({**item, "variant_id": ids.to_gid("ProductVariant", found[sku.strip()])})
    problems.raise_if_any()
    return out
