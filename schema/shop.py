"""The shop itself."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.db import models as m


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

    @classmethod
    def from_row(cls, row: m.ShopSettings) -> "Shop":
        return cls(name=row.name, currency_code=row.currency_code, access_mode=ShopAccessMode(row.access_mode))


@strawberry.type
class CustomerNumberSeries:
    prefix: str
    next_number: int
