"""The per-request context every resolver sees."""

from __future__ import annotations

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
    loaders: Loaders = field(init=False)
    _shop: ShopSettings | None = field(init=False, default=None)
    _location: tuple[int | None] | None = field(init=False, default=None)
    _roles: dict[int, str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)

    async def shop(self) -> ShopSettings:
        """The shop's settings, read once per request."""
        if self._shop is None:
            async with self.db.reader() as session:
                self._shop = await shop.get(session)
        return self._shop

    async def buyer_location_id(self) -> int | None:
        """The location the viewer buys for (None: anonymous, D2C, or not chosen), once per request."""
        if self._location is None:
            location_id = None
            if self.customer_id is not None:
                async with self.db.reader() as session:
                    location_id = await viewer.selected_location_id(session, self.customer_id, self.session_id)
            self._location = (location_id,)
        return self._location[0]

    async def viewer_roles(self) -> dict[int, str]:
        """{location id: role} of the viewer (empty when anonymous or D2C), once per request."""
        if self._roles is None:
            self._roles = {}
            if self.customer_id is not None:
                async with self.db.reader() as session:
                    self._roles = await viewer.location_roles(session, self.customer_id)
        return self._roles

    @property
    def client_address(self) -> str | None:
        client = getattr(self.request, "client", None)
        return client.host if client else None
