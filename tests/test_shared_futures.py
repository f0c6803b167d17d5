"""A field error that nulls a branch must not cancel reads other fields share (issue 11).

graphql-core gathers sibling fields with gather_with_cancel: when one raises, it cancels the others.
A DataLoader hands every caller of a key the same future (Context._once likewise its per-request
reads), and cancelling a task that awaits a future cancels the future: every other field waiting for
it got a CancelledError, and the request an HTTP 500.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from gateway import demo
from gateway.db import models as m
from gateway.db.engine import Database
from resolvers.platform.context import Context
from tests.catalog.helpers import login

NESTED = """{ viewer { companyContacts { customer { companyContacts { customer {
    orders(first: 262145) { nodes { note } } } company { website } } } company { id } } } }"""


async def test_a_page_too_large_beside_a_pending_load_is_a_clear_error_every_time(db: Database, client) -> None:
    async with db.transaction() as session:
        await demo.seed(session)
    buyer = await login(db, client, demo.BUYER_EMAILS[0])
    for _ in range(40):  # the cancellation raced the load: a 500 on about a quarter of tries
        response = await buyer.post(NESTED)
        assert response.status_code == 200, response.text
        errors = response.json()["errors"]
        assert [e["message"] for e in errors] == ["first and last may be at most 100."], errors
        assert errors[0]["path"][-1] == "orders"


async def _second_caller_survives(read: Callable[[], Awaitable]):  # noqa: ANN202
    first, second = asyncio.ensure_future(read()), asyncio.ensure_future(read())
    await asyncio.sleep(0)  # both now wait for the one shared read
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    return await second


async def test_a_cancelled_caller_leaves_a_per_request_read_to_the_others(db: Database, settings) -> None:
    context = Context(db=db, settings=settings)
    assert (await _second_caller_survives(context.shop)).name == "Gateway Shop"


async def test_a_cancelled_caller_leaves_a_batched_load_to_the_others(db: Database, settings) -> None:
    context = Context(db=db, settings=settings)
    shop = await context.shop()
    loader = context.loaders.by_id(m.ShopSettings)
    assert (await _second_caller_survives(lambda: loader.load(shop.id))).id == shop.id
