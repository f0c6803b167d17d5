"""The buyer's own account on the Storefront API: keeping its name and its locations' addresses
current, and deleting it."""

from __future__ import annotations

import strawberry

from schema import errors
from schema.customers.register import CompanyLocation, Customer, CustomerEmailMarketingState
from schema.deprecations import renamed
from schema.errors import UserError


@strawberry.input(description="The viewer's name, phone and consents; the email cannot change here.")
class CustomerNameInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    email_marketing_consent: CustomerEmailMarketingState | None = strawberry.UNSET
    accepts_partner_offers: bool | None = strawberry.UNSET


@strawberry.type
class CustomerUpdatePayload:
    customer: Customer | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyLocationUpdateAddressPayload:
    location: CompanyLocation | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerDeletePayload:
    deleted_id: strawberry.ID | None = None
    deleted_customer_id: strawberry.ID | None = renamed("deleted_id", "deletedId")
    user_errors: list[UserError] = errors.none()
