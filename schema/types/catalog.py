"""Products, variants, catalogs and price lists."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry

from gateway import ids
from gateway.db import models as m
from resolvers.connections import in_memory
from schema.common import Connection, Money, Node


@strawberry.enum
class ProductStatus(Enum):
    ACTIVE = "ACTIVE"
    DRAFT = "DRAFT"
    ARCHIVED = "ARCHIVED"


@strawberry.enum
class CatalogStatus(Enum):
    ACTIVE = "ACTIVE"
    DRAFT = "DRAFT"
    ARCHIVED = "ARCHIVED"


@strawberry.enum
class PriceListAdjustmentType(Enum):
    PERCENTAGE_DECREASE = "PERCENTAGE_DECREASE"
    PERCENTAGE_INCREASE = "PERCENTAGE_INCREASE"


@strawberry.type
class QuantityRule:
    minimum: int
    maximum: int | None
    increment: int


@strawberry.type
class QuantityPriceBreak:
    minimum_quantity: int
    price: Money


@strawberry.type
class ProductVariant(Node):
    sku: str
    title: str
    pk: strawberry.Private[int]
    product_id: strawberry.Private[int]
    base_price: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.ProductVariant) -> "ProductVariant":
        return cls(
            id=ids.to_gid("ProductVariant", row.id), pk=row.id, sku=row.sku, title=row.title,
            product_id=row.product_id, base_price=row.price,
        )

    @strawberry.field(description="The base price, in the shop's currency.")
    async def price(self, info: strawberry.Info) -> Money | None:
        return Money.of(self.base_price, (await info.context.shop()).currency_code)

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Annotated["Product", strawberry.lazy("schema.types.catalog")]:
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

    @classmethod
    def from_row(cls, row: m.Product) -> "Product":
        return cls(
            id=ids.to_gid("Product", row.id), pk=row.id, handle=row.handle, title=row.title,
            description=row.description, status=ProductStatus(row.status), created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field
    async def variants(self, info: strawberry.Info) -> list[ProductVariant]:
        rows = await info.context.loaders.by_fk(m.ProductVariant.product_id, m.ProductVariant.position).load(self.pk)
        return [ProductVariant.from_row(r) for r in rows]


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
    currency: str
    adjustment: PriceListAdjustment
    pk: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.PriceList) -> "PriceList":
        return cls(
            id=ids.to_gid("PriceList", row.id), pk=row.id, currency=row.currency_code,
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
                price=Money.of(row.price, self.currency),
                variant_id=row.variant_id,
                quantity_price_breaks=[
                    QuantityPriceBreak(minimum_quantity=b.minimum_quantity, price=Money.of(b.price, self.currency))
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

    @strawberry.field
    async def company_locations(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["CompanyLocation", strawberry.lazy("schema.types.register")]]:
        from schema.types.register import CompanyLocation

        rows = await info.context.loaders.linked(
            m.catalog_locations, "catalog_id", m.CompanyLocation, "location_id"
        ).load(self.pk)
        return in_memory(rows, first, after, CompanyLocation.from_row)

    @strawberry.field(description="The products it publishes; empty when allProducts is true.")
    async def products(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Product]:
        rows = await info.context.loaders.linked(m.catalog_products, "catalog_id", m.Product, "product_id").load(
            self.pk
        )
        return in_memory(rows, first, after, Product.from_row)

