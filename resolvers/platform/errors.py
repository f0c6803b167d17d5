"""Domain errors at the edge: userErrors for mutations, visible GraphQL errors for queries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graphql import GraphQLError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.platform.errors import DomainError
from schema.common import user_errors

P = TypeVar("P")


class ClientError(GraphQLError):
    """A query argument the client got wrong: shown as it is, never masked."""

    def __init__(self, error: DomainError) -> None:
        problem = error.problems[0]
        super().__init__(problem.message, extensions={"code": problem.code})


async def mutate(
    info: Any,
    payload: Callable[..., P],
    work: Callable[[AsyncSession], Awaitable[dict[str, Any]]],
) -> P:
    """Run work in one transaction; its dict fills the payload. A DomainError rolls
    everything back and becomes the payload's userErrors."""
    try:
        async with info.context.db.transaction() as session:
            fields = await work(session)
    except DomainError as error:
        return payload(user_errors=user_errors(error))
    return payload(**fields)
