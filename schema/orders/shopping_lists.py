"""Shopping lists shared within a location."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.db import models as m
from gateway.platform import ids
from schema import errors
from schema.catalog.types import ProductVariant
from schema.customers.register import CompanyLocation
from schema.errors import UserError
from schema.orders.cart import CartLineInput
from schema.relay import Node


@strawberry.type
class ShoppingListLine(Node):
    quantity: int
    variant_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.ShoppingListLine) -> "ShoppingListLine":
        return cls(id=ids.to_gid("ShoppingListLine", row.id), quantity=row.quantity, variant_id=row.variant_id)

    @strawberry.field
    async def variant(self, info: strawberry.Info) -> ProductVariant | None:
        row = await info.context.loaders.by_id(m.ProductVariant).load(self.variant_id)
        return ProductVariant.from_row(row) if row else None


@strawberry.type(description="A named list of variants shared by the contacts of one location; "
                 "shoppingListToCart orders it into a new cart priced for the location.")
class ShoppingList(Node):
    name: str
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[m.ShoppingList]

    @classmethod
    def from_row(cls, row: m.ShoppingList) -> "ShoppingList":
        return cls(
            id=ids.to_gid("ShoppingList", row.id), row=row, name=row.name, created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[ShoppingListLine]:
        rows = await info.context.loaders.by_fk(m.ShoppingListLine.list_id).load(self.row.id)
        return [ShoppingListLine.from_row(r) for r in rows]

    @strawberry.field
    async def location(self, info: strawberry.Info) -> CompanyLocation:
        return CompanyLocation.from_row(await info.context.loaders.by_id(m.CompanyLocation).load(self.row.location_id))


@strawberry.input
class ShoppingListInput:
    name: str
    lines: list[CartLineInput] = strawberry.field(default_factory=list)


@strawberry.type
class ShoppingListPayload:
    shopping_list: ShoppingList | None = None
    user_errors: list[UserError] = errors.none()


@strawberry.type
class ShoppingListDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = errors.none()
