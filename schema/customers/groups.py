"""Customer groups: who is in one, and the catalogs that serve it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import UNSET

from gateway.customers import lists
from gateway.db import models as m
from gateway.platform import ids
from schema import errors
from schema.build import STAFF_ONLY
from schema.errors import UserError
from schema.relay import Connection, Node, batched, in_memory


@strawberry.type(description="A set of customers that catalogs serve, as they serve company locations.")
class CustomerGroup(Node):
    name: str
    description: str | None = strawberry.field(description="Staff only.", metadata=STAFF_ONLY)
    created_at: datetime
    pk: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.CustomerGroup) -> "CustomerGroup":
        return cls(
            id=ids.to_gid("CustomerGroup", row.id), pk=row.id, name=row.name, description=row.description,
            created_at=row.created_at,
        )

    @strawberry.field(description="Staff only: its members, by id.", metadata=STAFF_ONLY)
    async def customers(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["Customer", strawberry.lazy("schema.customers.register")]]:
        from schema.customers.register import Customer

        loader = info.context.loaders.page_of("group_members", *lists.group_members())
        return await batched(info, loader, self.pk, first, after, Customer.from_row)

    @strawberry.field(description="Staff only: the catalogs that serve it.", metadata=STAFF_ONLY)
    async def catalogs(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated["Catalog", strawberry.lazy("schema.catalog.types")]]:
        from schema.catalog.types import Catalog

        rows = await info.context.loaders.linked(m.catalog_customer_groups, "group_id", m.Catalog, "catalog_id").load(
            self.pk
        )
        return in_memory(rows, first, after, Catalog.from_row)


@strawberry.input
class CustomerGroupInput:
    name: str | None = UNSET
    description: str | None = UNSET


@strawberry.type
class CustomerGroupCreatePayload:
    customer_group: CustomerGroup | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerGroupUpdatePayload:
    customer_group: CustomerGroup | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerGroupDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerGroupAddCustomersPayload:
    customer_group: CustomerGroup | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class CustomerGroupRemoveCustomersPayload:
    customer_group: CustomerGroup | None = None
    user_errors: list[UserError] = errors.none()
