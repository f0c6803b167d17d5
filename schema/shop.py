"""The shop itself."""

from __future__ import annotations

from decimal import Decimal

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


@strawberry.type
class Shop:
    name: str
    currency_code: str
    access_mode: ShopAccessMode
    default_credit_limit: Money | None = strawberry.field(
        description="Staff only: the credit limit a new company gets unless one is given; null: no limit.",
        metadata=STAFF_ONLY,
    )
    payment_reminder_days: int | None = strawberry.field(
        description="Staff only: buyers are emailed this many days before a payment is due, and once when it is "
        "overdue; null: no reminders.", metadata=STAFF_ONLY,
    )

    @classmethod
    def from_row(cls, row: m.ShopSettings) -> "Shop":
        return cls(
            name=row.name, currency_code=row.currency_code, access_mode=ShopAccessMode(row.access_mode),
            default_credit_limit=Money.of(row.default_credit_limit, row.currency_code),
            payment_reminder_days=row.payment_reminder_days,
        )


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
    payment_reminder_days: int | None = strawberry.field(
        default=UNSET, description="Remind buyers this many days (0 to 60) before a payment is due, and once when it "
        "is overdue; null: no reminders."
    )


@strawberry.type
class ShopUpdatePayload:
    shop: Shop | None = None
    user_errors: list[UserError] = errors.none()
