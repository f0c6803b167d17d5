"""Company roles: the fixed permissions, the merchant's roles made of them, and their inputs."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.customers import roles
from gateway.db import models as m
from gateway.platform import ids
from schema import errors
from schema.enums import from_domain
from schema.errors import UserError
from schema.relay import Node

CompanyPermission = from_domain("CompanyPermission", roles.PERMISSIONS, "What a contact may do at a location.", described={
    "PLACE_ORDERS": "Check out, ask for quotes and accept them.",
    "VIEW_ALL_ORDERS": "See every order of the location, not only its own.",
    "EDIT_ADDRESSES": "Change the location's shipping and billing address.",
    "PAY_INVOICES": "Pay what the location's orders and invoiced drafts owe.",
    "APPROVE_ORDERS": "Approve or decline colleagues' checkouts over their spending limit.",
    "MANAGE_CONTACTS": "Invite colleagues to the location and take their role there away.",
})


@strawberry.type(description="A role the merchant defined (companyRoleCreate); the built-in LOCATION_ADMIN and "
                 "ORDERING_ONLY are presets of the same permissions.")
class CompanyRole(Node):
    name: str
    permissions: list[CompanyPermission]
    created_at: datetime

    @classmethod
    def from_row(cls, row: m.CompanyRole) -> "CompanyRole":
        return cls(
            id=ids.to_gid("CompanyRole", row.id), name=row.name, created_at=row.created_at,
            permissions=preset_permissions(roles.CUSTOM, row.permissions),
        )


def preset_permissions(role: str, custom: list[str] | None) -> list[CompanyPermission]:
    held = roles.permissions_of(role, custom)
    return [CompanyPermission(p) for p in roles.PERMISSIONS if p in held]


@strawberry.input
class CompanyRoleInput:
    name: str | None = strawberry.UNSET
    permissions: list[CompanyPermission] | None = strawberry.UNSET


@strawberry.type
class CompanyRolePayload:
    company_role: CompanyRole | None = None
    user_errors: list[UserError] = errors.none()
