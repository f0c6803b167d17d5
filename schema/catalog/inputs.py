"""Admin API inputs of the catalog. Fields left out stay as they are; null clears where that makes sense."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry import UNSET

from schema.catalog.types import CatalogStatus, PriceListAdjustmentType, ProductStatus


@strawberry.input
class ProductVariantInput:
    id: strawberry.ID | None = strawberry.field(default=UNSET, description="Given: update that variant.")
    sku: str | None = UNSET
    title: str | None = UNSET
    price: Decimal | None = UNSET


@strawberry.input
class ProductInput:
    title: str | None = UNSET
    handle: str | None = UNSET
    description: str | None = UNSET
    status: ProductStatus | None = UNSET
    variants: list[ProductVariantInput] | None = UNSET


@strawberry.input
class PriceListAdjustmentInput:
    type: PriceListAdjustmentType
    value: Decimal


@strawberry.input
class PriceListInput:
    currency_code: str | None = UNSET
    currency: str | None = strawberry.field(default=UNSET, deprecation_reason="Use currencyCode.")
    adjustment: PriceListAdjustmentInput | None = UNSET


@strawberry.input
class CatalogCreateInput:
    title: str
    status: CatalogStatus | None = UNSET
    company_location_ids: list[strawberry.ID] | None = UNSET
    customer_group_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="The customer groups it serves, as well as the locations."
    )
    product_ids: list[strawberry.ID] | None = strawberry.field(default=UNSET, description="null: all products.")
    price_list: PriceListInput | None = UNSET


@strawberry.input
class CatalogUpdateInput:
    title: str | None = UNSET
    status: CatalogStatus | None = UNSET
    product_ids: list[strawberry.ID] | None = strawberry.field(default=UNSET, description="null: all products.")
    price_list: PriceListInput | None = UNSET


@strawberry.input
class CatalogContextInput:
    company_location_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    customer_group_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input
class QuantityPriceBreakInput:
    minimum_quantity: int
    price: Decimal


@strawberry.input
class QuantityRuleInput:
    minimum: int | None = UNSET
    maximum: int | None = UNSET
    increment: int | None = UNSET


@strawberry.input
class PriceListPriceInput:
    variant_id: strawberry.ID
    price: Decimal
    quantity_price_breaks: list[QuantityPriceBreakInput] | None = UNSET
    quantity_rule: QuantityRuleInput | None = UNSET
