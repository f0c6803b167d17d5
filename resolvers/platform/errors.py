"""The mutate helper: one transaction per mutation, a DomainError becomes the payload's userErrors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.platform.errors import DomainError
from schema.errors import user_errors

P = TypeVar("P")


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
