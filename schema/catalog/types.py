"""Products, variants, catalogs and price lists."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Callable

import strawberry

from gateway.auth import policy
from gateway.catalog import catalogs, lists, pricing, products
from gateway.db import models as m
from gateway.platform import ids
from gateway.platform.errors import DomainError
from schema.build import STAFF_ONLY, plain
from schema.catalog import pricing as price_loaders
from schema.deprecations import renamed
from schema.enums import from_domain
from schema.errors import ClientError
from schema.relay import Connection, Node, in_memory
from schema.values import Money

ProductSortKey = from_domain("ProductSortKey", lists.PRODUCT_SORT_KEYS)
StorefrontProductSortKey = from_domain("StorefrontProductSortKey", lists.STOREFRONT_PRODUCT_SORT_KEYS, described={
    "PRICE": "The lowest base price of the product's variants (base, not the viewer's catalog price, so pages "
             "stay stable and indexable).",
})
CatalogSortKey = from_domain("CatalogSortKey", lists.CATALOG_SORT_KEYS)


ProductStatus = from_domain("ProductStatus", products.STATUSES)


CatalogStatus = from_domain("CatalogStatus", catalogs.STATUSES)


PriceListAdjustmentType = from_domain("PriceListAdjustmentType", catalogs.ADJUSTMENTS)


@strawberry.type
class QuantityRule:
    minimum: int
    maximum: int | None
    increment: int


@strawberry.type
class QuantityPriceBreak:
    minimum_quantity: int
    price: Money


PriceRule = from_domain("PriceRule", pricing.SOURCES, described={
    "MANUAL": "On draft order lines only: a price the merchant set by hand (draftOrderUpdate).",
    "QUOTE": "On order lines only: the price of a quote the buyer accepted (quoteAccept).",
})


@strawberry.type(description="Which catalog and rule gave a price, so any price can be audited.")
class PriceSource:
    catalog_id: strawberry.ID | None = strawberry.field(description="Null for a base or manual price; on line items.")
    catalog_title: str | None
    rule: PriceRule

    @classmethod
    def of(cls, quote: pricing.Quote) -> "PriceSource":
        catalog_id = ids.to_gid("Catalog", quote.catalog_id) if quote.catalog_id is not None else None
        return cls(catalog_id=catalog_id, catalog_title=quote.catalog_title, rule=PriceRule(quote.source))


def _price(quote: pricing.Quote | None) -> Money | None:
    return Money.of(quote.amount, quote.currency) if quote else None


def _breaks(quote: pricing.Quote | None) -> list[QuantityPriceBreak]:
    return [
        QuantityPriceBreak(minimum_quantity=minimum, price=Money.of(price, quote.currency))
        for minimum, price in (quote.breaks if quote else ())
    ]


def _rule(quote: pricing.Quote | None) -> QuantityRule:
    rule = quote.rule if quote else pricing.DEFAULT_RULE
    return QuantityRule(minimum=rule.minimum, maximum=rule.maximum, increment=rule.increment)


def _source(quote: pricing.Quote | None) -> PriceSource | None:
    return PriceSource.of(quote) if quote else None


@strawberry.type
class ProductVariant(Node):
    """On the Storefront API prices are the viewer's (gateway/catalog/pricing.py); on the Admin API, base prices."""

    sku: str
    title: str
    pk: strawberry.Private[int]
    product_id: strawberry.Private[int]
    base_price: strawberry.Private[int]

    terms: strawberry.Private[pricing.VariantTerms | None] = None  # attached when known, else loaded

    @classmethod
    def from_row(cls, row: m.ProductVariant) -> "ProductVariant":
        return cls(
            id=ids.to_gid("ProductVariant", row.id), pk=row.id, sku=row.sku, title=row.title,
            product_id=row.product_id, base_price=row.price,
        )

    @classmethod
    def priced(cls, row: m.ProductVariant, terms: pricing.VariantTerms) -> "ProductVariant":
        """A variant with its price terms attached, so its price fields resolve without an await
        each (a page of 50 products has hundreds of such fields)."""
        variant = cls.from_row(row)
        variant.terms = terms
        return variant

    @property
    def ref(self) -> pricing.VariantRef:
        return pricing.VariantRef(self.pk, self.product_id, self.base_price)

    def _quoted(self, info: Any, quantity: int, answer: Callable[[pricing.Quote | None], Any]) -> Any:  # noqa: ANN401
        """answer(the unit price at quantity) at once when the terms are attached, else an awaitable
        that loads them (graphql-core awaits what a resolver returns)."""
        if quantity < 1:
            raise ClientError(DomainError.of("INVALID", "Quantity must be at least 1."))
        if self.terms is not None:
            return answer(self.terms.quote(quantity))

        async def load() -> Any:
            self.terms = await price_loaders.terms(info, self.ref)
            return answer(self.terms.quote(quantity))

        return load()

    # Each price field resolves straight from graphql-core (PLAIN: see schema/build.py), without
    # strawberry's per-call argument conversion and Info: a page of 50 products has 600 of them.
    @strawberry.field(
        description="Unit price at quantity. Storefront: the lowest of the viewer's catalogs (base price for D2C), "
        "null when the shop hides prices from the viewer or no catalog prices the variant. Admin: the base price.",
        metadata=plain(lambda variant, info, quantity=1: variant._quoted(info, quantity, _price)),
    )
    def price(self, info: strawberry.Info, quantity: int = 1) -> Money | None:
        return self._quoted(info, quantity, _price)

    @strawberry.field(
        description="The price breaks of the catalog that gives the unit price.",
        metadata=plain(lambda variant, info: variant._quoted(info, 1, _breaks)),
    )
    def price_breaks(self, info: strawberry.Info) -> list[QuantityPriceBreak]:
        return self._quoted(info, 1, _breaks)

    @strawberry.field(
        description="The quantity rule of the catalog that gives the unit price.",
        metadata=plain(lambda variant, info: variant._quoted(info, 1, _rule)),
    )
    def quantity_rule(self, info: strawberry.Info) -> QuantityRule:
        return self._quoted(info, 1, _rule)

    @strawberry.field(
        description="Which catalog and rule give the unit price at quantity (null: no price).",
        metadata=plain(lambda variant, info, quantity=1: variant._quoted(info, quantity, _source)),
    )
    def price_source(self, info: strawberry.Info, quantity: int = 1) -> PriceSource | None:
        return self._quoted(info, quantity, _source)

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Annotated["Product", strawberry.lazy("schema.catalog.types")]:
        return Product.from_row(await info.context.loaders.by_id(m.Product).load(self.product_id))


@strawberry.type
class Product(Node):
    handle: str
    title: str
    description: str
    status: ProductStatus
    created_at: datetime
    updated_at: datetime
    pk: strawberry.Private[int]
    priced_variants: strawberry.Private[list[ProductVariant] | None] = None  # attached by a page, else loaded

    @classmethod
    def from_row(cls, row: m.Product) -> "Product":
        return cls(
            id=ids.to_gid("Product", row.id), pk=row.id, handle=row.handle, title=row.title,
            description=row.description, status=ProductStatus(row.status), created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def with_variants(cls, info: strawberry.Info, products: list["Product"]) -> None:
        """Attach the products' priced variants in one batch, so that variants resolves without an
        await per product and the page executes synchronously below its root field."""
        loaded = await price_loaders.products_variants(info, [p.pk for p in products])
        for product, pairs in zip(products, loaded, strict=True):
            product.priced_variants = [ProductVariant.priced(row, terms) for row, terms in pairs]

    @strawberry.field(metadata=plain(lambda product, info: product._variants(info)))
    def variants(self, info: strawberry.Info) -> list[ProductVariant]:
        return self._variants(info)

    def _variants(self, info: Any) -> Any:  # noqa: ANN401
        if self.priced_variants is not None:
            return self.priced_variants

        async def load() -> list[ProductVariant]:  # graphql-core awaits what a resolver returns
            return [ProductVariant.priced(row, terms) for row, terms in await price_loaders.product_variants(info, self.pk)]

        return load()


@strawberry.type
class PriceListAdjustment:
    type: PriceListAdjustmentType
    value: Decimal


@strawberry.type
class PriceListPrice:
    price: Money
    variant_id: strawberry.Private[int]
    quantity_price_breaks: list[QuantityPriceBreak]
    quantity_rule: QuantityRule | None

    @strawberry.field
    async def variant(self, info: strawberry.Info) -> ProductVariant:
        return ProductVariant.from_row(await info.context.loaders.by_id(m.ProductVariant).load(self.variant_id))


@strawberry.type
class PriceList(Node):
    currency_code: str
    currency: str = renamed("currency_code", "currencyCode")
    adjustment: PriceListAdjustment
    pk: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.PriceList) -> "PriceList":
        return cls(
            id=ids.to_gid("PriceList", row.id), pk=row.id, currency_code=row.currency_code,
            adjustment=PriceListAdjustment(
                type=PriceListAdjustmentType(row.adjustment_type), value=Decimal(row.adjustment_bp) / 100
            ),
        )

    @strawberry.field(description="Fixed prices with their quantity price breaks and rules, by variant.")
    async def prices(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[PriceListPrice]:
        loaders = info.context.loaders
        rows = await loaders.by_fk(m.PriceListPrice.price_list_id).load(self.pk)
        breaks = await loaders.by_fk(m.QuantityPriceBreak.price_list_id, m.QuantityPriceBreak.minimum_quantity).load(
            self.pk
        )
        rules = {r.variant_id: r for r in await loaders.by_fk(m.QuantityRule.price_list_id).load(self.pk)}

        def convert(row: Any) -> PriceListPrice:
            rule = rules.get(row.variant_id)
            return PriceListPrice(
                price=Money.of(row.price, self.currency_code),
                variant_id=row.variant_id,
                quantity_price_breaks=[
                    QuantityPriceBreak(minimum_quantity=b.minimum_quantity, price=Money.of(b.price, self.currency_code))
                    for b in breaks if b.variant_id == row.variant_id
                ],
                quantity_rule=QuantityRule(minimum=rule.minimum, maximum=rule.maximum, increment=rule.increment)
                if rule else None,
            )

        return in_memory(rows, first, after, convert)


@strawberry.type
class Catalog(Node):
    title: str
    status: CatalogStatus
    all_products: bool = strawberry.field(description="True: publishes every active product.")
    created_at: datetime
    pk: strawberry.Private[int]
    price_list_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.Catalog) -> "Catalog":
        return cls(
            id=ids.to_gid("Catalog", row.id), pk=row.id, title=row.title, status=CatalogStatus(row.status),
            all_products=row.all_products, created_at=row.created_at, price_list_id=row.price_list_id,
        )

    @strawberry.field
    async def price_list(self, info: strawberry.Info) -> PriceList | None:
        if self.price_list_id is None:
            return None
        return PriceList.from_row(await info.context.loaders.by_id(m.PriceList).load(self.price_list_id))

    @strawberry.field(description="Storefront: only the locations the viewer has a role on.")
    async def company_locations(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["CompanyLocation", strawberry.lazy("schema.customers.register")]]:
        from schema.customers.register import CompanyLocation

        rows = await info.context.loaders.linked(
            m.catalog_locations, "catalog_id", m.CompanyLocation, "location_id"
        ).load(self.pk)
        caller, roles = info.context.caller, await info.context.viewer_roles()
        rows = [row for row in rows if policy.sees_location(caller, roles, row.id)]
        return in_memory(rows, first, after, CompanyLocation.from_row)

    @strawberry.field(description="Staff only: the customer groups it serves.", metadata=STAFF_ONLY)
    async def customer_groups(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["CustomerGroup", strawberry.lazy("schema.customers.groups")]]:
        from schema.customers.groups import CustomerGroup

        rows = await info.context.loaders.linked(
            m.catalog_customer_groups, "catalog_id", m.CustomerGroup, "group_id"
        ).load(self.pk)
        return in_memory(rows, first, after, CustomerGroup.from_row)

    @strawberry.field(description="The products it publishes; empty when allProducts is true.")
    async def products(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Product]:
        rows = await info.context.loaders.linked(m.catalog_products, "catalog_id", m.Product, "product_id").load(
            self.pk
        )
        return in_memory(rows, first, after, Product.from_row)

