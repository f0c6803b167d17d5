"""Admin API inputs of the register. Fields left out stay as they are; null clears where that makes sense."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry import UNSET

from gateway.customers import customers
from schema.customers.register import CustomerEmailMarketingState, RiskRating
from schema.enums import from_domain
from schema.values import AddressInput


CustomerStatusInput = from_domain("CustomerStatusInput", customers.STATUSES)


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
    auto_charge: bool | None = strawberry.field(
        default=UNSET, description="Charge the buyer's default payment method when a payment schedule falls due "
        "(needs payment terms)."
    )


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
    credit_limit: Decimal | None = strawberry.field(
        default=UNSET, description="null: no limit. Left out on create: the shop's defaultCreditLimit."
    )
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
    customer_number: str | None = strawberry.field(
        default=UNSET, description="Unique across companies and customers and never reused; null clears it (it "
        "stays issued)."
    )
    email_marketing_consent: CustomerEmailMarketingState | None = UNSET
    accepts_partner_offers: bool | None = UNSET


@strawberry.input
class CustomerCreateInput:
    email: str
    first_name: str | None = UNSET
    last_name: str | None = UNSET
    phone: str | None = UNSET
    note: str | None = UNSET
    customer_number: str | None = strawberry.field(
        default=UNSET, description="Left out: the next of the series when the shop numbers people "
        "(assignCustomerNumbers)."
    )
    customer_group_ids: list[strawberry.ID] | None = UNSET
    email_marketing_consent: CustomerEmailMarketingState | None = UNSET
    accepts_partner_offers: bool | None = UNSET
    send_invitation: bool | None = strawberry.field(
        default=UNSET, description="Email it an invitation to log in and confirm its account."
    )
