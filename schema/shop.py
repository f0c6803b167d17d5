"""The shop itself."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import UNSET

from gateway import shop
from gateway.db import models as m
from schema import errors
from schema.build import STAFF_ONLY
from schema.enums import from_domain
from schema.errors import UserError
from schema.values import Money


ShopAccessMode = from_domain("ShopAccessMode", shop.ACCESS_MODES)
ShopRegistration = from_domain(
    "ShopRegistration", shop.REGISTRATIONS, "OPEN: a first code login creates the customer. CLOSED: only the "
    "merchant creates customers; an unknown email is mailed how to ask for an account instead of a code.",
)


@strawberry.type
class Shop:
    name: str
    currency_code: str
    access_mode: ShopAccessMode
    registration: ShopRegistration
    block_checkout_when_overdue: bool = strawberry.field(
        description="Staff only: a company with an overdue order cannot order on terms.", metadata=STAFF_ONLY,
    )
    assign_customer_numbers: bool = strawberry.field(
        description="Staff only: people get customer numbers from the series too (companies always do).",
        metadata=STAFF_ONLY,
    )
    default_customer_group_id: strawberry.Private[int | None]
    default_credit_limit: Money | None = strawberry.field(
        description="Staff only: the credit limit a new company gets unless one is given; null: no limit.",
        metadata=STAFF_ONLY,
    )
    payment_reminder_days: int | None = strawberry.field(
        description="Staff only: buyers are emailed this many days before a payment is due, and once when it is "
        "overdue; null: no reminders.", metadata=STAFF_ONLY,
    )
    approval_expiry_days: int = strawberry.field(
        description="Days an approval request waits for a buyer's approver before it expires."
    )

    @classmethod
    def from_row(cls, row: m.ShopSettings) -> "Shop":
        return cls(
            name=row.name, currency_code=row.currency_code, access_mode=ShopAccessMode(row.access_mode),
            default_credit_limit=Money.of(row.default_credit_limit, row.currency_code),
            registration=ShopRegistration(row.registration),
            block_checkout_when_overdue=row.block_checkout_when_overdue,
            assign_customer_numbers=row.assign_customer_numbers,
            default_customer_group_id=row.default_customer_group_id,
            payment_reminder_days=row.payment_reminder_days,
            approval_expiry_days=row.approval_expiry_days,
        )

    @strawberry.field(description="Staff only: the group self-registered customers join.", metadata=STAFF_ONLY)
    async def default_customer_group(
        self, info: strawberry.Info
    ) -> Annotated["CustomerGroup", strawberry.lazy("schema.customers.groups")] | None:
        from schema.customers.groups import CustomerGroup

        if self.default_customer_group_id is None:
            return None
        row = await info.context.loaders.by_id(m.CustomerGroup).load(self.default_customer_group_id)
        return CustomerGroup.from_row(row) if row else None


@strawberry.type
class CustomerNumberSeries:
    prefix: str
    next_number: int


@strawberry.input
class ShopInput:
    name: str | None = UNSET
    access_mode: ShopAccessMode | None = UNSET
    customer_number_prefix: str | None = UNSET
    customer_number_next: int | None = UNSET
    default_credit_limit: Decimal | None = strawberry.field(
        default=UNSET, description="The credit limit new companies get unless one is given; null: no limit."
    )
    registration: ShopRegistration | None = UNSET
    default_customer_group_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The group self-registered customers join; null: none."
    )
    assign_customer_numbers: bool | None = UNSET
    block_checkout_when_overdue: bool | None = UNSET
    payment_reminder_days: int | None = strawberry.field(
        default=UNSET, description="Remind buyers this many days (0 to 60) before a payment is due, and once when it "
        "is overdue; null: no reminders."
    )
    approval_expiry_days: int | None = strawberry.field(
        default=UNSET, description="Days an approval request waits before it expires (1 to 365; new requests)."
    )


@strawberry.type
class ShopUpdatePayload:
    shop: Shop | None = None
    user_errors: list[UserError] = errors.none()
