"""Which address the per-address login limit counts: X-Buyer-IP under a private storefront token,
X-Forwarded-For from TRUSTED_PROXIES only, the peer otherwise; and a THROTTLED answer that names
the limit that tripped."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace

import httpx
import pytest
from sqlalchemy import select
from starlette.datastructures import Headers

from gateway.app import create_app
from gateway.auth import storefront_tokens
from gateway.auth.login import CODES_PER_ADDRESS
from gateway.db.models import LoginCode
from gateway.platform.settings import Settings
from resolvers.platform.context import client_address
from tests.auth.helpers import REQUEST


@pytest.fixture
async def private_token(db) -> str:
    async with db.transaction() as session:
        return await storefront_tokens.create(session, "next-storefront")


@pytest.fixture
async def peer(settings, db) -> AsyncIterator:
    """An httpx client whose requests come from `host`, against an app with settings changed by `extra`."""
    opened: list[httpx.AsyncClient] = []

    def make(host: str = "203.0.113.1", **extra) -> httpx.AsyncClient:
        app = create_app(settings.model_copy(update=extra), db)
        opened.append(httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(host, 4000)),
                                        base_url="http://test"))
        return opened[-1]

    yield make
    for http in opened:
        await http.aclose()


async def ask(http: httpx.AsyncClient, email: str, **headers: str) -> httpx.Response:
    headers = {name.replace("_", "-"): value for name, value in headers.items()}
    return await http.post("/graphql", json={"query": REQUEST, "variables": {"email": email}}, headers=headers)


def errors(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["data"]["requestLoginCode"]["userErrors"]


async def addresses(db) -> list[str | None]:
    async with db.reader() as session:
        return list((await session.scalars(select(LoginCode.client_address).order_by(LoginCode.id))).all())


async def test_a_private_token_lets_x_buyer_ip_count_each_buyer(peer, private_token, db) -> None:
    storefront_server = peer("198.51.100.10")
    for n in range(CODES_PER_ADDRESS + 5):  # more buyers than one address may serve
        vouched = await ask(storefront_server, f"buyer{n}@example.com", x_storefront_private_token=private_token,
                            x_buyer_ip=f"192.0.2.{n}")
        assert errors(vouched) == []
    assert (await addresses(db))[:2] == ["192.0.2.0", "192.0.2.1"]
    for n in range(CODES_PER_ADDRESS - 1):  # one buyer's address still has its limit
        await ask(storefront_server, f"other{n}@example.com", x_storefront_private_token=private_token,
                  x_buyer_ip="192.0.2.0")
    [error] = errors(await ask(storefront_server, "last@example.com", x_storefront_private_token=private_token,
                               x_buyer_ip="192.0.2.0"))
    assert (error["code"], error["field"]) == ("THROTTLED", None)
    assert error["message"].startswith(
        f"Too many login codes were requested from your network address (at most {CODES_PER_ADDRESS} an hour "
        "from one address). Try again after "
    )
    assert "email" not in error["message"]  # the buyer's email is not to blame


async def test_without_a_private_token_x_buyer_ip_is_ignored(peer, db) -> None:
    http = peer("198.51.100.10")
    for n in range(CODES_PER_ADDRESS):
        assert errors(await ask(http, f"buyer{n}@example.com", x_buyer_ip=f"192.0.2.{n}")) == []
    assert set(await addresses(db)) == {"198.51.100.10"}
    [error] = errors(await ask(http, "late@example.com", x_buyer_ip="192.0.2.200"))
    assert (error["code"], error["field"]) == ("THROTTLED", None)


async def test_a_private_token_without_x_buyer_ip_counts_the_storefront_server(peer, private_token, db) -> None:
    assert errors(await ask(peer("198.51.100.10"), "a@example.com", x_storefront_private_token=private_token)) == []
    assert await addresses(db) == ["198.51.100.10"]


async def test_a_bad_or_revoked_private_token_answers_401(peer, private_token, db) -> None:
    http = peer()
    assert (await ask(http, "a@example.com", x_storefront_private_token="gwp_nope", x_buyer_ip="192.0.2.1")
            ).status_code == 401
    assert (await ask(http, "a@example.com", x_storefront_private_token=private_token[:-1])).status_code == 401
    async with db.transaction() as session:
        await storefront_tokens.revoke(session, "next-storefront")
    assert (await ask(http, "a@example.com", x_storefront_private_token=private_token)).status_code == 401
    assert await addresses(db) == []


async def test_an_x_buyer_ip_that_is_no_address_answers_400(peer, private_token, db) -> None:
    for bad in ("buyer", "192.0.2.1:443", "192.0.2.1, 10.0.0.1", "300.1.1.1"):
        response = await ask(peer(), "a@example.com", x_storefront_private_token=private_token, x_buyer_ip=bad)
        assert response.status_code == 400, bad
    assert await addresses(db) == []


async def test_a_private_token_does_not_unlock_the_admin_api(peer, private_token) -> None:
    response = await peer().post("/admin/graphql", json={"query": "{ companies(first: 1) { nodes { id } } }"},
                                 headers={"Authorization": f"Bearer {private_token}"})
    assert response.status_code == 401


async def test_x_forwarded_for_is_believed_from_trusted_proxies_only(peer, db) -> None:
    spoofed = "6.6.6.6, 192.0.2.44"  # the client wrote 6.6.6.6; our proxy appended 192.0.2.44
    await ask(peer("10.0.0.5", trusted_proxies="10.0.0.0/8"), "a@example.com", x_forwarded_for=spoofed)
    await ask(peer("203.0.113.9", trusted_proxies="10.0.0.0/8"), "b@example.com", x_forwarded_for=spoofed)
    await ask(peer("10.0.0.5"), "c@example.com", x_forwarded_for=spoofed)  # TRUSTED_PROXIES unset
    assert await addresses(db) == ["192.0.2.44", "203.0.113.9", "10.0.0.5"]


async def test_the_email_limit_names_the_email(storefront) -> None:
    for _ in range(5):
        await storefront(REQUEST, email="anna@example.com")
    [error] = (await storefront(REQUEST, email="anna@example.com"))["requestLoginCode"]["userErrors"]
    assert (error["code"], error["field"]) == ("THROTTLED", ["email"])
    assert error["message"].startswith(
        "Too many login codes were requested for this email (at most 5 an hour). Try again after "
    )
    assert error["message"].endswith("(in 60 minutes).")


def resolve(peer_host: str | None, headers: dict[str, str], *, vouched: bool = False, proxies: str = "") -> str | None:
    request = SimpleNamespace(headers=Headers(headers), client=SimpleNamespace(host=peer_host) if peer_host else None)
    return client_address(request, Settings(secret_key="x", trusted_proxies=proxies), vouched=vouched)


@pytest.mark.parametrize(
    ("peer_host", "headers", "vouched", "proxies", "expected"),
    [
        ("192.0.2.1", {}, False, "", "192.0.2.1"),
        (None, {}, False, "", None),
        ("192.0.2.1", {"x-buyer-ip": " 198.51.100.7 "}, True, "", "198.51.100.7"),
        ("192.0.2.1", {"x-buyer-ip": "198.51.100.7"}, False, "", "192.0.2.1"),
        # several trusted hops: the nearest untrusted one; all trusted: the outermost
        ("10.0.0.1", {"x-forwarded-for": "1.1.1.1, 198.51.100.7, 10.0.0.2"}, False, "10.0.0.0/8", "198.51.100.7"),
        ("10.0.0.1", {"x-forwarded-for": "10.0.0.3, 10.0.0.2"}, False, "10.0.0.0/8", "10.0.0.3"),
        ("10.0.0.1", {"x-forwarded-for": "garbage, 10.0.0.2"}, False, "10.0.0.0/8", "10.0.0.2"),
        ("10.0.0.1", {"x-forwarded-for": ""}, False, "10.0.0.0/8", "10.0.0.1"),
        ("::1", {"x-forwarded-for": "198.51.100.7"}, False, "::1", "198.51.100.7"),
        # IPv6 counts by /64; IPv4 on a dual-stack socket is IPv4
        ("2001:db8:1:2:aaaa::1", {}, False, "", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.9", {}, False, "", "192.0.2.9"),
        ("192.0.2.1", {"x-buyer-ip": "2001:db8::7"}, True, "", "2001:db8::/64"),
    ],
)
def test_client_address(peer_host, headers, vouched, proxies, expected) -> None:
    assert resolve(peer_host, headers, vouched=vouched, proxies=proxies) == expected


def test_trusted_proxies_must_be_addresses() -> None:
    with pytest.raises(ValueError, match="'proxy.local' is not an IP address or network"):
        Settings(secret_key="x", trusted_proxies="10.0.0.0/8, proxy.local")
