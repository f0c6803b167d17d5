"""The customer's address book, and the log of emails sent to a customer."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.db import models as m
from gateway.outbox.mail import templates
from gateway.platform import ids
from schema import errors
from schema.errors import UserError
from schema.relay import Node
from schema.values import MailingAddress


@strawberry.type(description="An address in a customer's address book.")
class CustomerAddress(Node, MailingAddress):
    is_default: bool

    @classmethod
    def from_row(cls, row: m.CustomerAddress) -> "CustomerAddress":
        fields = {k: row.address.get(k) for k in MailingAddress.__annotations__}
        return cls(id=ids.to_gid("CustomerAddress", row.id), is_default=row.is_default, **fields)


@strawberry.type(description="An email the shop wrote to the customer; a login code in it is never shown.")
class CustomerEmail(Node):
    subject: str
    body_text: str
    status: str = strawberry.field(description="PENDING | SENT | FAILED | DROPPED")
    created_at: datetime
    sent_at: datetime | None

    @classmethod
    def from_row(cls, row: m.OutboxMessage) -> "CustomerEmail":
        # erase(): what stands between the secret marks (a code) is gone, sent or not.
        return cls(
            id=ids.to_gid("CustomerEmail", row.id), subject=templates.erase(row.subject),
            body_text=templates.erase(row.body_text), status=row.status, created_at=row.created_at,
            sent_at=row.sent_at,
        )


@strawberry.type
class CustomerAddressCreatePayload:
    customer_address: CustomerAddress | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerAddressUpdatePayload:
    customer_address: CustomerAddress | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerAddressDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()
