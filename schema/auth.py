"""Login, logout, location selection and invitation payloads; staff members (the console's logins)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.auth import policy, staff
from gateway.db import models as m
from gateway.platform import ids
from schema import errors
from schema.enums import from_domain
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


StaffRole = from_domain("StaffRole", policy.STAFF_ROLES, "OWNER manages staff, MANAGER runs the shop, VIEWER reads.")
StaffMemberStatus = from_domain("StaffMemberStatus", staff.STATUSES)


@strawberry.type(description="A console login of the merchant's staff (gateway staff create).")
class StaffMember:
    id: strawberry.ID
    email: str
    role: StaffRole
    status: StaffMemberStatus
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def from_row(cls, row: m.StaffMember) -> "StaffMember":
        return cls(id=ids.to_gid("StaffMember", row.id), email=row.email, role=StaffRole(row.role),
                   status=StaffMemberStatus(row.status), created_at=row.created_at, last_login_at=row.last_login_at)


@strawberry.input
class StaffMemberCreateInput:
    email: str
    role: StaffRole


@strawberry.input
class StaffMemberUpdateInput:
    role: StaffRole | None = None
    status: StaffMemberStatus | None = strawberry.field(default=None, description="DISABLED ends its sessions.")


@strawberry.type
class StaffMemberPayload:
    staff_member: StaffMember | None = None
    user_errors: list[UserError] = errors.none()
