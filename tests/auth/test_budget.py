"""The login budget per email, across codes: 10 failures in a row lock the email for 15 minutes,
doubling up to 24 hours; a new code does not reset it, a successful login does."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta

from sqlalchemy import select, update

from gateway import housekeeping
from gateway.db.models import LoginBudget, LoginCode
from gateway.platform import clock
from tests.auth.helpers import VERIFY, log_in, mailed_code, request_code, verify
from tests.auth.test_login_policy import error_codes, wrong
from tests.helpers import create_company

EMAIL = "anna@example.com"
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


async def fresh_code(storefront, db, email: str = EMAIL) -> str:
    assert (await request_code(storefront, email))["userErrors"] == []
    return await mailed_code(db, email)


async def fail(storefront, db, times: int, email: str = EMAIL) -> list[list[str]]:
    """`times` wrong tries, a new code whenever the old one is dead (4 wrong tries per code)."""
    answers, code = [], None
    for n in range(times):
        if n % 4 == 0:
            code = await fresh_code(storefront, db, email)
        answers.append(error_codes(await verify(storefront, email, wrong(code))))
    return answers


def locked_until(payload: dict) -> datetime:
    [error] = payload["userErrors"]
    assert (error["code"], error["field"]) == ("TOO_MANY_ATTEMPTS", ["email"]), error
    return datetime.fromisoformat(ISO.search(error["message"]).group())


async def test_ten_failures_over_three_codes_lock_even_the_right_code(storefront, db) -> None:
    answers = await fail(storefront, db, 10)  # codes 1 and 2: four wrong tries each, code 3: two
    assert answers == [["INVALID_CODE"]] * 9 + [["TOO_MANY_ATTEMPTS"]]
    code = await fresh_code(storefront, db)  # a new code does not reset the budget
    eleventh = await verify(storefront, EMAIL, code)
    assert eleventh["accessToken"] is None
    until = locked_until(eleventh)
    assert abs(until - (clock.now() + timedelta(minutes=15))) < timedelta(seconds=5)
    [error] = eleventh["userErrors"]
    assert error["message"].startswith("Too many failed tries for this email. Try again after ")
    assert error["message"].endswith("(in 15 minutes).")
    async with db.reader() as session:  # the locked try was not checked: the code is untouched and alive
        row = await session.scalar(select(LoginCode).order_by(LoginCode.id.desc()).limit(1))
    assert (row.failed_attempts, row.consumed_at) == (0, None)


async def test_nine_failures_then_the_right_code_resets_the_budget(storefront, db) -> None:
    assert await fail(storefront, db, 9) == [["INVALID_CODE"]] * 9
    assert (await verify(storefront, EMAIL, await fresh_code(storefront, db)))["userErrors"] == []
    async with db.reader() as session:
        assert await session.scalar(select(LoginBudget).where(LoginBudget.email == EMAIL)) is None
    clock.advance(3600)  # past the hour's five codes
    assert await fail(storefront, db, 9) == [["INVALID_CODE"]] * 9  # nine more, not one
    assert (await verify(storefront, EMAIL, await fresh_code(storefront, db)))["userErrors"] == []


async def test_the_right_code_on_the_tenth_try_logs_in(storefront, db) -> None:
    await fail(storefront, db, 9)
    clock.advance(3600)
    assert (await verify(storefront, EMAIL, await fresh_code(storefront, db)))["userErrors"] == []


async def test_lockout_ends_after_15_minutes_then_doubles(storefront, db) -> None:
    await fail(storefront, db, 10)
    clock.advance(15 * 60 - 10)
    assert error_codes(await verify(storefront, EMAIL, "000000")) == ["TOO_MANY_ATTEMPTS"]
    clock.advance(3600)  # the lock is over (and the hour's five codes with it)
    assert await fail(storefront, db, 10) == [["INVALID_CODE"]] * 9 + [["TOO_MANY_ATTEMPTS"]]
    until = locked_until(await verify(storefront, EMAIL, "000000"))
    assert abs(until - (clock.now() + timedelta(minutes=30))) < timedelta(seconds=5)
    clock.advance(15 * 60 + 5)
    assert error_codes(await verify(storefront, EMAIL, "000000")) == ["TOO_MANY_ATTEMPTS"]  # 30, not 15
    clock.advance(15 * 60)
    code = await fresh_code(storefront, db)
    assert (await verify(storefront, EMAIL, code))["userErrors"] == []
    async with db.reader() as session:
        assert await session.scalar(select(LoginBudget).where(LoginBudget.email == EMAIL)) is None


async def test_lockouts_double_up_to_24_hours(storefront, db) -> None:
    expected = [15, 30, 60, 120, 240, 480, 960, 1440, 1440]
    for minutes in expected:
        for _ in range(10):  # no code at all: a try without one is a failure like any other
            await verify(storefront, EMAIL, "000000")
        payload = await verify(storefront, EMAIL, "000000")
        assert abs(locked_until(payload) - (clock.now() + timedelta(minutes=minutes))) < timedelta(seconds=5)
        clock.advance(minutes * 60 + 1)
    async with db.transaction() as session:  # far beyond: still a day, no overflow
        await session.execute(update(LoginBudget).values(lockouts=10_000))
    for _ in range(10):
        await verify(storefront, EMAIL, "000000")
    payload = await verify(storefront, EMAIL, "000000")
    assert abs(locked_until(payload) - (clock.now() + timedelta(hours=24))) < timedelta(seconds=5)
    assert "(in about 24 hours)." in payload["userErrors"][0]["message"]


async def test_known_and_unknown_emails_answer_alike(storefront, admin, db) -> None:
    await create_company(admin, email="known@example.com")
    await log_in(storefront, db, "known@example.com")  # a customer with a history of logging in
    emails = ("known@example.com", "nobody@example.com")
    codes = {email: await fresh_code(storefront, db, email) for email in emails}
    for n in range(12):  # interleaved, so both see the same clock; the 11th and 12th with the right code
        answers = []
        for email in emails:
            code = codes[email] if n >= 10 else wrong(codes[email])
            if n in (4, 8):
                codes[email] = code = await fresh_code(storefront, db, email)
                code = wrong(code)
            body = (await storefront.post(VERIFY, email=email, code=code)).json()
            answers.append(ISO.sub("<time>", str(body)))
        assert answers[0] == answers[1], n
    assert "TOO_MANY_ATTEMPTS" in answers[0]


async def test_the_budget_counts_the_email_as_the_code_does(storefront, db) -> None:
    await fail(storefront, db, 9, "Anna@Example.com ")
    assert error_codes(await verify(storefront, "ANNA@example.COM", "000000")) == ["TOO_MANY_ATTEMPTS"]
    assert error_codes(await verify(storefront, "bob@example.com", "000000")) == ["INVALID_CODE"]  # its own budget


async def test_concurrent_wrong_tries_cannot_exceed_the_budget(storefront, db) -> None:
    await fail(storefront, db, 8)  # codes 1 and 2, four wrong tries each: two failures left
    code = await fresh_code(storefront, db)
    answers = await asyncio.gather(*(verify(storefront, EMAIL, wrong(code)) for _ in range(12)))
    assert sorted(tuple(error_codes(a)) for a in answers) == [("INVALID_CODE",)] + [("TOO_MANY_ATTEMPTS",)] * 11
    async with db.reader() as session:
        tried = await session.scalar(select(LoginCode.failed_attempts).order_by(LoginCode.id.desc()).limit(1))
        row = await session.scalar(select(LoginBudget))
    assert tried == 2  # only the budget's last two guesses were checked against the code
    assert (row.consecutive_failures, row.lockouts) == (0, 1)
    assert error_codes(await verify(storefront, EMAIL, code)) == ["TOO_MANY_ATTEMPTS"]


async def test_housekeeping_forgets_a_budget_30_days_after_its_last_failure(storefront, db) -> None:
    await fail(storefront, db, 3)
    clock.advance(29 * 24 * 3600)
    await verify(storefront, "bob@example.com", "000000")
    assert (await housekeeping.purge(db))["login_budgets"] == 0
    clock.advance(24 * 3600 + 1)
    assert (await housekeeping.purge(db))["login_budgets"] == 1
    async with db.reader() as session:
        assert (await session.scalars(select(LoginBudget.email))).all() == ["bob@example.com"]
