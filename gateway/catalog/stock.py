"""Stock per variant: a quantity and a policy.

A variant's stock is not tracked until the merchant sets it (inventorySet, `gateway stock import`):
its quantity is None, it sells without limit and nothing is counted, as every variant did before
stock existed (Shopify's "track quantity" unchecked). Once tracked, DENY (the default) sells only what
is in stock and CONTINUE sells on, the quantity going below 0 (a backorder). A variant is available
for sale while untracked, CONTINUE, or above 0.

Checkout takes an order's quantities in one conditional UPDATE of all its tracked variants, which
changes every row or none: under concurrency each row's lock orders the buyers and PostgreSQL
re-checks the condition on the latest quantity, so the last units are sold once. An order of
untracked variants sends no statement for stock at all. A cancelled order and an approved return
give their quantities back; a draft order takes its stock only once approved.

The Storefront shows availableForSale, never the quantity: taking or giving back stock bumps the
catalog version (emptying every instance's response cache) only when some variant's availability
flips, not on every order.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import case, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.catalog import version
from gateway.db.models import ProductVariant
from gateway.platform import ids, validation
from gateway.platform.errors import DomainError, Problems

DENY, CONTINUE = "DENY", "CONTINUE"
POLICIES = (DENY, CONTINUE)
MAX_STOCK = 1_000_000_000  # the column is 32-bit
MAX_IMPORT_ROWS = 100_000
CHUNK = 1000


def available_for_sale(quantity: int | None, policy: str) -> bool:
    return quantity is None or policy == CONTINUE or quantity > 0


async def set_stock(session: AsyncSession, variant_gid: str, quantity: int, policy: str | None) -> ProductVariant:
    """inventorySet: the quantity on hand (the variant's stock is tracked from now on), and the
    policy when given (else it stays: DENY unless set otherwise)."""
    problems = Problems()
    validation.int_range(problems, quantity, ("quantity",), low=0, high=MAX_STOCK)
    validation.one_of(problems, policy, POLICIES, ("policy",))
    problems.raise_if_any()
    variant = await ids.fetch(session, ProductVariant, variant_gid, "Variant", "variantId")
    variant.inventory_quantity = quantity
    if policy is not None:
        variant.inventory_policy = policy
    await session.flush()
    return variant


async def reserve(session: AsyncSession, wanted: dict[int, int], field: str) -> None:
    """Take wanted ({variant id: quantity}) from stock in one statement, all or nothing; OUT_OF_STOCK
    naming each short variant otherwise (the caller's transaction then rolls back). Untracked
    variants pass unchanged (NULL - n is NULL); so do deleted ones (not in the table)."""
    if not wanted:
        return
    taken = case(wanted, value=ProductVariant.id)
    stmt = (
        update(ProductVariant)
        .where(ProductVariant.id.in_(wanted), or_(
            ProductVariant.inventory_quantity.is_(None), ProductVariant.inventory_policy == CONTINUE,
            ProductVariant.inventory_quantity >= taken,
        ))
        .values(inventory_quantity=ProductVariant.inventory_quantity - taken)
        .returning(ProductVariant.id, ProductVariant.inventory_quantity, ProductVariant.inventory_policy)
        .execution_options(synchronize_session=False, **version.CALLER_BUMPS)
    )
    left = (await session.execute(stmt)).all()
    if any(_flipped(quantity, -wanted[pk], policy) for pk, quantity, policy in left):
        await version.bump(session)
    changed = {pk for pk, _, _ in left}
    if len(changed) == len(wanted):
        return
    rows = await session.execute(
        select(ProductVariant.id, ProductVariant.sku, ProductVariant.inventory_quantity)
        .where(ProductVariant.id.in_(set(wanted) - changed))
    )
    short = [(sku, max(quantity or 0, 0)) for pk, sku, quantity in rows]
    if not short:  # the rest were deleted meanwhile: nothing to take for them
        return
    raise DomainError.of(
        "OUT_OF_STOCK",
        "Not enough in stock: " + ", ".join(f"{sku} ({left} left)" for sku, left in sorted(short)) + ".",
        field,
    )


async def give_back(session: AsyncSession, quantities: dict[int, int]) -> None:
    """Return quantities ({variant id: quantity}) to stock in one statement (cancelled orders,
    approved returns); untracked variants stay untracked (NULL + n is NULL), deleted ones are skipped."""
    quantities = {pk: q for pk, q in quantities.items() if pk is not None and q > 0}
    if not quantities:
        return
    given = case(quantities, value=ProductVariant.id)
    now = await session.execute(
        update(ProductVariant).where(ProductVariant.id.in_(quantities))
        .values(inventory_quantity=ProductVariant.inventory_quantity + given)
        .returning(ProductVariant.id, ProductVariant.inventory_quantity, ProductVariant.inventory_policy)
        .execution_options(synchronize_session=False, **version.CALLER_BUMPS)
    )
    if any(_flipped(quantity, quantities[pk], policy) for pk, quantity, policy in now):
        await version.bump(session)


def _flipped(after: int | None, change: int, policy: str) -> bool:
    """Whether changing a variant's quantity by change, to after, changed its availableForSale
    (an untracked variant, None, stays untracked and available)."""
    return after is not None and available_for_sale(after - change, policy) != available_for_sale(after, policy)


# -- `gateway stock import FILE.csv` --


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class ImportResult:
    updated: int = 0
    errors: list[RowError] | None = None


async def import_csv(session: AsyncSession, text: str) -> ImportResult:
    """Set the stock of variants by sku from CSV with a header row: sku,quantity and an optional
    policy column (DENY or CONTINUE). Every row must be good, or nothing changes."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "sku" not in header or "quantity" not in header:
        return ImportResult(errors=[RowError(1, "the header must name the columns sku and quantity (policy is optional)")])
    reader.fieldnames = header
    rows: dict[str, tuple[int, int, str | None]] = {}  # sku: (line, quantity, policy)
    errors: list[RowError] = []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            errors.append(RowError(number, f"at most {MAX_IMPORT_ROWS:,} rows"))
            break
        sku = (row.get("sku") or "").strip()
        raw = (row.get("quantity") or "").strip()
        policy = (row.get("policy") or "").strip().upper() or None
        if not sku:
            errors.append(RowError(number, "sku is blank"))
        elif sku in rows:
            errors.append(RowError(number, f"sku {sku} is listed twice (line {rows[sku][0]} too)"))
        elif not raw.isdigit() or int(raw) > MAX_STOCK:
            errors.append(RowError(number, f"quantity {raw!r} is not a whole number from 0 to {MAX_STOCK:,}"))
        elif policy is not None and policy not in POLICIES:
            errors.append(RowError(number, f"policy {policy!r} is not DENY or CONTINUE"))
        else:
            rows[sku] = (number, int(raw), policy)
    known: dict[str, int] = {}
    skus = list(rows)
    for start in range(0, len(skus), CHUNK):  # a bounded number of parameters per statement
        chunk = skus[start:start + CHUNK]
        known.update((await session.execute(
            select(ProductVariant.sku, ProductVariant.id).where(ProductVariant.sku.in_(chunk))
        )).all())
    errors += [RowError(line, f"no variant has sku {sku}") for sku, (line, _, _) in rows.items() if sku not in known]
    if errors or not rows:
        return ImportResult(errors=sorted(errors, key=lambda error: error.line))
    # ORM bulk UPDATE by primary key: one executemany per set of columns.
    for with_policy in (False, True):
        params = [
            {"id": known[sku], "inventory_quantity": quantity, **({"inventory_policy": policy} if with_policy else {})}
            for sku, (_, quantity, policy) in rows.items() if (policy is not None) == with_policy
        ]
        if params:
            await session.execute(update(ProductVariant), params)
    return ImportResult(updated=len(rows), errors=[])
