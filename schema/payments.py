"""Payment methods vaulted with the payment provider: brand and last four digits, never the card."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.db import models as m
from gateway.payments import methods
from gateway.platform import ids
from schema import errors
from schema.errors import UserError
from schema.relay import Node


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
        return methods.default_method_id(rows) == self.pk


@strawberry.type
class PaymentMethodAddPayload:
    payment_method: PaymentMethod | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class PaymentMethodRemovePayload:
    removed_payment_method_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class PaymentMethodSetDefaultPayload:
    payment_method: PaymentMethod | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class PaymentMethodSetupCreatePayload:
    client_secret: str | None = strawberry.field(
        default=None, description="The SetupIntent's client secret, for Stripe.js in the buyer's browser."
    )
    user_errors: list[UserError] = errors.none()
