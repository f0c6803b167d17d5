"""Quotes through HTTP: a buyer asks (by variant or sku, with a note), the merchant prices and sends
it, the buyer accepts it once (an order at the quoted prices, priceSource QUOTE) or declines it;
an expired quote cannot be accepted."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gateway.db.models import Order
from gateway.platform import clock
from tests.catalog.helpers import login
from tests.governance.helpers import contact
from tests.helpers import ERRORS, MERCHANT, codes
from tests.orders.helpers import key, mails_to, set_company, set_terms
from tests.outbox.webhooks import subscribe, webhook_rows

QUOTE = "id name status note merchantNote reason expiresAt total { amount currencyCode } " \
        "lines { id sku quantity unitPrice { amount } } order { id }"
REQUEST = f"""mutation($input: QuoteRequestInput!) {{ quoteRequestCreate(input: $input) {{
    quote {{ {QUOTE} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: QuoteUpdateInput!) {{ quoteUpdate(id: $id, input: $input) {{
    quote {{ {QUOTE} }} {ERRORS} }} }}"""
SEND = f"mutation($id: ID!) {{ quoteSend(id: $id) {{ quote {{ {QUOTE} }} {ERRORS} }} }}"
ACCEPT = f"""mutation($id: ID!, $key: String!, $method: ID) {{ quoteAccept(id: $id, idempotencyKey: $key,
    paymentMethodId: $method) {{ quote {{ status }} order {{ id displayFinancialStatus
      lineItems {{ sku quantity unitPrice {{ amount }} priceSource priceSourceDetails {{ rule }} }} }} {ERRORS} }} }}"""
DECLINE = f"mutation($id: ID!, $reason: String) {{ quoteDecline(id: $id, reason: $reason) {{ quote {{ {QUOTE} }} {ERRORS} }} }}"
MINE = f"{{ viewer {{ quotes(first: 10) {{ nodes {{ {QUOTE} }} }} }} }}"


@pytest.fixture
async def asked(acme, admin):  # noqa: ANN001, ANN201
    """anna's quote for 10 of BOLT-S (by variant) and 4 NUT (by sku), HQ on Net 30."""
    await set_terms(admin, acme["location"], "Net 30")
    lines = [{"variantId": acme["bolt"]["variants"][0]["id"], "quantity": 10}, {"sku": "NUT", "quantity": 4}]
    payload = (await acme["buyer"](REQUEST, input={"lines": lines, "note": "Yearly volume"}))["quoteRequestCreate"]
    assert payload["userErrors"] == []
    return payload["quote"]


async def priced(admin, quote: dict, *prices: str) -> dict:  # noqa: ANN001
    lines = [{"id": line["id"], "price": price} for line, price in zip(quote["lines"], prices)]
    payload = (await admin(UPDATE, id=quote["id"], input={"lines": lines, "note": "Framework price"}))["quoteUpdate"]
    assert payload["userErrors"] == []
    sent = (await admin(SEND, id=quote["id"]))["quoteSend"]
    assert sent["userErrors"] == []
    return sent["quote"]


async def test_ask_price_send_and_accept_once(acme, admin, db, asked):
    await subscribe(admin, "QUOTES_UPDATE", "https://erp.example/quotes")
    assert (asked["status"], asked["note"], [(l["sku"], l["quantity"], l["unitPrice"]) for l in asked["lines"]]) == (
        "REQUESTED", "Yearly volume", [("BOLT-S", 10, None), ("NUT", 4, None)],
    )
    [mail] = await mails_to(db, MERCHANT)
    assert asked["name"] in mail.subject and "NUT" in mail.body_text
    unpriced = (await admin(SEND, id=asked["id"]))["quoteSend"]
    assert codes(unpriced) == [(["id"], "UNPRICED")]
    early = (await acme["buyer"](ACCEPT, id=asked["id"], key=key()))["quoteAccept"]
    assert codes(early) == [(["id"], "INVALID_STATE")]

    sent = await priced(admin, asked, "8.50", "9.00")
    assert (sent["status"], sent["merchantNote"], sent["total"]) == (
        "SENT", "Framework price", {"amount": "121.00", "currencyCode": "EUR"},
    )
    assert any("121.00" in m.body_text for m in await mails_to(db, "anna@acme.test"))

    idempotency_key = key()
    accepted = (await acme["buyer"](ACCEPT, id=asked["id"], key=idempotency_key))["quoteAccept"]
    assert accepted["userErrors"] == [] and accepted["quote"]["status"] == "ACCEPTED"
    order = accepted["order"]
    assert order["displayFinancialStatus"] == "PENDING"  # the location's Net 30
    assert order["lineItems"] == [
        {"sku": "BOLT-S", "quantity": 10, "unitPrice": {"amount": "8.50"}, "priceSource": "QUOTE",
         "priceSourceDetails": {"rule": "QUOTE"}},
        {"sku": "NUT", "quantity": 4, "unitPrice": {"amount": "9.00"}, "priceSource": "QUOTE",
         "priceSourceDetails": {"rule": "QUOTE"}},
    ]
    replay = (await acme["buyer"](ACCEPT, id=asked["id"], key=idempotency_key))["quoteAccept"]
    twice = (await acme["buyer"](ACCEPT, id=asked["id"], key=key()))["quoteAccept"]
    assert replay["order"]["id"] == twice["order"]["id"] == order["id"]
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 1
    statuses = [json.loads(row.body_text)["status"] for row in await webhook_rows(db, "QUOTES_UPDATE")]
    assert statuses == ["REQUESTED", "SENT", "ACCEPTED"]
    assert codes((await admin(SEND, id=asked["id"]))["quoteSend"]) == [(["id"], "INVALID_STATE")]
    declined = (await acme["buyer"](DECLINE, id=asked["id"]))["quoteDecline"]
    assert codes(declined) == [(["id"], "INVALID_STATE")]


async def test_concurrent_accepts_make_one_order(acme, admin, db, asked):
    await priced(admin, asked, "8.50", "9.00")
    results = await asyncio.gather(*(acme["buyer"](ACCEPT, id=asked["id"], key=key()) for _ in range(4)))
    orders = {r["quoteAccept"]["order"]["id"] for r in results if not r["quoteAccept"]["userErrors"]}
    assert len(orders) == 1
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 1


async def test_an_expired_quote_cannot_be_accepted(acme, admin, db, client, asked):
    tomorrow = (clock.now() + timedelta(hours=20)).isoformat()
    updated = (await admin(UPDATE, id=asked["id"], input={"expiresAt": tomorrow}))["quoteUpdate"]
    assert updated["userErrors"] == []
    past = (await admin(UPDATE, id=asked["id"], input={"expiresAt": "2020-01-01T00:00:00Z"}))["quoteUpdate"]
    assert codes(past) == [(["input", "expiresAt"], "INVALID")]
    sent = await priced(admin, asked, "8.50", "9.00")
    assert sent["expiresAt"].startswith(tomorrow[:13])
    clock.advance(21 * 3600)
    buyer = await login(db, client, "anna@acme.test")
    assert [q["status"] for q in (await buyer(MINE))["viewer"]["quotes"]["nodes"]] == ["EXPIRED"]
    expired = (await buyer(ACCEPT, id=asked["id"], key=key()))["quoteAccept"]
    assert codes(expired) == [(["id"], "EXPIRED")]


async def test_decline_with_a_reason(acme, admin, db, asked):
    await priced(admin, asked, "8.50", "9.00")
    declined = (await acme["buyer"](DECLINE, id=asked["id"], reason="Too dear"))["quoteDecline"]
    assert declined["userErrors"] == []
    assert (declined["quote"]["status"], declined["quote"]["reason"]) == ("DECLINED", "Too dear")
    assert any("Too dear" in m.body_text for m in await mails_to(db, MERCHANT))
    assert codes((await acme["buyer"](ACCEPT, id=asked["id"], key=key()))["quoteAccept"]) == [(["id"], "INVALID_STATE")]


async def test_bad_requests_change_nothing(acme, admin, storefront):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    cases = [
        ({"lines": []}, [(["input", "lines"], "BLANK")]),
        ({"lines": [{"sku": "NOPE"}]}, [(["input", "lines", "0", "sku"], "NOT_FOUND")]),
        ({"lines": [{"sku": "NUT", "variantId": bolt["id"]}]}, [(["input", "lines", "0", "variantId"], "INVALID")]),
        ({"lines": [{"variantId": bolt["id"], "quantity": 0}]}, [(["input", "lines", "0", "quantity"], "LESS_THAN")]),
    ]
    for data, expected in cases:
        assert codes((await buyer(REQUEST, input=data))["quoteRequestCreate"]) == expected, data
    anonymous = (await storefront(REQUEST, input={"lines": [{"sku": "NUT"}]}))["quoteRequestCreate"]
    assert codes(anonymous) == [(["input"], "LOGIN_REQUIRED")]
    assert (await admin("{ quotes(first: 5) { nodes { id } } }"))["quotes"]["nodes"] == []


async def test_who_sees_and_accepts_a_colleagues_quote(acme, admin, db, client, asked):
    """olga (ORDERING_ONLY) neither sees nor accepts anna's quote; carl (an approver) may; bob's limit is too low."""
    hq = acme["location"]
    olga, _ = await contact(admin, db, client, "olga@acme.test", hq, role="ORDERING_ONLY")
    bob_role = (await admin("""mutation { companyRoleCreate(input: {name: "Buyer", permissions: [PLACE_ORDERS,
        VIEW_ALL_ORDERS]}) { companyRole { id } } }"""))["companyRoleCreate"]["companyRole"]["id"]
    bob, _ = await contact(admin, db, client, "bob@acme.test", hq, roleId=bob_role, limit="100.00")
    await priced(admin, asked, "8.50", "9.00")
    assert (await olga(MINE))["viewer"]["quotes"]["nodes"] == []
    assert codes((await olga(ACCEPT, id=asked["id"], key=key()))["quoteAccept"]) == [(["id"], "NOT_FOUND")]
    assert [q["id"] for q in (await bob(MINE))["viewer"]["quotes"]["nodes"]] == [asked["id"]]
    over = (await bob(ACCEPT, id=asked["id"], key=key()))["quoteAccept"]
    assert codes(over) == [(["id"], "SPENDING_LIMIT_EXCEEDED")]  # 121.00 > 100.00
    await set_company(admin, creditLimit="100.00")
    short = (await acme["buyer"](ACCEPT, id=asked["id"], key=key()))["quoteAccept"]
    assert codes(short) == [(["id"], "CREDIT_LIMIT_EXCEEDED")]
    assert (await acme["buyer"](MINE))["viewer"]["quotes"]["nodes"][0]["status"] == "SENT"  # nothing changed


async def test_a_request_is_announced(acme, admin, db):
    await subscribe(admin, "QUOTES_CREATE", "https://erp.example/quotes")
    payload = (await acme["buyer"](REQUEST, input={"lines": [{"sku": "NUT", "quantity": 3}]}))["quoteRequestCreate"]
    [row] = await webhook_rows(db, "QUOTES_CREATE")
    body = json.loads(row.body_text)
    assert (body["id"], body["status"]) == (payload["quote"]["id"], "REQUESTED")
    assert [(line["sku"], line["quantity"], line["unitPrice"]) for line in body["lines"]] == [("NUT", 3, None)]
