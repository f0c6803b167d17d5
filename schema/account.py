"""The buyer's own account on the Storefront API: keeping its name and its locations' addresses
current, and deleting it."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from schema import errors
from schema.customers.register import (
    CompanyContactRoleAssignment,
    CompanyContactRoleName,
    CompanyLocation,
    Customer,
    CustomerEmailMarketingState,
)
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


@strawberry.input(description="A colleague to invite to a location: its email (and name, when new), and the role "
                  "there: a built-in role or roleId, within the inviter's own permissions and spending limits.")
class ColleagueInviteInput:
    email: str
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    role: CompanyContactRoleName | None = strawberry.UNSET
    role_id: strawberry.ID | None = strawberry.UNSET
    spending_limit: Decimal | None = strawberry.UNSET
    monthly_spending_limit: Decimal | None = strawberry.UNSET


@strawberry.type
class ColleagueInvitePayload:
    role_assignment: CompanyContactRoleAssignment | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class ColleagueRemovePayload:
    removed_role_assignment_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()
