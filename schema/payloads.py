"""Admin mutation payloads: the changed object (or deleted id) and userErrors."""

from __future__ import annotations

import strawberry

from schema.catalog import Catalog, PriceList, Product
from schema.common import UserError
from schema.customers.register import Company, CompanyContact, CompanyContactRoleAssignment, CompanyLocation, Customer
from schema.shop import Shop


def _errors() -> list[UserError]:
    return strawberry.field(default_factory=list)


@strawberry.type
class CompanyCreatePayload:
    company: Company | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyUpdatePayload:
    company: Company | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyDeletePayload:
    deleted_company_id: strawberry.ID | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyAssignMainContactPayload:
    company: Company | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyLocationCreatePayload:
    company_location: CompanyLocation | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyLocationUpdatePayload:
    company_location: CompanyLocation | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyLocationDeletePayload:
    deleted_company_location_id: strawberry.ID | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyContactCreatePayload:
    company_contact: CompanyContact | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyContactUpdatePayload:
    company_contact: CompanyContact | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyContactDeletePayload:
    deleted_company_contact_id: strawberry.ID | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyContactAssignRolePayload:
    company_contact_role_assignment: CompanyContactRoleAssignment | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CompanyContactRevokeRolePayload:
    revoked_company_contact_role_assignment_id: strawberry.ID | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CustomerUpdatePayload:
    customer: Customer | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class ProductCreatePayload:
    product: Product | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class ProductUpdatePayload:
    product: Product | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class ProductDeletePayload:
    deleted_product_id: strawberry.ID | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class ProductVariantDeletePayload:
    deleted_product_variant_id: strawberry.ID | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CatalogCreatePayload:
    catalog: Catalog | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CatalogUpdatePayload:
    catalog: Catalog | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CatalogDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class CatalogContextUpdatePayload:
    catalog: Catalog | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class PriceListFixedPricesAddPayload:
    price_list: PriceList | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class PriceListFixedPricesDeletePayload:
    price_list: PriceList | None = None
    user_errors: list[UserError] = _errors()


@strawberry.type
class ShopUpdatePayload:
    shop: Shop | None = None
    user_errors: list[UserError] = _errors()
