"""Login, logout, location selection and invitation payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema import errors
from schema.customers.register import CompanyLocation, Customer
from schema.errors import UserError



@strawberry.type(description="The same answer whether or not the email is known.")
class RequestLoginCodePayload:
    user_errors: list[UserError] = errors.none()


@strawberry.type
class VerifyLoginCodePayload:
    access_token: str | None = strawberry.field(
        default=None, description="Send as `Authorization: Bearer <accessToken>`. Shown once."
    )
    expires_at: datetime | None = None
    customer: Customer | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class LogoutPayload:
    user_errors: list[UserError] = errors.none()


@strawberry.type
class SelectLocationPayload:
    location: CompanyLocation | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerInvitePayload:
    customer: Customer | None = None
    user_errors: list[UserError] = errors.none()
