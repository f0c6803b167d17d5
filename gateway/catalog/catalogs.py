"""Catalogs: which products a set of locations and customer groups sees, and the price list that prices them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import (
    Catalog,
    CompanyLocation,
    CustomerGroup,
    PriceList,
    PriceListPrice,
    Product,
    ProductVariant,
    QuantityPriceBreak,
    QuantityRule,
    ShopSettings,
    catalog_customer_groups,
    catalog_locations,
    catalog_products,
)
from gateway.platform import ids, money, validation
from gateway.platform.errors import DomainError, Problems

STATUSES = ("ACTIVE", "DRAFT", "ARCHIVED")
ADJUSTMENTS = ("PERCENTAGE_DECREASE", "PERCENTAGE_INCREASE")
MAX_IDS = 250
CURRENCY_PATH = ("input", "priceList", "currency")
_CAMEL = {"currency_code": "currencyCode", "currency": "currency"}


async def get(session: AsyncSession, gid: str, field: str = "id") -> Catalog:
    return await ids.fetch(session, Catalog, gid, "Catalog", field)


async def _resolve(
    session: AsyncSession, model: type, gids: list[str], problems: Problems, path: tuple[str, ...]
) -> list[int]:
    """Primary keys for gids of model; NOT_FOUND (with the index) for each unknown one."""
    if len(gids) > MAX_IDS:
        problems.add("TOO_LONG", f"At most {MAX_IDS} ids at once.", *path)
        return []
    pks = [ids.pk_of(g, model.__name__) for g in gids]
    known = set((await session.scalars(select(model.id).where(model.id.in_([p for p in pks if p])))).all())
    for i, pk in enumerate(pks):
        if pk not in known:
            problems.add("NOT_FOUND", f"{model.__name__} {gids[i]!r} not found.", *path, str(i))
    return list(dict.fromkeys(p for p in pks if p in known))


def _adjustment(problems: Problems, data: dict[str, Any] | None, path: tuple[str, ...]) -> tuple[str, int] | None:
    if not data:
        return None
    kind = validation.one_of(problems, data.get("type"), ADJUSTMENTS, (*path, "type"))
    value: Decimal | None = data.get("value")
    if value is None or not value.is_finite():
        problems.add("BLANK", "Adjustment value can't be blank.", *path, "value")
        return None
    if value < 0:
        problems.add("LESS_THAN", "Adjustment value must be 0 or more.", *path, "value")
    elif kind == "PERCENTAGE_DECREASE" and value > 100:
        problems.add("GREATER_THAN", "A decrease is at most 100 percent.", *path, "value")
    elif value > 1000:
        problems.add("GREATER_THAN", "An increase is at most 1000 percent.", *path, "value")
    elif value != value.quantize(Decimal("0.01")):
        problems.add("INVALID", "Adjustment value has at most two decimals.", *path, "value")
    return kind, int(value * 100) if not problems else 0


async def _check_currencies(
    session: AsyncSession, catalog_id: int, currency: str | None, problems: Problems, path: tuple[str, ...]
) -> None:
    """Every catalog with a price list on one location prices in one currency; a clash is reported on path."""
    if currency is None:
        return
    rows = await session.execute(
        select(CompanyLocation.name, PriceList.currency_code)
        .select_from(catalog_locations)
        .join(CompanyLocation, CompanyLocation.id == catalog_locations.c.location_id)
        .join(Catalog, Catalog.id == catalog_locations.c.catalog_id)
        .join(PriceList, PriceList.id == Catalog.price_list_id)
        .where(
            catalog_locations.c.location_id.in_(
                select(catalog_locations.c.location_id).where(catalog_locations.c.catalog_id == catalog_id)
            ),
            catalog_locations.c.catalog_id != catalog_id,
            PriceList.currency_code != currency,
        )
    )
    for name, other in rows:
        problems.add(
            "CURRENCY_MISMATCH",
            f"Location {name!r} has a catalog in {other}; all its catalogs must be in one currency.",
            *path,
        )


async def _set_locations(session: AsyncSession, catalog_id: int, add: list[int], remove: list[int]) -> None:
    if remove:
        await session.execute(
            sql_delete(catalog_locations).where(
                catalog_locations.c.catalog_id == catalog_id, catalog_locations.c.location_id.in_(remove)
            )
        )
    existing = set(
        (await session.scalars(
            select(catalog_locations.c.location_id).where(catalog_locations.c.catalog_id == catalog_id)
        )).all()
    )
    new = [pk for pk in add if pk not in existing]
    if new:
        await session.execute(insert(catalog_locations), [{"catalog_id": catalog_id, "location_id": pk} for pk in new])


async def _set_groups(session: AsyncSession, catalog_id: int, add: list[int], remove: list[int]) -> None:
    if remove:
        await session.execute(
            sql_delete(catalog_customer_groups).where(
                catalog_customer_groups.c.catalog_id == catalog_id, catalog_customer_groups.c.group_id.in_(remove)
            )
        )
    existing = set(
        (await session.scalars(
            select(catalog_customer_groups.c.group_id).where(catalog_customer_groups.c.catalog_id == catalog_id)
        )).all()
    )
    new = [pk for pk in add if pk not in existing]
    if new:
        await session.execute(
            insert(catalog_customer_groups), [{"catalog_id": catalog_id, "group_id": pk} for pk in new]
        )


async def _check_group_currency(
    session: AsyncSession, catalog_id: int, currency: str | None, problems: Problems, path: tuple[str, ...]
) -> None:
    """A catalog that serves groups prices in the shop's currency: a direct customer pays in it, and
    the lowest of its groups' prices must compare amounts of one currency."""
    if currency is None:
        return
    shop_currency = await session.scalar(select(ShopSettings.currency_code).where(ShopSettings.id == 1))
    if currency == shop_currency:
        return
    serves = await session.scalar(
        select(catalog_customer_groups.c.group_id).where(catalog_customer_groups.c.catalog_id == catalog_id).limit(1)
    )
    if serves is not None:
        problems.add(
            "CURRENCY_MISMATCH",
            f"A catalog that serves customer groups prices in the shop's currency ({shop_currency}), not {currency}.",
            *path,
        )


async def _set_products(session: AsyncSession, catalog: Catalog, product_ids: list[int] | None) -> None:
    await session.execute(sql_delete(catalog_products).where(catalog_products.c.catalog_id == catalog.id))
    catalog.all_products = product_ids is None
    if product_ids:
        await session.execute(
            insert(catalog_products), [{"catalog_id": catalog.id, "product_id": pk} for pk in product_ids]
        )


async def create(session: AsyncSession, data: dict[str, Any]) -> Catalog:
    problems = Problems()
    catalog = Catalog(
        title=validation.text(problems, data.get("title"), ("input", "title"), required=True),
        status=validation.one_of(problems, data.get("status") or "ACTIVE", STATUSES, ("input", "status")),
    )
    location_ids = await _resolve(
        session, CompanyLocation, data.get("company_location_ids") or [], problems, ("input", "companyLocationIds")
    )
    group_ids = await _resolve(
        session, CustomerGroup, data.get("customer_group_ids") or [], problems, ("input", "customerGroupIds")
    )
    product_ids = None
    if data.get("product_ids") is not None:
        product_ids = await _resolve(session, Product, data["product_ids"], problems, ("input", "productIds"))
    price_list = None
    if data.get("price_list") is not None:
        price_list = _price_list(problems, data["price_list"])
    problems.raise_if_any()
    if price_list is not None:
        session.add(price_list)
        await session.flush()
        catalog.price_list_id = price_list.id
    session.add(catalog)
    await session.flush()
    await _set_products(session, catalog, product_ids)
    await _set_locations(session, catalog.id, location_ids, [])
    await _set_groups(session, catalog.id, group_ids, [])
    currency = price_list.currency_code if price_list else None
    await _check_currencies(session, catalog.id, currency, problems, CURRENCY_PATH)
    await _check_group_currency(session, catalog.id, currency, problems, CURRENCY_PATH)
    problems.raise_if_any()
    return catalog


def _price_list(problems: Problems, data: dict[str, Any]) -> PriceList:
    given = "currency_code" if data.get("currency_code") is not None else "currency"  # currency: the old name
    currency = (data.get(given) or "").upper()
    if not money.is_currency_code(currency):
        problems.add("INVALID", "Currency must be a three-letter ISO 4217 code.", "input", "priceList", _CAMEL[given])
    adjustment = _adjustment(problems, data.get("adjustment"), ("input", "priceList", "adjustment"))
    kind, bp = adjustment or ("PERCENTAGE_DECREASE", 0)
    return PriceList(currency_code=currency, adjustment_type=kind, adjustment_bp=bp)


async def update_catalog(session: AsyncSession, gid: str, data: dict[str, Any]) -> Catalog:
    catalog = await get(session, gid)
    with session.no_autoflush:  # half-validated values must not reach the database
        return await _update_catalog(session, catalog, data)


async def _update_catalog(session: AsyncSession, catalog: Catalog, data: dict[str, Any]) -> Catalog:
    problems = Problems()
    if "title" in data:
        catalog.title = validation.text(problems, data["title"], ("input", "title"), required=True)
    if data.get("status") is not None:
        catalog.status = validation.one_of(problems, data["status"], STATUSES, ("input", "status"))
    product_ids: list[int] | None = None
    if "product_ids" in data:
        if data["product_ids"] is not None:
            product_ids = await _resolve(session, Product, data["product_ids"], problems, ("input", "productIds"))
    if data.get("price_list") is not None:
        price_list = await session.get(PriceList, catalog.price_list_id) if catalog.price_list_id else None
        if price_list is None:
            price_list = _price_list(problems, data["price_list"])
            if not problems:
                session.add(price_list)
                await session.flush()
                catalog.price_list_id = price_list.id
                await _check_currencies(session, catalog.id, price_list.currency_code, problems, CURRENCY_PATH)
                await _check_group_currency(session, catalog.id, price_list.currency_code, problems, CURRENCY_PATH)
        else:
            currency = data["price_list"].get("currency")
            if currency is not None and currency.upper() != price_list.currency_code:
                # Its fixed prices are amounts in that currency: a new currency needs a new catalog.
                problems.add("INVALID", "A price list keeps its currency.", *CURRENCY_PATH)
            adjustment = _adjustment(
                problems, data["price_list"].get("adjustment"), ("input", "priceList", "adjustment")
            )
            if adjustment:
                price_list.adjustment_type, price_list.adjustment_bp = adjustment
    problems.raise_if_any()
    await session.flush()
    if "product_ids" in data:
        await _set_products(session, catalog, product_ids)
    return catalog


async def delete(session: AsyncSession, gid: str) -> int:
    catalog = await get(session, gid)
    if catalog.price_list_id:
        await session.execute(sql_delete(PriceList).where(PriceList.id == catalog.price_list_id))
    await session.delete(catalog)
    return catalog.id


async def update_context(
    session: AsyncSession, gid: str, add: list[str], remove: list[str],
    add_groups: list[str] = (), remove_groups: list[str] = (),  # type: ignore[assignment]
) -> Catalog:
    """Locations and customer groups the catalog starts or stops serving."""
    catalog = await get(session, gid, "catalogId")
    problems = Problems()
    add_ids = await _resolve(session, CompanyLocation, add, problems, ("contextsToAdd", "companyLocationIds"))
    remove_ids = await _resolve(session, CompanyLocation, remove, problems, ("contextsToRemove", "companyLocationIds"))
    add_group_ids = await _resolve(
        session, CustomerGroup, list(add_groups), problems, ("contextsToAdd", "customerGroupIds")
    )
    remove_group_ids = await _resolve(
        session, CustomerGroup, list(remove_groups), problems, ("contextsToRemove", "customerGroupIds")
    )
    problems.raise_if_any()
    await _set_locations(session, catalog.id, add_ids, remove_ids)
    await _set_groups(session, catalog.id, add_group_ids, remove_group_ids)
    if catalog.price_list_id:
        currency = (await session.get(PriceList, catalog.price_list_id)).currency_code
        await _check_currencies(session, catalog.id, currency, problems, ("contextsToAdd", "companyLocationIds"))
        await _check_group_currency(session, catalog.id, currency, problems, ("contextsToAdd", "customerGroupIds"))
    problems.raise_if_any()
    return catalog


async def add_fixed_prices(session: AsyncSession, price_list_gid: str, prices: list[dict[str, Any]]) -> PriceList:
    """Set fixed prices (and, when given, breaks and quantity rules) for variants; replaces old ones."""
    price_list = await ids.fetch(session, PriceList, price_list_gid, "Price list", "priceListId")
    problems = Problems()
    if len(prices) > MAX_IDS:
        raise DomainError.of("TOO_LONG", f"At most {MAX_IDS} prices at once.", "prices")
    await _resolve(session, ProductVariant, [p.get("variant_id") or "" for p in prices], problems, ("prices",))
    # _resolve reports unknown variants at ("prices", i); point them at the variantId field.
    problems.items = [
        p if p.code != "NOT_FOUND" else type(p)(p.code, "Variant not found.", (*p.field, "variantId"))
        for p in problems.items
    ]
    currency = price_list.currency_code
    rows = []
    seen: set[int] = set()
    for i, item in enumerate(prices):
        path = ("prices", str(i))
        pk = ids.pk_of(item.get("variant_id") or "", "ProductVariant")
        if pk is not None and pk in seen:
            problems.add("TAKEN", "This variant has a price earlier in the list.", *path, "variantId")
        seen.add(pk)
        if item.get("price") is None:
            problems.add("BLANK", "Price can't be blank.", *path, "price")
            continue
        price = validation.amount(problems, item["price"], currency, (*path, "price"))
        breaks = _breaks(problems, item.get("quantity_price_breaks"), currency, path)
        rule = _rule(problems, item.get("quantity_rule"), path)
        rows.append((pk, price, breaks, rule, "quantity_price_breaks" in item, "quantity_rule" in item))
    problems.raise_if_any()
    for pk, price, breaks, rule, set_breaks, set_rule in rows:
        await _upsert_price(session, price_list.id, pk, price)
        if set_breaks:
            await session.execute(
                sql_delete(QuantityPriceBreak).where(
                    QuantityPriceBreak.price_list_id == price_list.id, QuantityPriceBreak.variant_id == pk
                )
            )
            for minimum, amount in breaks or []:
                session.add(
                    QuantityPriceBreak(price_list_id=price_list.id, variant_id=pk, minimum_quantity=minimum, price=amount)
                )
        if set_rule:
            await session.execute(
                sql_delete(QuantityRule).where(QuantityRule.price_list_id == price_list.id, QuantityRule.variant_id == pk)
            )
            if rule is not None:
                session.add(QuantityRule(price_list_id=price_list.id, variant_id=pk, **rule))
    await session.flush()
    return price_list


async def _upsert_price(session: AsyncSession, price_list_id: int, variant_id: int, price: int) -> None:
    existing = await session.scalar(
        select(PriceListPrice).where(
            PriceListPrice.price_list_id == price_list_id, PriceListPrice.variant_id == variant_id
        )
    )
    if existing is None:
        session.add(PriceListPrice(price_list_id=price_list_id, variant_id=variant_id, price=price))
    else:
        existing.price = price


def _breaks(
    problems: Problems, breaks: list[dict[str, Any]] | None, currency: str, path: tuple[str, ...]
) -> list[tuple[int, int]] | None:
    if breaks is None:
        return None
    out: list[tuple[int, int]] = []
    seen: set[int] = set()
    for j, item in enumerate(breaks):
        bpath = (*path, "quantityPriceBreaks", str(j))
        minimum = item.get("minimum_quantity")
        if minimum is None or minimum < 2:
            problems.add("LESS_THAN", "A price break starts at a quantity of 2 or more.", *bpath, "minimumQuantity")
        elif validation.quantity(problems, minimum, (*bpath, "minimumQuantity")) is None:
            pass  # a line never holds more: the break could never apply
        elif minimum in seen:
            problems.add("TAKEN", f"Two price breaks start at {minimum}.", *bpath, "minimumQuantity")
        seen.add(minimum)
        if item.get("price") is None:
            problems.add("BLANK", "Price can't be blank.", *bpath, "price")
            continue
        amount = validation.amount(problems, item["price"], currency, (*bpath, "price"))
        if minimum is not None and amount is not None:
            out.append((minimum, amount))
    return out


def _rule(problems: Problems, rule: dict[str, Any] | None, path: tuple[str, ...]) -> dict[str, int | None] | None:
    if rule is None:
        return None
    rpath = (*path, "quantityRule")
    minimum = rule.get("minimum") if rule.get("minimum") is not None else 1
    increment = rule.get("increment") if rule.get("increment") is not None else 1
    maximum = rule.get("maximum")
    before = len(problems.items)
    # Each at most validation.MAX_QUANTITY, what a line may hold.
    validation.quantity(problems, increment, (*rpath, "increment"))
    validation.quantity(problems, minimum, (*rpath, "minimum"))
    if maximum is not None and maximum > validation.MAX_QUANTITY:
        validation.quantity(problems, maximum, (*rpath, "maximum"))
    if len(problems.items) == before:
        if minimum % increment:
            problems.add("INVALID", f"Minimum {minimum} must be a multiple of the increment {increment}.", *rpath, "minimum")
        if maximum is not None:
            if maximum < minimum:
                problems.add("LESS_THAN", f"Maximum must be at least the minimum {minimum}.", *rpath, "maximum")
            elif maximum % increment:
                problems.add(
                    "INVALID", f"Maximum {maximum} must be a multiple of the increment {increment}.", *rpath, "maximum"
                )
    return {"minimum": minimum, "maximum": maximum, "increment": increment}


async def delete_fixed_prices(session: AsyncSession, price_list_gid: str, variant_gids: list[str]) -> PriceList:
    price_list = await ids.fetch(session, PriceList, price_list_gid, "Price list", "priceListId")
    problems = Problems()
    pks = await _resolve(session, ProductVariant, variant_gids, problems, ("variantIds",))
    problems.raise_if_any()
    for model in (PriceListPrice, QuantityPriceBreak, QuantityRule):
        await session.execute(
            sql_delete(model).where(model.price_list_id == price_list.id, model.variant_id.in_(pks))
        )
    return price_list
