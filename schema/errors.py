"""Errors on the wire: userErrors of a mutation's payload, and visible errors for a query's bad arguments."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from gateway.platform.errors import DomainError


@strawberry.type(description="A user's mistake: which input field, a stable code, and what to do.")
class UserError:
    field: list[str] | None
    code: str
    message: str


def user_errors(error: DomainError) -> list[UserError]:
    return [UserError(field=list(p.field) if p.field else None, code=p.code, message=p.message) for p in error.problems]


class ClientError(GraphQLError):
    """A query argument the client got wrong: shown as it is, never masked."""

    def __init__(self, error: DomainError) -> None:
        problem = error.problems[0]
        super().__init__(problem.message, extensions={"code": problem.code})


def none() -> list[UserError]:
    """The userErrors field of a payload: empty unless the mutation failed."""
    return strawberry.field(default_factory=list)
