"""Shopping lists: named lists of variants and quantities, shared by every contact with a role at
their location (a repeat order kept ready), ordered into a new cart priced for the location now.

A list answers only to contacts with a role at its location; anyone else gets NOT_FOUND.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.auth import viewer
from gateway.db.models import Cart, Product, ProductVariant, ShoppingList, ShoppingListLine, ShopSettings
from gateway.orders import carts, skus
from gateway.platform import ids, validation
from gateway.platform.errors import DomainError, Problem, Problems, login_required, not_found

MAX_LINES = 250


def visible(roles: dict[int, Any]) -> Select:
    """The lists of the locations the viewer has a role at."""
    return select(ShoppingList).where(ShoppingList.location_id.in_(list(roles)) if roles else false())


async def _own(session: AsyncSession, customer_id: int | None, list_gid: str) -> ShoppingList:
    if customer_id is None:
        raise login_required("Log in to use shopping lists.", "id")
    row = await ids.lookup(session, ShoppingList, list_gid)
    if row is None or row.location_id not in await viewer.location_roles(session, customer_id):
        raise not_found("Shopping list", "id")
    return row


async def create(
    session: AsyncSession, customer_id: int | None, location_id: int | None, data: dict[str, Any]
) -> ShoppingList:
    """A list for the location the viewer buys for, with its first lines."""
    if customer_id is None:
        raise login_required("Log in to make a shopping list.", "input")
    if location_id is None:
        raise DomainError.of("LOCATION_REQUIRED", "Choose the company location you buy for (selectLocation) first.", "input")
    problems = Problems()
    name = validation.text(problems, data.get("name"), ("input", "name"), required=True)
    problems.raise_if_any()
    row = ShoppingList(location_id=location_id, created_by_id=customer_id, name=name)
    session.add(row)
    await session.flush()
    await _add(session, row, data.get("lines") or [], ("input", "lines"))
    return row


async def rename(session: AsyncSession, customer_id: int | None, list_gid: str, name: str | None) -> ShoppingList:
    row = await _own(session, customer_id, list_gid)
    problems = Problems()
    row.name = validation.text(problems, name, ("name",), required=True) or row.name
    problems.raise_if_any()
    await session.flush()
    return row


async def remove(session: AsyncSession, customer_id: int | None, list_gid: str) -> int:
    row = await _own(session, customer_id, list_gid)
    await session.delete(row)
    return row.id


async def add_lines(
    session: AsyncSession, customer_id: int | None, list_gid: str, lines: list[dict[str, Any]]
) -> ShoppingList:
    """Add lines by variant or sku; a variant already listed adds to its line."""
    row = await _own(session, customer_id, list_gid)
    await _add(session, row, lines, ("lines",))
    return row


async def remove_lines(
    session: AsyncSession, customer_id: int | None, list_gid: str, line_ids: list[str]
) -> ShoppingList:
    row = await _own(session, customer_id, list_gid)
    current = set(await session.scalars(select(ShoppingListLine.id).where(ShoppingListLine.list_id == row.id)))
    pks = [ids.pk_of(line_id, "ShoppingListLine") for line_id in line_ids]
    problems = Problems()
    for index, pk in enumerate(pks):
        if pk not in current:
            problems.add("NOT_FOUND", "Line not found in this list.", "lineIds", str(index))
    problems.raise_if_any()
    await session.execute(delete(ShoppingListLine).where(ShoppingListLine.id.in_(pks)))
    return row


async def _add(session: AsyncSession, row: ShoppingList, items: list[dict[str, Any]], path: tuple[str, ...]) -> None:
    problems = Problems()
    if len(items) > MAX_LINES:
        problems.add("TOO_MANY_LINES", f"A list holds at most {MAX_LINES} lines.", *path)
        problems.raise_if_any()
    items = await skus.by_sku(session, items, path)
    pks = [ids.pk_of(item["variant_id"], "ProductVariant") for item in items]
    known = set(await session.scalars(
        select(ProductVariant.id).join(Product, Product.id == ProductVariant.product_id)
        .where(ProductVariant.id.in_([pk for pk in pks if pk is not None]), Product.status == "ACTIVE")
    ))
    current = {
        line.variant_id: line
        for line in await session.scalars(select(ShoppingListLine).where(ShoppingListLine.list_id == row.id))
    }
    added: dict[int, int] = {}
    for index, (item, pk) in enumerate(zip(items, pks)):
        line = (*path, str(index))
        if pk not in known:
            problems.add("NOT_FOUND", "Variant not found.", *line, "variantId")
        elif validation.quantity(problems, item.get("quantity", 1), (*line, "quantity")) is not None:
            total = added.get(pk, current[pk].quantity if pk in current else 0) + item.get("quantity", 1)
            if validation.quantity(problems, total, (*line, "quantity")) is not None:
                added[pk] = total
    if len(current.keys() | added.keys()) > MAX_LINES:
        problems.add("TOO_MANY_LINES", f"A list holds at most {MAX_LINES} lines.", *path)
    problems.raise_if_any()
    for pk, quantity in added.items():
        if pk in current:
            current[pk].quantity = quantity
        else:
            session.add(ShoppingListLine(list_id=row.id, variant_id=pk, quantity=quantity))
    await session.flush()


async def to_cart(session: AsyncSession, shop: ShopSettings, customer_id: int | None, list_gid: str) -> Cart:
    """A new cart for the list's location with its lines, priced for the location now (the list keeps
    no prices). A line no longer sold to the location is named; nothing is made then."""
    row = await _own(session, customer_id, list_gid)
    lines = (await session.execute(
        select(ShoppingListLine, ProductVariant.sku).join(ProductVariant, ProductVariant.id == ShoppingListLine.variant_id)
        .where(ShoppingListLine.list_id == row.id).order_by(ShoppingListLine.id)
    )).all()
    if not lines:
        raise DomainError.of("BLANK", "This list is empty.", "id")
    data = {"lines": [
        {"variant_id": ids.to_gid("ProductVariant", line.variant_id), "quantity": line.quantity} for line, _ in lines
    ]}
    try:
        return await carts.create(session, shop, customer_id, row.location_id, data)
    except DomainError as error:
        raise DomainError(*(_named(problem, [sku for _, sku in lines]) for problem in error.problems)) from None


def _named(problem: Problem, skus_: list[str]) -> Problem:
    field = problem.field or ()
    if len(field) >= 3 and field[:2] == ("input", "lines") and field[2].isdigit():
        return Problem(problem.code, f"{skus_[int(field[2])]}: {problem.message}", ("id",))
    return Problem(problem.code, problem.message, ("id",))
