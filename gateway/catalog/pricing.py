"""What a buyer sees and pays: product visibility and unit prices per company location.

The rules:

- A location's catalogs are the ACTIVE catalogs assigned to it (DRAFT and ARCHIVED ones, and
  catalogs removed from the location, count for nothing). A product is visible to the location
  when it is ACTIVE and any of those catalogs publishes it; a catalog without a product list
  publishes every active product. A location with no catalog sees all active products at base prices.
- Each catalog that publishes a variant's product offers a unit price for a quantity:
    1. the price of its highest quantity price break the quantity reaches (PRICE_BREAK), else
    2. its fixed price for the variant (FIXED), else
    3. the base price adjusted by its price list's percentage, rounded half-up to the minor unit
       (PERCENTAGE; BASE when the catalog has no price list or a zero adjustment). A percentage
       applies only when the price list's currency is the shop's (base prices are in the shop's
       currency): a catalog in another currency prices only the variants it has fixed prices for.
  The lowest offer wins (ties go to the older catalog), as on Shopify, and the quote says which
  catalog and rule priced it so a merchant can audit any price. A variant no catalog can price is
  unpriceable: it shows no price and cannot be bought.
- The quantity rule and the price breaks shown are the winning catalog's; without one the rule
  is minimum 1, increment 1, no maximum.
- A direct (D2C) customer, one not buying for a location, is priced by the ACTIVE catalogs of its
  customer groups the same way (lowest wins, the quote names the catalog); a product none of them
  publishes keeps its base price. Anonymous viewers and customers in no group's catalog get base
  prices. All subject to the shop's access mode: LOGIN_FOR_PRICES hides prices from anonymous
  viewers; B2B_ONLY shows anonymous and D2C viewers no products at all.
- A product that an ACTIVE catalog serving customer groups lists by id is those groups' own
  assortment: only a viewer one of whose catalogs lists it sees it (docs/decisions.md).

Everything here works in batches: one buyer's terms cost one statement, the terms of any number
of variants one more, so a page of 100 products costs what a page of 10 does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    cast,
    exists,
    false,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import (
    Catalog,
    PriceList,
    PriceListPrice,
    Product,
    QuantityPriceBreak,
    QuantityRule,
    ShopSettings,
    catalog_customer_groups,
    catalog_locations,
    catalog_products,
    customer_group_members,
)
from gateway.db.id_lists import any_of
from gateway.platform import money

FIXED, PRICE_BREAK, PERCENTAGE, BASE = "FIXED", "PRICE_BREAK", "PERCENTAGE", "BASE"
RULES = (FIXED, PRICE_BREAK, PERCENTAGE, BASE)
MANUAL = "MANUAL"  # a price the merchant typed on a draft order line (gateway/orders/drafts.py)
QUOTE = "QUOTE"  # a price from a quote the buyer accepted (gateway/quotes/)
SOURCES = (*RULES, MANUAL, QUOTE)  # what an order or draft line records as its price's source


@dataclass(frozen=True)
class Rule:
    minimum: int = 1
    maximum: int | None = None
    increment: int = 1


DEFAULT_RULE = Rule()


@dataclass(frozen=True)
class CatalogTerms:
    """One ACTIVE catalog of the location, with its price list's currency and adjustment."""

    catalog_id: int
    title: str
    all_products: bool
    price_list_id: int | None
    currency: str
    adjustment_bp: int  # signed: negative for a decrease


@dataclass(frozen=True)
class Buyer:
    """Whom prices are for: the location (None for D2C and anonymous) and what the shop lets it see.
    direct: a D2C customer's catalogs are its groups'; what none of them publishes stays at base price."""

    location_id: int | None
    shop_currency: str
    catalogs: tuple[CatalogTerms, ...] = ()
    sees_products: bool = True
    sees_prices: bool = True
    direct: bool = False


@dataclass(frozen=True)
class VariantRef:
    """What pricing needs of a variant row; hashable, so it can key a DataLoader."""

    id: int
    product_id: int
    base_price: int


@dataclass(frozen=True)
class Offer:
    """One catalog's prices for one variant."""

    catalog: CatalogTerms
    fixed: int | None
    breaks: tuple[tuple[int, int], ...]  # (minimum quantity, price), ascending
    rule: Rule


@dataclass(frozen=True)
class Quote:
    amount: int
    currency: str
    catalog_id: int | None  # None: no catalog, the base price
    catalog_title: str | None
    source: str  # FIXED | PRICE_BREAK | PERCENTAGE | BASE
    rule: Rule
    breaks: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class AgreedTerms:
    """A price agreed outside the catalogs (a quote the buyer accepted): the same at any quantity,
    answered where a cart line's VariantTerms would be."""

    price: Quote

    def quote(self, quantity: int = 1) -> Quote:
        return self.price


@dataclass(frozen=True)
class VariantTerms:
    """Everything that prices one variant for one buyer; quote() is then pure arithmetic."""

    variant: VariantRef
    shop_currency: str
    offers: tuple[Offer, ...] | None = None  # None: the buyer has no catalogs (base prices)
    sees_prices: bool = True
    base_when_no_offer: bool = False  # a direct customer's product that none of its catalogs publishes
    # Quotes by quantity: a variant's price, rule, breaks and source fields all ask for the same one.
    _quotes: dict[int, Quote | None] = field(default_factory=dict, repr=False, compare=False)

    def quote(self, quantity: int = 1) -> Quote | None:
        """The lowest unit price at quantity, or None when hidden or no catalog prices the variant."""
        if quantity not in self._quotes:
            self._quotes[quantity] = self._lowest(quantity)
        return self._quotes[quantity]

    def _lowest(self, quantity: int) -> Quote | None:
        if not self.sees_prices:
            return None
        if self.offers is None or (not self.offers and self.base_when_no_offer):
            return Quote(self.variant.base_price, self.shop_currency, None, None, BASE, DEFAULT_RULE, ())
        quotes = [q for q in (self._offer_quote(o, quantity) for o in self.offers) if q is not None]
        return min(quotes, key=lambda q: (q.amount, q.catalog_id), default=None)

    def _offer_quote(self, offer: Offer, quantity: int) -> Quote | None:
        catalog = offer.catalog
        reached = [price for minimum, price in offer.breaks if minimum <= quantity]
        if reached:
            amount, source = reached[-1], PRICE_BREAK
        elif offer.fixed is not None:
            amount, source = offer.fixed, FIXED
        elif catalog.currency == self.shop_currency:
            factor = Decimal(10000 + catalog.adjustment_bp) / Decimal(10000)
            amount = money.round_half_up(Decimal(self.variant.base_price) * factor)
            source = PERCENTAGE if catalog.adjustment_bp else BASE
        else:
            return None
        return Quote(amount, catalog.currency, catalog.catalog_id, catalog.title, source, offer.rule, offer.breaks)


def _memo(session: AsyncSession) -> dict:
    """What this session has read for pricing. A session is one transaction, which does not write
    prices while it prices: a cart change checks its lines and then answers the cart priced, and
    reads each buyer's catalogs and each variant's terms once for both."""
    return session.info.setdefault("pricing", {})


async def buyer_for(session: AsyncSession, shop: ShopSettings, customer_id: int | None, location_id: int | None) -> Buyer:
    """The buyer's terms: its location's ACTIVE catalogs (one statement) and the access mode's limits."""
    if location_id is None:
        b2b_only = shop.access_mode == "B2B_ONLY"
        hides_prices = shop.access_mode == "LOGIN_FOR_PRICES" and customer_id is None
        if customer_id is None or b2b_only:
            return Buyer(None, shop.currency_code, sees_products=not b2b_only, sees_prices=not (b2b_only or hides_prices))
        key = ("direct", customer_id, shop.currency_code)
        if key not in (memo := _memo(session)):
            memo[key] = Buyer(None, shop.currency_code, await _group_catalogs(session, shop, customer_id), direct=True)
        return memo[key]
    key = ("buyer", location_id, shop.currency_code)
    if key not in (memo := _memo(session)):
        memo[key] = await _location_buyer(session, shop, location_id)
    return memo[key]


async def _location_buyer(session: AsyncSession, shop: ShopSettings, location_id: int) -> Buyer:
    serves = (catalog_locations, catalog_locations.c.catalog_id, catalog_locations.c.location_id == location_id)
    return Buyer(location_id, shop.currency_code, await _catalogs(session, shop, *serves))


async def _group_catalogs(session: AsyncSession, shop: ShopSettings, customer_id: int) -> tuple[CatalogTerms, ...]:
    """The ACTIVE catalogs of the customer's groups (one statement; a catalog serving two of them once)."""
    members = select(customer_group_members.c.group_id).where(customer_group_members.c.customer_id == customer_id)
    link = catalog_customer_groups
    catalog_ids = select(link.c.catalog_id).where(link.c.group_id.in_(members)).distinct().subquery()
    return await _catalogs(session, shop, catalog_ids, catalog_ids.c.catalog_id, None)


async def _catalogs(session: AsyncSession, shop: ShopSettings, link, link_catalog, where) -> tuple[CatalogTerms, ...]:  # noqa: ANN001
    """The ACTIVE catalogs joined through link (a location's, or a customer's groups'), with their price lists."""
    stmt = (
        select(Catalog.id, Catalog.title, Catalog.all_products, Catalog.price_list_id, PriceList.currency_code,
               PriceList.adjustment_type, PriceList.adjustment_bp)
        .join(link, link_catalog == Catalog.id)
        .outerjoin(PriceList, PriceList.id == Catalog.price_list_id)
        .where(Catalog.status == "ACTIVE")
        .order_by(Catalog.id)
    )
    rows = await session.execute(stmt if where is None else stmt.where(where))
    return tuple(
        CatalogTerms(
            catalog_id=cid, title=title, all_products=all_products, price_list_id=price_list_id,
            currency=currency or shop.currency_code,
            adjustment_bp=-(bp or 0) if kind != "PERCENTAGE_INCREASE" else bp,
        )
        for cid, title, all_products, price_list_id, currency, kind, bp in rows
    )


def visible_products(buyer: Buyer) -> ColumnElement[bool]:
    """A WHERE clause on Product: the products the buyer may see."""
    if not buyer.sees_products:
        return false()
    active = Product.status == "ACTIVE"
    listed = [c.catalog_id for c in buyer.catalogs if not c.all_products]
    published = exists().where(catalog_products.c.product_id == Product.id, any_of(catalog_products.c.catalog_id, listed))
    if buyer.catalogs and not buyer.direct and not any(c.all_products for c in buyer.catalogs):
        return and_(active, published)  # only what its catalogs list: no group's own assortment among it unlisted
    # Everything active, less the groups' own assortments that none of its catalogs lists.
    for_groups = exists().where(
        catalog_products.c.product_id == Product.id,
        catalog_customer_groups.c.catalog_id == catalog_products.c.catalog_id,
        Catalog.id == catalog_products.c.catalog_id, Catalog.status == "ACTIVE",
    )
    return and_(active, or_(~for_groups, published) if listed else ~for_groups)


async def variant_terms(session: AsyncSession, buyer: Buyer, variants: Iterable[VariantRef]) -> dict[int, VariantTerms]:
    """Terms for many variants of visible products, in one statement whatever their number (none
    for variants this session has priced for the buyer already)."""
    variants = list(variants)
    if not buyer.catalogs:
        return {v.id: VariantTerms(v, buyer.shop_currency, None, buyer.sees_prices) for v in variants}
    known = _memo(session).setdefault(("terms", buyer), {})
    missing = [v for v in variants if v.id not in known]
    if missing:
        known.update(await _catalog_terms(session, buyer, missing))
    return {v.id: known[v.id] for v in variants}


async def _catalog_terms(session: AsyncSession, buyer: Buyer, variants: list[VariantRef]) -> dict[int, VariantTerms]:
    fixed: dict[tuple[int, int], int] = {}
    breaks: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    rules: dict[tuple[int, int], Rule] = {}
    everything = {c.catalog_id for c in buyer.catalogs if c.all_products}
    published: dict[int, set[int]] = defaultdict(lambda: set(everything))
    statement = _terms_statement(buyer, variants)
    for kind, owner, item, a, b, c in (await session.execute(statement)) if statement is not None else ():
        if kind == _FIXED:
            fixed[(owner, item)] = a
        elif kind == _BREAK:
            breaks[(owner, item)].append((a, b))
        elif kind == _RULE:
            rules[(owner, item)] = Rule(a, b, c)
        else:
            published[item].add(owner)
    result = {}
    for v in variants:
        offers = tuple(
            Offer(c, fixed.get((c.price_list_id, v.id)), tuple(sorted(breaks.get((c.price_list_id, v.id), ()))),
                  rules.get((c.price_list_id, v.id), DEFAULT_RULE))
            for c in buyer.catalogs if c.catalog_id in published[v.product_id]
        )
        result[v.id] = VariantTerms(v, buyer.shop_currency, offers, buyer.sees_prices, buyer.direct)
    return result


_FIXED, _BREAK, _RULE, _PUBLISHED = 1, 2, 3, 4


def _terms_statement(buyer: Buyer, variants: list[VariantRef]) -> CompoundSelect | Select | None:
    """Everything that prices the variants for the buyer in one statement, rows of (kind, price list
    or catalog id, variant or product id, a, b, c): fixed prices (price), price breaks (minimum
    quantity, price), quantity rules (minimum, maximum, increment), and which of the buyer's catalogs
    with a product list publish the variants' products. Id lists are single array parameters, so
    the statement's text depends on the buyer's kinds of catalogs, never on the number of variants."""
    price_lists = [c.price_list_id for c in buyer.catalogs if c.price_list_id is not None]
    listed = [c.catalog_id for c in buyer.catalogs if not c.all_products]
    variant_ids = [v.id for v in variants]
    none = cast(null(), BigInteger)
    parts: list[Select] = []
    if price_lists:
        for kind, table, values in (
            (_FIXED, PriceListPrice, (PriceListPrice.price, none, none)),
            (_BREAK, QuantityPriceBreak, (QuantityPriceBreak.minimum_quantity, QuantityPriceBreak.price, none)),
            (_RULE, QuantityRule, (QuantityRule.minimum, QuantityRule.maximum, QuantityRule.increment)),
        ):
            parts.append(
                select(literal_column(str(kind)), table.price_list_id, table.variant_id, *values)
                .where(any_of(table.price_list_id, price_lists), any_of(table.variant_id, variant_ids))
            )
    if listed:
        link = catalog_products.c
        parts.append(
            select(literal_column(str(_PUBLISHED)), link.catalog_id, link.product_id, none, none, none)
            .where(any_of(link.catalog_id, listed), any_of(link.product_id, {v.product_id for v in variants}))
        )
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else union_all(*parts)
