"""Staff login to the console: the buyers' code policy, the session cookie, logout, disabling."""

from __future__ import annotations

from sqlalchemy import select

from gateway.auth import staff
from gateway.db.models import LoginCode, OutboxMessage
from tests.auth.helpers import mailed_code
from tests.console.helpers import console_login, csrf_of, make_staff


async def test_a_staff_member_logs_in_with_a_mailed_code_and_out_again(client, db):
    await make_staff(db, "owner@shop.test", "OWNER")
    me = await console_login(client, db, "owner@shop.test")
    cookie = next(c for c in client.cookies.jar if c.name == "gw_console")
    assert cookie.has_nonstandard_attr("HttpOnly") and not cookie.secure  # Secure in production only
    page = await me.get("/console/drafts")
    assert "owner@shop.test (OWNER)" in page.text
    for text in ("Drafts", "Orders", "Returns", "Account requests", "Companies", "Customers", "Catalogs",
                 "Import / export"):
        assert f">{text}</a>" in page.text
    assert (await me.post("/console/logout")).status_code == 303
    again = await client.get("/console/drafts")
    assert again.status_code == 303 and again.headers["location"].startswith("/console/login")


async def test_the_session_cookie_is_secure_and_strict_in_production(client, db, settings):
    from gateway.app import create_app
    import httpx
    app = create_app(settings.model_copy(update={"environment": "production", "allow_console_mail": True}), db)
    await make_staff(db, "owner@shop.test", "OWNER")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://test") as http:
        me = await console_login(http, db, "owner@shop.test")
        cookie = next(c for c in http.cookies.jar if c.name == "gw_console")
        assert cookie.secure
        assert me.csrf


async def test_an_unknown_or_disabled_email_gets_the_same_answer_and_no_code(client, db):
    await make_staff(db, "gone@shop.test", "MANAGER")
    async with db.transaction() as session:
        await staff.disable(session, "gone@shop.test")
    answers = []
    for email in ("nobody@shop.test", "gone@shop.test"):
        page = await client.get("/console/login")
        response = await client.post("/console/login", data={"email": email, "csrf": csrf_of(page.text)})
        answers.append((response.status_code, response.headers["location"].split("?")[0]))
    assert answers[0] == answers[1] == (303, "/console/login/code")
    async with db.reader() as session:
        assert (await session.scalars(select(OutboxMessage))).all() == []
        assert all(c.consumed_at is not None for c in (await session.scalars(select(LoginCode))).all())


async def test_a_buyers_code_does_not_open_the_console(client, db, storefront):
    """Codes carry their purpose: a buyer's code of the same email is no staff code."""
    await make_staff(db, "both@shop.test", "MANAGER")
    from tests.auth.helpers import request_code
    assert (await request_code(storefront, "both@shop.test"))["userErrors"] == []
    code = await mailed_code(db, "both@shop.test")
    page = await client.get("/console/login/code?email=both@shop.test")
    response = await client.post("/console/login/code", data={"email": "both@shop.test", "code": code,
                                                              "csrf": csrf_of(page.text)})
    assert response.status_code == 400 and "wrong or has expired" in response.text


async def test_wrong_codes_spend_the_same_budget_as_buyers(client, db):
    await make_staff(db, "owner@shop.test", "OWNER")
    page = await client.get("/console/login")
    await client.post("/console/login", data={"email": "owner@shop.test", "csrf": csrf_of(page.text)})
    page = await client.get("/console/login/code?email=owner@shop.test")
    csrf = csrf_of(page.text)
    for _ in range(10):
        response = await client.post("/console/login/code", data={"email": "owner@shop.test", "code": "000000",
                                                                  "csrf": csrf})
    assert response.status_code == 400 and "Too many failed tries" in response.text


async def test_the_login_forms_need_their_csrf_token(client, db):
    await make_staff(db, "owner@shop.test", "OWNER")
    response = await client.post("/console/login", data={"email": "owner@shop.test"})
    assert response.status_code == 403
    async with db.reader() as session:
        assert (await session.scalars(select(LoginCode))).all() == []


async def test_disabling_a_staff_member_ends_their_session(client, db):
    await make_staff(db, "m@shop.test", "MANAGER")
    me = await console_login(client, db, "m@shop.test")
    async with db.transaction() as session:
        await staff.disable(session, "m@shop.test")
    response = await me.get("/console/drafts")
    assert response.status_code == 303
