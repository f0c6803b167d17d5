"""The shop itself."""

from __future__ import annotations


import strawberry
from strawberry import UNSET

from gateway import shop
from gateway.db import models as m
from schema import errors
from schema.enums import from_domain
from schema.errors import UserError


ShopAccessMode = from_domain("ShopAccessMode", shop.ACCESS_MODES)


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


@strawberry.input
class ShopInput:
    name: str | None = UNSET
    access_mode: ShopAccessMode | None = UNSET
    customer_number_prefix: str | None = UNSET
    customer_number_next: int | None = UNSET


@strawberry.type
class ShopUpdatePayload:
    shop: Shop | None = None
    user_errors: list[UserError] = errors.none()
