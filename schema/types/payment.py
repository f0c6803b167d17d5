"""Payment methods vaulted with the payment provider: brand and last four digits, never the card."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway import ids
from gateway.db import models as m
from schema.common import Node, UserError


@strawberry.type
class PaymentMethod(Node):
    brand: str
    last4: str
    created_at: datetime

    @classmethod
    def from_row(cls, row: m.PaymentMethod) -> "PaymentMethod":
        return cls(id=ids.to_gid("PaymentMethod", row.id), brand=row.brand, last4=row.last4, created_at=row.created_at)


@strawberry.type
class PaymentMethodAddPayload:
    payment_method: PaymentMethod | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
