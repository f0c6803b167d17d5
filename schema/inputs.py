"""Admin API inputs. Fields left out stay as they are; null clears where that makes sense."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum

import strawberry
from strawberry import UNSET

from schema.catalog import CatalogStatus, PriceListAdjustmentType, ProductStatus
from schema.common import AddressInput
from schema.customers.register import RiskRating
from schema.shop import ShopAccessMode


@strawberry.enum
class CustomerStatusInput(Enum):
    ACTIVE = "ACTIVE"
    DISABLED = "DISABLED"


@strawberry.input
class DepositInput:
    percentage: int


@strawberry.input
class BuyerExperienceConfigurationInput:
    payment_terms_template_id: strawberry.ID | None = UNSET
    payment_terms_due_at: datetime | None = strawberry.field(
        default=UNSET, description="The due date of FIXED terms."
    )
    checkout_to_draft: bool | None = UNSET
    deposit: DepositInput | None = UNSET
    editable_shipping_address: bool | None = UNSET


@strawberry.input
class CompanyInput:
    name: str | None = UNSET
    external_id: str | None = UNSET
    customer_number: str | None = strawberry.field(
        default=UNSET, description="Left out on create: the next number of the shop's series."
    )
    org_number: str | None = UNSET
    website: str | None = UNSET
    note: str | None = UNSET
    credit_limit: Decimal | None = UNSET
    max_payment_days: int | None = UNSET
    risk_rating: RiskRating | None = UNSET


@strawberry.input
class CompanyLocationInput:
    name: str | None = UNSET
    external_id: str | None = UNSET
    billing_address: AddressInput | None = UNSET
    shipping_address: AddressInput | None = UNSET
    billing_same_as_shipping: bool | None = UNSET
    tax_exempt: bool | None = UNSET
    buyer_experience_configuration: BuyerExperienceConfigurationInput | None = UNSET


@strawberry.input
class CompanyContactInput:
    email: str | None = UNSET
    first_name: str | None = UNSET
    last_name: str | None = UNSET
    title: str | None = UNSET
    send_invitation: bool | None = strawberry.field(
        default=UNSET, description="Email the contact the welcome invitation (code login, link to the storefront) too."
    )


@strawberry.input
class CompanyCreateInput:
    company: CompanyInput
    company_location: CompanyLocationInput | None = UNSET
    company_contact: CompanyContactInput | None = UNSET


@strawberry.input
class CustomerInput:
    email: str | None = UNSET
    first_name: str | None = UNSET
    last_name: str | None = UNSET
    phone: str | None = UNSET
    note: str | None = UNSET
    status: CustomerStatusInput | None = UNSET


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
    currency: str | None = UNSET
    adjustment: PriceListAdjustmentInput | None = UNSET


@strawberry.input
class CatalogCreateInput:
    title: str
    status: CatalogStatus | None = UNSET
    company_location_ids: list[strawberry.ID] | None = UNSET
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
    company_location_ids: list[strawberry.ID]


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


@strawberry.input
class ShopInput:
    name: str | None = UNSET
    access_mode: ShopAccessMode | None = UNSET
    customer_number_prefix: str | None = UNSET
    customer_number_next: int | None = UNSET
