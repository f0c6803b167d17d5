"""The shop itself."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.db import models as m
from schema.common import Money
from schema.hardening import STAFF_ONLY


@strawberry.enum
class ShopAccessMode(Enum):
    OPEN = "OPEN"
    LOGIN_FOR_PRICES = "LOGIN_FOR_PRICES"
    B2B_ONLY = "B2B_ONLY"


@strawberry.type
class Shop:
    name: str
    currency_code: str
    access_mode: ShopAccessMode
    default_credit_limit: Money | None = strawberry.field(
        description="Staff only: the credit limit a new company gets unless one is given; null: no limit.",
        metadata=STAFF_ONLY,
    )

    @classmethod
    def from_row(cls, row: m.ShopSettings) -> "Shop":
        return cls(
            name=row.name, currency_code=row.currency_code, access_mode=ShopAccessMode(row.access_mode),
            default_credit_limit=Money.of(row.default_credit_limit, row.currency_code),
        )


@strawberry.type
class CustomerNumberSeries:
    prefix: str
    next_number: int
