"""The per-request context every resolver sees."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from gateway import shop
from gateway.auth import policy, viewer
from gateway.catalog.response_cache import ResponseCache
from gateway.db.engine import Database
from gateway.db.models import ShopSettings
from gateway.platform import http_cache
from gateway.platform.settings import Settings
from resolvers.platform.loaders import Loaders


@dataclass
class Context:
    db: Database
    settings: Settings
    request: Any = None  # starlette Request
    response: Any = None
    staff_token_id: int | None = None  # Admin API caller by token
    staff_member_id: int | None = None  # Admin API caller by console session (a person)
    staff_role: str | None = None  # either's role: OWNER | MANAGER | VIEWER
    customer_id: int | None = None  # Storefront viewer (None: anonymous)
    session_id: int | None = None  # the viewer's session row
    chosen_location_id: int | None = None  # the location the session selected (read with it)
    client_address: str | None = None  # what the per-address limits count: client_address() below
    operation: http_cache.Operation | None = None  # set when execution starts (schema/build.py)
    response_cache: ResponseCache | None = None  # the Storefront's, when RESPONSE_CACHE is on
    loaders: Loaders = field(init=False)
    # Read once per request. Futures, not values: resolvers run concurrently, and the second
    # caller must wait for the first read instead of starting its own (or seeing a half-set value).
    # Each caller awaits a shield of the shared future: a caller cancelled by null propagation must not
    # cancel the read under the others (as SharedLoader in resolvers/platform/loaders.py).
    _reads: dict[str, asyncio.Future] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)

    def _once(self, name: str, read: Callable[[], Awaitable[Any]]) -> asyncio.Future:
        if name not in self._reads:
            self._reads[name] = asyncio.ensure_future(read())
        return asyncio.shield(self._reads[name])

    @property
    def caller(self) -> policy.Caller:
        """Who asks, for the access rules (gateway/auth/policy.py)."""
        return policy.Caller(staff=self.staff_role is not None, customer_id=self.customer_id,
                             staff_role=self.staff_role)

    async def shop(self) -> ShopSettings:
        """The shop's settings."""

        async def read() -> ShopSettings:
            async with self.db.reader() as session:
                return await shop.get(session)

        return await self._once("shop", read)

    def known(self, **values: Any) -> None:
        """Reads done with something else (the viewer's session read its shop and roles): shop()
        and viewer_roles() then read nothing."""
        for name, value in values.items():
            self._reads[name] = future = asyncio.get_running_loop().create_future()
            future.set_result(value)

    async def viewer_roles(self) -> dict[int, viewer.Grant]:
        """{location id: Grant} of the viewer (empty when anonymous or D2C)."""

        async def read() -> dict[int, viewer.Grant]:
            if self.customer_id is None:
                return {}
            async with self.db.reader() as session:
                return await viewer.location_roles(session, self.customer_id)

        return await self._once("roles", read)

    async def buyer_location_id(self) -> int | None:
        """The location the viewer buys for (None: anonymous, D2C, or not chosen)."""
        return viewer.buying_for(await self.viewer_roles(), self.chosen_location_id)


BUYER_IP = "x-buyer-ip"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_address(request: Any, settings: Settings, *, vouched: bool) -> str | None:
    """The client address the per-address limits count (login codes, account requests), decided
    here and nowhere else:

    1. X-Buyer-IP, when a valid private storefront token vouches for it (a server-side storefront
       names its buyer); without one the header is ignored;
    2. else, when the peer is a trusted proxy (TRUSTED_PROXIES), the nearest X-Forwarded-For hop
       that is not one: hops further out are whatever the client chose to write;
    3. else the peer (`gateway serve` turns uvicorn's own proxy header handling off, so the peer is
       the socket's).

    IPv6 counts by /64, the block one subscriber is usually given. ValueError: an X-Buyer-IP that
    is not an IP address.
    """
    buyer = request.headers.get(BUYER_IP) if vouched else None
    if buyer is not None:
        return _counted(ipaddress.ip_address(buyer.strip()))
    client = getattr(request, "client", None)
    if client is None:
        return None
    try:
        peer = _unmapped(ipaddress.ip_address(client.host))
    except ValueError:  # not a socket address (an in-process test client's name)
        return client.host
    if _trusted(peer, settings):
        hops = [hop.strip() for value in request.headers.getlist("x-forwarded-for") for hop in value.split(",")]
        for hop in reversed(hops):
            try:
                address = _unmapped(ipaddress.ip_address(hop))
            except ValueError:  # a proxy we trust would not write that: stop at the last one we do
                break
            peer = address
            if not _trusted(address, settings):
                break
    return _counted(peer)


def _unmapped(address: IPAddress) -> IPAddress:
    """::ffff:192.0.2.7 (IPv4 on a dual-stack socket) is 192.0.2.7."""
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address: IPAddress, settings: Settings) -> bool:
    return any(address in network for network in settings.trusted_proxy_networks)


def _counted(address: IPAddress) -> str:
    address = _unmapped(address)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
