"""The per-request context every resolver sees."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from gateway import shop
from gateway.auth import viewer
from gateway.db.engine import Database
from gateway.db.models import ShopSettings
from gateway.settings import Settings
from resolvers.loaders import Loaders


@dataclass
class Context:
    db: Database
    settings: Settings
    request: Any = None  # starlette Request
    response: Any = None
    staff_token_id: int | None = None  # Admin API caller
    customer_id: int | None = None  # Storefront viewer (None: anonymous)
    session_id: int | None = None  # the viewer's session row
    chosen_location_id: int | None = None  # the location the session selected (read with it)
    loaders: Loaders = field(init=False)
    # Read once per request. Futures, not values: resolvers run concurrently, and the second
    # caller must wait for the first read instead of starting its own (or seeing a half-set value).
    # Each caller awaits a shield of the shared future: a caller cancelled by null propagation must not
    # cancel the read under the others (as SharedLoader in resolvers/loaders.py).
    _reads: dict[str, asyncio.Future] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)

    def _once(self, name: str, read: Callable[[], Awaitable[Any]]) -> asyncio.Future:
        if name not in self._reads:
            self._reads[name] = asyncio.ensure_future(read())
        return asyncio.shield(self._reads[name])

    async def shop(self) -> ShopSettings:
        """The shop's settings."""

        async def read() -> ShopSettings:
            async with self.db.reader() as session:
                return await shop.get(session)

        return await self._once("shop", read)

    async def viewer_roles(self) -> dict[int, str]:
        """{location id: role} of the viewer (empty when anonymous or D2C)."""

        async def read() -> dict[int, str]:
            if self.customer_id is None:
                return {}
            async with self.db.reader() as session:
                return await viewer.location_roles(session, self.customer_id)

        return await self._once("roles", read)

    async def buyer_location_id(self) -> int | None:
        """The location the viewer buys for (None: anonymous, D2C, or not chosen)."""
        return viewer.buying_for(await self.viewer_roles(), self.chosen_location_id)

    @property
    def client_address(self) -> str | None:
        client = getattr(self.request, "client", None)
        return client.host if client else None
