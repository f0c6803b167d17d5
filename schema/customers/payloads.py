"""Admin mutation payloads of the register: the changed object (or deleted id) and userErrors."""

from __future__ import annotations

import strawberry

from schema import errors
from schema.customers.register import Company, CompanyContact, CompanyContactRoleAssignment, CompanyLocation, Customer
from schema.deprecations import renamed
from schema.errors import UserError


@strawberry.type
class CompanyCreatePayload:
    company: Company | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyUpdatePayload:
    company: Company | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyDeletePayload:
    deleted_id: strawberry.ID | None = None
    deleted_company_id: strawberry.ID | None = renamed("deleted_id", "deletedId")
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyAssignMainContactPayload:
    company: Company | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyLocationCreatePayload:
    company_location: CompanyLocation | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyLocationUpdatePayload:
    company_location: CompanyLocation | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyLocationDeletePayload:
    deleted_id: strawberry.ID | None = None
    deleted_company_location_id: strawberry.ID | None = renamed("deleted_id", "deletedId")
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyContactCreatePayload:
    company_contact: CompanyContact | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyContactUpdatePayload:
    company_contact: CompanyContact | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyContactDeletePayload:
    deleted_id: strawberry.ID | None = None
    deleted_company_contact_id: strawberry.ID | None = renamed("deleted_id", "deletedId")
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyContactAssignRolePayload:
    company_contact_role_assignment: CompanyContactRoleAssignment | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CompanyContactRevokeRolePayload:
    revoked_company_contact_role_assignment_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerUpdatePayload:
    customer: Customer | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerCreatePayload:
    customer: Customer | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()
