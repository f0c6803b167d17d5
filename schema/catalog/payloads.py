"""Admin mutation payloads of the catalog: the changed object (or deleted id) and userErrors."""

from __future__ import annotations

import strawberry

from schema import errors
from schema.catalog.types import Catalog, PriceList, Product, ProductVariant
from schema.deprecations import renamed
from schema.errors import UserError


@strawberry.type
class InventorySetPayload:
    product_variant: ProductVariant | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class ProductCreatePayload:
    product: Product | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class ProductUpdatePayload:
    product: Product | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class ProductDeletePayload:
    deleted_id: strawberry.ID | None = None
    deleted_product_id: strawberry.ID | None = renamed("deleted_id", "deletedId")
    user_errors: list[UserError] = errors.none()


@strawberry.type
class ProductVariantDeletePayload:
    deleted_id: strawberry.ID | None = None
    deleted_product_variant_id: strawberry.ID | None = renamed("deleted_id", "deletedId")
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CatalogCreatePayload:
    catalog: Catalog | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CatalogUpdatePayload:
    catalog: Catalog | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CatalogDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CatalogContextUpdatePayload:
    catalog: Catalog | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class PriceListFixedPricesAddPayload:
    price_list: PriceList | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class PriceListFixedPricesDeletePayload:
    price_list: PriceList | None = None
    user_errors: list[UserError] = errors.none()
