"""Payment methods vaulted with the payment provider: brand and last four digits, never the card."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.account import profile
from gateway.db import models as m
from gateway.platform import ids
from schema.common import Node, UserError


@strawberry.type
class PaymentMethod(Node):
    brand: str
    last4: str
    created_at: datetime
    pk: strawberry.Private[int]
    customer_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.PaymentMethod) -> "PaymentMethod":
        return cls(
            id=ids.to_gid("PaymentMethod", row.id), brand=row.brand, last4=row.last4, created_at=row.created_at,
            pk=row.id, customer_id=row.customer_id,
        )

    @strawberry.field(description="The method checkout offers first: the one chosen, else the oldest.")
    async def is_default(self, info: strawberry.Info) -> bool:
        rows = await info.context.loaders.by_fk(m.PaymentMethod.customer_id).load(self.customer_id)
        return profile.default_method_id(rows) == self.pk


@strawberry.type
class PaymentMethodAddPayload:
    payment_method: PaymentMethod | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
