"""The per-request context every resolver sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gateway import shop
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
    loaders: Loaders = field(init=False)
    _shop: ShopSettings | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)

    async def shop(self) -> ShopSettings:
        """The shop's settings, read once per request."""
        if self._shop is None:
            async with self.db.reader() as session:
                self._shop = await shop.get(session)
        return self._shop

    @property
    def client_address(self) -> str | None:
        client = getattr(self.request, "client", None)
        return client.host if client else None
