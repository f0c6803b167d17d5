"""Delivery methods: a title, a price in the shop's currency, the countries it ships to (none named:
every country) and a subtotal from which it is free. A cart offers the methods that ship to its
shipping address (the shop's country without one) when it is in the shop's currency; the buyer picks
one (cartSelectDeliveryMethod), and checkout asks for one whenever any fits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import DeliveryMethod, ShopSettings
from gateway.platform import addresses, ids, validation
from gateway.platform.errors import Problems

MAX_COUNTRIES = 250


@dataclass(frozen=True)
class Offer:
    """A method as one cart would pay it."""

    method: DeliveryMethod
    price: int  # 0 once the subtotal reaches free_above


def price_for(method: DeliveryMethod, subtotal: int) -> int:
    return 0 if method.free_above is not None and subtotal >= method.free_above else method.price


def fits(method: DeliveryMethod, country: str | None) -> bool:
    return not method.country_codes or country in method.country_codes


async def offers(
    session: AsyncSession, shop: ShopSettings, country: str | None, currency: str, subtotal: int
) -> list[Offer]:
    """The methods that ship to country, cheapest first (one statement; none in another currency)."""
    if currency != shop.currency_code:
        return []
    rows = await session.scalars(select(DeliveryMethod).order_by(DeliveryMethod.price, DeliveryMethod.id))
    return offered(shop, list(rows), country, currency, subtotal)


def offered(
    shop: ShopSettings, methods: list[DeliveryMethod], country: str | None, currency: str, subtotal: int
) -> list[Offer]:
    """Those of methods that ship to country at this subtotal, in the shop's currency only."""
    if currency != shop.currency_code:
        return []
    return [Offer(m, price_for(m, subtotal)) for m in methods if fits(m, country)]


def any_method() -> ColumnElement[bool]:
    """Whether the shop has a delivery method at all, as a column to read with another statement."""
    return exists().where(DeliveryMethod.id.is_not(None))


async def create(session: AsyncSession, shop: ShopSettings, data: dict[str, Any]) -> DeliveryMethod:
    problems = Problems()
    path = ("input",)
    title = validation.text(problems, data.get("title"), (*path, "title"), required=True)
    price = None
    if data.get("price") is None:
        problems.add("BLANK", "Price can't be blank.", *path, "price")
    else:
        price = validation.amount(problems, data["price"], shop.currency_code, (*path, "price"))
    free_above = validation.amount(problems, data.get("free_above"), shop.currency_code, (*path, "freeAbove"))
    countries = _countries(problems, data.get("country_codes") or [], (*path, "countryCodes"))
    problems.raise_if_any()
    method = DeliveryMethod(title=title, price=price, country_codes=countries, free_above=free_above)
    session.add(method)
    await session.flush()
    return method


def _countries(problems: Problems, codes: list[str], path: tuple[str, ...]) -> list[str]:
    if len(codes) > MAX_COUNTRIES:
        problems.add("TOO_LONG", f"At most {MAX_COUNTRIES} countries.", *path)
        return []
    found: list[str] = []
    for i, code in enumerate(codes):
        upper = code.strip().upper() if isinstance(code, str) else ""
        if upper not in addresses.COUNTRY_CODES:
            problems.add("INVALID", f"{code!r} is not a country code (ISO 3166-1 alpha-2, such as DE).", *path, str(i))
        elif upper not in found:
            found.append(upper)
    return found


async def delete(session: AsyncSession, gid: str) -> int:
    method = await ids.fetch(session, DeliveryMethod, gid, "Delivery method", "id")
    await session.delete(method)
    return method.id


async def all_methods(session: AsyncSession) -> list[DeliveryMethod]:
    return list((await session.scalars(select(DeliveryMethod).order_by(DeliveryMethod.id))).all())
