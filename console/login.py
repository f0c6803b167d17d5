"""Staff login: an email, then the six-digit code sent to it (gateway/auth/staff.py), then the
session cookie. The two forms are protected by a double-submit cookie, logout by the session's token."""

from __future__ import annotations

import secrets
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from console.web import COOKIE, PRE_COOKIE, Console, Me, page, redirect
from gateway.auth import staff
from gateway.platform.errors import DomainError
from resolvers.platform.context import client_address

START = "/console/drafts"


def _next(value: str | None) -> str:
    """Only a path of the console: never an open redirect to another site."""
    return value if value and value.startswith("/console/") and not value.startswith("//") else START


async def _form(console: Console, request: Request) -> tuple[dict, bool]:
    """The posted form, and whether it carried the pre-session CSRF cookie's value."""
    form = await request.form()
    sent, cookie = form.get("csrf"), request.cookies.get(PRE_COOKIE)
    ok = isinstance(sent, str) and bool(cookie) and secrets.compare_digest(sent, cookie)
    return {k: v.strip() for k, v in form.items() if isinstance(v, str)}, ok


def _refused_form(console: Console, request: Request, template: str, **values: object) -> Response:
    csrf = console.pre_csrf(request)
    response = console.render(request, template, None, 403, csrf=csrf, errors=[
        "The form did not carry its security token (it expired, or came from another site). Nothing was sent."
    ], **values)
    return console.keep_pre_csrf(response, csrf)


async def login(request: Request) -> Response:
    console: Console = request.app.state.console
    target = _next(request.query_params.get("next"))
    if request.method == "GET":
        if await console.me(request):
            return RedirectResponse(target, 303)
        csrf = console.pre_csrf(request)
        return console.keep_pre_csrf(console.render(request, "login.html", csrf=csrf, next=target, email=""), csrf)
    form, ok = await _form(console, request)
    email = form.get("email", "")
    if not ok:
        return _refused_form(console, request, "login.html", next=target, email=email)
    try:
        async with console.db.transaction() as session:
            await staff.request_code(session, console.settings, email, client_address(request, console.settings,
                                                                                        vouched=False))
    except DomainError as error:
        csrf = console.pre_csrf(request)
        return console.keep_pre_csrf(console.render(request, "login.html", None, 400, csrf=csrf, next=target,
                                                    email=email, errors=[p.message for p in error.problems]), csrf)
    return RedirectResponse(f"/console/login/code?email={quote(email)}&next={quote(target)}", 303)


async def code(request: Request) -> Response:
    console: Console = request.app.state.console
    target = _next(request.query_params.get("next"))
    if request.method == "GET":
        csrf = console.pre_csrf(request)
        return console.keep_pre_csrf(console.render(
            request, "code.html", csrf=csrf, next=target, email=request.query_params.get("email", "")), csrf)
    form, ok = await _form(console, request)
    email = form.get("email", "")
    if not ok:
        return _refused_form(console, request, "code.html", next=target, email=email)
    try:
        done = await staff.verify_code(console.db, console.settings, email, form.get("code", ""))
    except DomainError as error:
        csrf = console.pre_csrf(request)
        return console.keep_pre_csrf(console.render(request, "code.html", None, 400, csrf=csrf, next=target,
                                                    email=email, errors=[p.message for p in error.problems]), csrf)
    response = RedirectResponse(target, 303)
    console.set_session(response, done.token, int(staff.SESSION_TTL.total_seconds()))
    response.delete_cookie(PRE_COOKIE, path="/console")
    return response


@page
async def logout(console: Console, request: Request, me: Me) -> Response:
    async with console.db.transaction() as session:
        await staff.logout(session, me.session_id)
    response = redirect("/console/login", "logged-out")
    response.delete_cookie(COOKIE, path="/")
    return response
