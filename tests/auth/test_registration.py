"""Registration OPEN or CLOSED (issue 14, point 2): with CLOSED a code login never creates a customer;
an unknown email is mailed how to ask for an account instead of a code, and every answer is the
one a known email gets. No failed login leaves a customer behind in any mode."""

from __future__ import annotations

from sqlalchemy import func, select

from gateway.db.models import Customer, LoginCode, OutboxMessage
from tests.auth.helpers import CODE_RE, REQUEST, VERIFY, log_in, mailed_code
from tests.catalog.helpers import set_access_mode
from tests.customers.groups import create_customer, shop_update
from tests.helpers import codes


async def customer_count(db) -> int:  # noqa: ANN001
    async with db.reader() as session:
        return await session.scalar(select(func.count()).select_from(Customer))


async def mails(db, email: str) -> list[OutboxMessage]:  # noqa: ANN001
    async with db.reader() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)
        return list((await session.scalars(stmt)).all())


def answer(response) -> tuple[int, dict]:  # noqa: ANN001
    body = response.json()
    return response.status_code, body


async def test_closed_registration_creates_nothing_and_answers_alike(admin, storefront, db):
    payload = await shop_update(admin, registration="CLOSED")
    assert payload["userErrors"] == [] and payload["shop"]["registration"] == "CLOSED"
    assert (await storefront("{ shop { registration } }"))["shop"] == {"registration": "CLOSED"}
    await create_customer(admin, "known@home.test")
    before = await customer_count(db)

    known = answer(await storefront.post(REQUEST, email="known@home.test"))
    unknown = answer(await storefront.post(REQUEST, email="stranger@home.test"))
    assert known == unknown == (200, {"data": {"requestLoginCode": {"userErrors": []}}})

    # The stranger's mail has no code: it says there is no account and how to ask for one.
    [mail] = await mails(db, "stranger@home.test")
    assert "no account" in mail.subject.lower() and "/account/request" in mail.body_text
    assert CODE_RE.search(mail.subject + mail.body_text) is None
    # Its code row is there (the throttles count it) but dead: no guess can use it.
    async with db.reader() as session:
        dead = await session.scalar(select(LoginCode).where(LoginCode.email == "stranger@home.test"))
    assert dead is not None and dead.consumed_at is not None

    wrong = answer(await storefront.post(VERIFY, email="known@home.test", code="000000"))
    stranger = answer(await storefront.post(VERIFY, email="stranger@home.test", code="000000"))
    assert wrong == stranger
    assert stranger[1]["data"]["verifyLoginCode"]["userErrors"][0]["code"] == "INVALID_CODE"
    assert await customer_count(db) == before

    # The customer the merchant made logs in as always.
    assert await log_in(storefront, db, "known@home.test")
    assert await customer_count(db) == before


async def test_a_code_sent_while_open_does_not_register_once_closed(admin, storefront, db):
    await storefront(REQUEST, email="late@home.test")
    code = await mailed_code(db, "late@home.test")
    await shop_update(admin, registration="CLOSED")
    payload = (await storefront(VERIFY, email="late@home.test", code=code))["verifyLoginCode"]
    assert codes(payload) == [(["code"], "INVALID_CODE")]
    assert await customer_count(db) == 0


async def test_failed_logins_leave_no_customer_in_any_mode(admin, storefront, db, acme):
    before = await customer_count(db)
    for mode in ("OPEN", "LOGIN_FOR_PRICES", "B2B_ONLY"):
        await set_access_mode(db, mode)
        email = f"nobody-{mode.lower()}@home.test"
        await storefront(REQUEST, email=email)
        await storefront(VERIFY, email=email, code="000000")  # a wrong code
        if mode == "B2B_ONLY":  # the right code, but no company: refused
            payload = (await storefront(VERIFY, email=email, code=await mailed_code(db, email)))["verifyLoginCode"]
            assert codes(payload) == [(["email"], "NOT_B2B_CUSTOMER")]
    assert await customer_count(db) == before


async def test_registration_is_validated(admin):
    payload = await shop_update(admin, registration=None)
    assert codes(payload) == [(["registration"], "BLANK")]
