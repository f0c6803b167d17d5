"""Every number of the login policy, through the Storefront API."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import func, select

from gateway.db.models import Customer, LoginCode, OutboxMessage
from gateway.platform import clock
from tests.auth.helpers import (
    ERRORS, REQUEST, VERIFY, VIEWER, as_viewer, log_in, mailed_code, request_code, verify,
)
from tests.helpers import create_company


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def error_codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def test_login_gives_a_30_day_token_and_activates(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    assert len(code) == 6 and code.isdigit()
    payload = await verify(storefront, "ANNA@example.com ", code)
    assert payload["userErrors"] == []
    assert payload["accessToken"].startswith("gwc_") and len(payload["accessToken"]) >= 4 + 43
    expires = datetime.fromisoformat(payload["expiresAt"])
    assert abs(expires - (clock.now() + timedelta(days=30))) < timedelta(seconds=5)
    assert payload["customer"]["status"] == "ACTIVE"
    assert payload["customer"]["lastLoginAt"] is not None

    viewer = as_viewer(storefront, payload["accessToken"])
    assert (await viewer(VIEWER))["viewer"]["email"] == "anna@example.com"
    clock.advance(30 * 24 * 3600 + 1)
    assert (await viewer.post(VIEWER)).status_code == 401


async def test_code_is_stored_only_as_hmac_with_the_secret(storefront, db, settings) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    async with db.reader() as session:
        stored = await session.scalar(select(LoginCode.code_hash))
    assert code not in stored
    expected = hmac.new(settings.secret_key.encode(), f"anna@example.com\n{code}".encode(), hashlib.sha256)
    assert stored == expected.hexdigest()


async def test_code_expires_after_10_minutes(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    clock.advance(10 * 60 + 1)
    assert error_codes(await verify(storefront, "anna@example.com", code)) == ["INVALID_CODE"]


async def test_code_still_works_just_before_10_minutes(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    clock.advance(10 * 60 - 5)
    assert (await verify(storefront, "anna@example.com", code))["userErrors"] == []


async def test_code_works_once(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    assert (await verify(storefront, "anna@example.com", code))["userErrors"] == []
    again = await verify(storefront, "anna@example.com", code)
    assert error_codes(again) == ["INVALID_CODE"] and again["accessToken"] is None


async def test_new_code_replaces_the_old(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    old = await mailed_code(db, "anna@example.com")
    await request_code(storefront, "anna@example.com")
    new = await mailed_code(db, "anna@example.com")
    if old != new:  # one in a million they coincide
        assert error_codes(await verify(storefront, "anna@example.com", old)) == ["INVALID_CODE"]
    assert (await verify(storefront, "anna@example.com", new))["userErrors"] == []


async def test_fifth_wrong_try_kills_the_code(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    for _ in range(5):
        assert error_codes(await verify(storefront, "anna@example.com", wrong(code))) == ["INVALID_CODE"]
    assert error_codes(await verify(storefront, "anna@example.com", code)) == ["INVALID_CODE"]


async def test_four_wrong_tries_leave_the_code_alive(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    for _ in range(4):
        await verify(storefront, "anna@example.com", wrong(code))
    assert (await verify(storefront, "anna@example.com", code))["userErrors"] == []


async def test_sixth_code_in_an_hour_is_throttled_until_the_hour_is_over(storefront, db) -> None:
    for _ in range(5):
        assert (await request_code(storefront, "anna@example.com"))["userErrors"] == []
        clock.advance(60)
    sixth = await request_code(storefront, "anna@example.com")
    [error] = sixth["userErrors"]
    assert (error["code"], error["field"]) == ("THROTTLED", ["email"])
    assert "Try again after" in error["message"]
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 5
    clock.advance(3600 - 5 * 60 + 2)  # the first code of the hour is now older than an hour
    assert (await request_code(storefront, "anna@example.com"))["userErrors"] == []


async def test_21st_code_from_one_address_is_throttled(storefront) -> None:
    for n in range(20):
        assert (await request_code(storefront, f"buyer{n}@example.com"))["userErrors"] == []
    assert error_codes(await request_code(storefront, "buyer20@example.com")) == ["THROTTLED"]


async def test_aliased_guesses_in_one_document_change_nothing(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    guesses = " ".join(
        f'g{n}: verifyLoginCode(email: "anna@example.com", code: "{wrong(code)}") {{ accessToken }}' for n in range(8)
    )
    errors = await storefront.errors(f"mutation {{ {guesses} }}")
    assert "at most one login mutation" in errors[0]["message"]
    async with db.reader() as session:
        assert await session.scalar(select(LoginCode.failed_attempts)) == 0
    for _ in range(4):  # all four wrong tries the policy allows are still there
        await verify(storefront, "anna@example.com", wrong(code))
    assert (await verify(storefront, "anna@example.com", code))["userErrors"] == []


async def test_one_document_cannot_request_two_codes(storefront) -> None:
    errors = await storefront.errors(
        'mutation { a: requestLoginCode(email: "a@example.com") { userErrors { code } } '
        'b: requestLoginCode(email: "b@example.com") { userErrors { code } } }'
    )
    assert "at most one login mutation" in errors[0]["message"]


async def test_known_unknown_and_disabled_emails_get_identical_answers(storefront, admin) -> None:
    await create_company(admin, email="known@example.com")
    disabled = await create_company(admin, name="Other", email="off@example.com")
    customer_id = disabled["mainContact"]["customer"]["id"]
    await admin(
        "mutation($id: ID!) { customerUpdate(customerId: $id, input: {status: DISABLED}) { userErrors { code } } }",
        id=customer_id,
    )
    answers = [
        (await storefront.post(REQUEST, email=email)).json()
        for email in ("known@example.com", "nobody@example.com", "off@example.com")
    ]
    assert answers[0] == answers[1] == answers[2] == {"data": {"requestLoginCode": {"userErrors": []}}}
    wrongs = [
        (await storefront.post(VERIFY, email=email, code="123456")).json()
        for email in ("known@example.com", "nobody@example.com", "off@example.com")
    ]
    assert wrongs[0] == wrongs[1] == wrongs[2]


async def test_disabled_customer_gets_no_code_no_token_and_loses_sessions(storefront, admin, db) -> None:
    company = await create_company(admin, email="anna@example.com")
    token = await log_in(storefront, db, "anna@example.com")
    await request_code(storefront, "anna@example.com")
    pending = await mailed_code(db, "anna@example.com")
    await admin(
        "mutation($id: ID!) { customerUpdate(customerId: $id, input: {status: DISABLED}) { userErrors { code } } }",
        id=company["mainContact"]["customer"]["id"],
    )
    assert (await as_viewer(storefront, token).post(VIEWER)).status_code == 401
    assert error_codes(await verify(storefront, "anna@example.com", pending)) == ["INVALID_CODE"]

    async with db.reader() as session:
        before = await session.scalar(select(func.count()).select_from(OutboxMessage))
    assert (await request_code(storefront, "anna@example.com"))["userErrors"] == []
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == before


async def test_invalid_email_and_malformed_code(storefront) -> None:
    payload = await request_code(storefront, "not-an-email")
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["email"], "INVALID")]
    assert error_codes(await verify(storefront, "anna@example.com", "12ab")) == ["INVALID_CODE"]


async def test_unknown_email_becomes_a_direct_customer(storefront, db) -> None:
    token = await log_in(storefront, db, "Dora@Example.com")
    me = (await as_viewer(storefront, token)(VIEWER))["viewer"]
    assert me["email"] == "dora@example.com" and me["status"] == "ACTIVE"
    assert me["companyContacts"] == [] and me["locations"]["nodes"] == [] and me["selectedLocation"] is None
    await log_in(storefront, db, "dora@example.com")
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(Customer)) == 1


async def test_b2b_only_refuses_direct_customers(storefront, admin, db) -> None:
    await create_company(admin, email="anna@acme.test")
    await log_in(storefront, db, "dora@example.com")  # a D2C customer from before the switch
    await admin("mutation { shopUpdate(input: {accessMode: B2B_ONLY}) { userErrors { code } } }")

    for email in ("dora@example.com", "nobody@example.com"):
        await request_code(storefront, email)
        payload = await verify(storefront, email, await mailed_code(db, email))
        assert error_codes(payload) == ["NOT_B2B_CUSTOMER"]
        assert payload["accessToken"] is None
    async with db.reader() as session:
        assert await session.scalar(select(func.count()).where(Customer.email == "nobody@example.com")) == 0
    assert await log_in(storefront, db, "anna@acme.test")


async def test_wrong_tries_are_counted_even_though_answered_with_an_error(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    await verify(storefront, "anna@example.com", wrong(code))
    await verify(storefront, "anna@example.com", wrong(code))
    async with db.reader() as session:
        assert await session.scalar(select(LoginCode.failed_attempts)) == 2


async def test_errors_field_shape(storefront) -> None:
    body = (await storefront.post(
        f'mutation {{ verifyLoginCode(email: "a@example.com", code: "000000") {{ {ERRORS} }} }}'
    )).json()
    [error] = body["data"]["verifyLoginCode"]["userErrors"]
    assert error["field"] == ["code"] and error["code"] == "INVALID_CODE"


async def test_concurrent_requests_cannot_exceed_five_codes(storefront) -> None:
    answers = await asyncio.gather(*(request_code(storefront, "anna@example.com") for _ in range(8)))
    assert sorted(tuple(error_codes(a)) for a in answers) == [()] * 5 + [("THROTTLED",)] * 3


async def test_concurrent_wrong_tries_cannot_exceed_five(storefront, db) -> None:
    await request_code(storefront, "anna@example.com")
    code = await mailed_code(db, "anna@example.com")
    await asyncio.gather(*(verify(storefront, "anna@example.com", wrong(code)) for _ in range(8)))
    async with db.reader() as session:
        assert await session.scalar(select(LoginCode.failed_attempts)) == 5
    assert error_codes(await verify(storefront, "anna@example.com", code)) == ["INVALID_CODE"]
