"""Values every part of the API shares: money and postal addresses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from gateway.platform import money


@strawberry.type
class Money:
    amount: Decimal
    currency_code: str

    @classmethod
    def of(cls, minor: int | None, currency: str) -> "Money | None":
        return None if minor is None else cls(amount=money.from_minor(minor, currency), currency_code=currency)


@strawberry.type
class MailingAddress:
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    zip: str | None = None
    country_code: str | None = None
    zone_code: str | None = None
    recipient: str | None = None
    phone: str | None = None

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> "MailingAddress | None":
        return None if data is None else cls(**{k: data.get(k) for k in cls.__annotations__})


@strawberry.input
class AddressInput:
    address1: str | None = strawberry.UNSET
    address2: str | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    zip: str | None = strawberry.UNSET
    country_code: str | None = strawberry.UNSET
    zone_code: str | None = strawberry.UNSET
    recipient: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
