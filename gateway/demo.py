"""The demo shop for `gateway seed-demo`. Placeholder: filled in with the register issue."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


async def seed(session: AsyncSession) -> bool:
    return False
