"""Account requests: the storefront's companyAccountRequest and the merchant's review of them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry import UNSET

from gateway.auth import policy
from gateway.customers import account_requests
from gateway.db import models as m
from gateway.platform import ids
from schema import errors
from schema.customers.register import Company, CompanyContactRoleName, Customer
from schema.enums import from_domain
from schema.errors import UserError
from schema.relay import Node
from schema.values import AddressInput, MailingAddress


AccountRequestStatus = from_domain("AccountRequestStatus", account_requests.STATUSES)


@strawberry.type(description="A business asking for an account.")
class AccountRequest(Node):
    status: AccountRequestStatus
    company_name: str
    org_number: str | None
    email: str
    first_name: str
    last_name: str
    phone: str | None
    address: MailingAddress | None
    message: str | None
    created_at: datetime
    decided_at: datetime | None
    decline_reason: str | None
    linked_existing_company: bool = strawberry.field(
        description="Approval linked the request to a company the email was already a contact of (from the ERP) "
        "instead of making a new one."
    )
    company_id: strawberry.Private[int | None]
    customer_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: m.AccountRequest) -> "AccountRequest":
        return cls(
            id=ids.to_gid("AccountRequest", row.id), status=AccountRequestStatus(row.status),
            company_name=row.company_name, org_number=row.org_number, email=row.email, first_name=row.first_name,
            last_name=row.last_name, phone=row.phone, address=MailingAddress.of(row.address), message=row.message,
            created_at=row.created_at, decided_at=row.decided_at, decline_reason=row.decline_reason,
            linked_existing_company=row.linked_existing, company_id=row.company_id, customer_id=row.customer_id,
        )

    @strawberry.field(description="Staff only: the company made or linked on approval.")
    async def company(self, info: strawberry.Info) -> Company | None:
        if self.company_id is None or not policy.sees_merchant_records(info.context.caller):
            return None
        row = await info.context.loaders.by_id(m.Company).load(self.company_id)
        return Company.from_row(row) if row else None

    @strawberry.field(description="Staff only: the customer invited on approval.")
    async def customer(self, info: strawberry.Info) -> Customer | None:
        if self.customer_id is None or not policy.sees_merchant_records(info.context.caller):
            return None
        row = await info.context.loaders.by_id(m.Customer).load(self.customer_id)
        return Customer.from_row(row) if row else None


@strawberry.input
class CompanyAccountRequestInput:
    company_name: str
    email: str
    first_name: str
    last_name: str
    org_number: str | None = UNSET
    phone: str | None = UNSET
    address: AddressInput | None = UNSET
    message: str | None = UNSET


@strawberry.input(description="Overrides for the company approval makes; all optional. Ignored when the request "
                  "is linked to an existing company (its email is already a contact of one).")
class AccountRequestApproveInput:
    company_name: str | None = UNSET
    customer_number: str | None = strawberry.field(default=UNSET, description="Left out: the next of the series.")
    external_id: str | None = UNSET
    note: str | None = UNSET
    credit_limit: Decimal | None = strawberry.field(
        default=UNSET, description="null: no limit. Left out: the shop's defaultCreditLimit."
    )
    max_payment_days: int | None = UNSET
    location_name: str | None = strawberry.field(default=UNSET, description="Left out: the company's name.")
    payment_terms_template_id: strawberry.ID | None = UNSET
    checkout_to_draft: bool | None = UNSET
    title: str | None = strawberry.field(default=UNSET, description="The contact's job title.")
    role: CompanyContactRoleName | None = strawberry.field(default=UNSET, description="Default: LOCATION_ADMIN.")


@strawberry.type
class CompanyAccountRequestPayload:
    account_request: AccountRequest | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class AccountRequestApprovePayload:
    account_request: AccountRequest | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class AccountRequestDeclinePayload:
    account_request: AccountRequest | None = None
    user_errors: list[UserError] = errors.none()
