"""What every console page shares: the signed-in staff member (session cookie), CSRF on every form,
rendering, and running Admin API documents as that member."""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from console.admin_api import AdminAPI, Refused
from gateway.auth import staff
from gateway.db.engine import Database
from gateway.db.models import StaffMember
from gateway.platform.settings import Settings

HERE = Path(__file__).parent
COOKIE = "gw_console"
# Forms shown before a session exists (the login) carry this cookie's value: double-submit CSRF.
PRE_COOKIE = "gw_console_csrf"
MENU = [  # API.md "Merchant console": the link texts are fixed
    ("Drafts", "/console/drafts"), ("Orders", "/console/orders"), ("Returns", "/console/returns"),
    ("Account requests", "/console/account-requests"), ("Companies", "/console/companies"),
    ("Customers", "/console/customers"), ("Catalogs", "/console/catalogs"), ("Import / export", "/console/transfer"),
    ("Staff", "/console/staff"),
]
# Notices a redirect may name (?done=...): a fixed set, so a link cannot put words in the console's mouth.
NOTICES = {
    "approved": "Approved.", "invoiced": "Invoice sent.", "declined": "Declined.", "saved": "Saved.",
    "paid": "Marked as paid.", "fulfilled": "Fulfilled.", "cancelled": "Cancelled.", "closed": "Closed.",
    "imported": "Imported.", "logged-out": "You are logged out.",
}


@dataclass(frozen=True)
class Me:
    """The signed-in staff member of a request."""

    session_id: int
    member: StaffMember
    csrf: str


def _money(value: dict | None) -> str:
    return "" if not value else f"{value['amount']} {value['currencyCode']}"


def _when(value: str | None) -> str:
    return "" if not value else value.replace("T", " ")[:16] + " UTC"


class Console:
    def __init__(self, schema: Any, db: Database, settings: Settings) -> None:  # noqa: ANN401
        self.db, self.settings = db, settings
        self.api = AdminAPI(schema, db, settings)
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(), enable_async=False,
        )
        self.templates.filters.update(money=_money, when=_when, gid_tail=lambda gid: gid.rsplit("/", 1)[-1])
        self.templates.globals.update(menu=MENU)

    # -- sessions and CSRF --

    async def me(self, request: Request) -> Me | None:
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        async with self.db.reader() as session:
            found = await staff.resolve(session, token)
        if found is None:
            return None
        row, member = found
        return Me(row.id, member, staff.csrf_token(self.settings, token))

    def set_session(self, response: Response, token: str, max_age: int) -> None:
        response.set_cookie(COOKIE, token, max_age=max_age, path="/", httponly=True, samesite="strict",
                            secure=self.settings.is_production)

    def pre_csrf(self, request: Request) -> str:
        return request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(24)

    def keep_pre_csrf(self, response: Response, value: str) -> Response:
        response.set_cookie(PRE_COOKIE, value, path="/console", httponly=True, samesite="strict",
                            secure=self.settings.is_production)
        return response

    # -- answers --

    def render(self, request: Request, template: str, me: Me | None = None, http_status: int = 200,
               **values: Any) -> Response:  # noqa: ANN401
        values.setdefault("notice", NOTICES.get(request.query_params.get("done", "")))
        html = self.templates.get_template(template).render(request=request, me=me, path=request.url.path, **values)
        return HTMLResponse(html, status_code=http_status, headers=HEADERS)

    async def run(self, request: Request, me: Me, document: str, **variables: Any) -> dict:  # noqa: ANN401
        return await self.api.run(request, me.member, document, **variables)


# No framing (clickjacking), no caching of pages that hold the register, no referrer to other sites.
HEADERS = {
    "cache-control": "no-store", "x-frame-options": "DENY", "referrer-policy": "same-origin",
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
}

Handler = Callable[[Console, Request, Me], Awaitable[Response]]


def page(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A page for signed-in staff. A POST must carry the session's CSRF token in the form field
    `csrf`, or nothing happens (403). A GraphQL refusal (a VIEWER's mutation) answers 403."""

    async def endpoint(request: Request) -> Response:
        console: Console = request.app.state.console
        started = time.perf_counter()
        me = await console.me(request)
        if me is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/console/login?next={quote(target)}", 303)
        if request.method == "POST":
            form = await request.form()
            sent = form.get("csrf")
            if not isinstance(sent, str) or not secrets.compare_digest(sent, me.csrf):
                return console.render(request, "error.html", me, 403, title="Form refused", messages=[
                    "The form did not carry this session's security token (it expired, or it was sent from "
                    "another site). Nothing was changed: reload the page and try again."])
            request.state.form = form
        try:
            response = await handler(console, request, me)
        except Refused as refused:
            status = 403 if refused.forbidden else 400
            response = console.render(request, "error.html", me, status, title="Not allowed" if refused.forbidden
                                      else "The request failed", messages=refused.messages)
        response.headers["server-timing"] = f"page;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    return endpoint


def redirect(url: str, done: str | None = None) -> RedirectResponse:
    return RedirectResponse(f"{url}?done={done}" if done else url, 303)


def field(request: Request, name: str) -> str:
    """A text field of the posted form ('' when absent or a file)."""
    value = request.state.form.get(name)
    return value.strip() if isinstance(value, str) else ""
