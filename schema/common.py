"""Shapes every part of the API shares: Node, Money, UserError, addresses, connections."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry

from gateway.platform import money
from gateway.platform.errors import DomainError
from gateway.platform.pagination import Page

T = TypeVar("T")


@strawberry.interface(description="An object with a global id (gid://gateway/Type/123).")
class Node:
    id: strawberry.ID


@strawberry.type
class Money:
    amount: Decimal
    currency_code: str

    @classmethod
    def of(cls, minor: int | None, currency: str) -> "Money | None":
        return None if minor is None else cls(amount=money.from_minor(minor, currency), currency_code=currency)


@strawberry.type(description="A user's mistake: which input field, a stable code, and what to do.")
class UserError:
    field: list[str] | None
    code: str
    message: str


def user_errors(error: DomainError) -> list[UserError]:
    return [UserError(field=list(p.field) if p.field else None, code=p.code, message=p.message) for p in error.problems]


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


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @classmethod
    def of(cls, page: Page, convert) -> "Connection[T]":  # noqa: ANN001
        edges = [Edge(cursor=c, node=convert(r)) for r, c in zip(page.rows, page.cursors)]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
        )


def to_data(value: Any) -> Any:
    """A strawberry input as plain data for the domain: dicts of the fields given, snake_case."""
    if isinstance(value, list):
        return [to_data(v) for v in value]
    if isinstance(value, Enum):  # checked first: strawberry enums carry a definition too
        return value.value
    definition = getattr(value, "__strawberry_definition__", None)
    if definition is not None and getattr(definition, "is_input", False):
        out = {}
        for f in definition.fields:
            item = getattr(value, f.python_name)
            if item is not strawberry.UNSET:
                out[f.python_name] = to_data(item)
        return out
    return value
