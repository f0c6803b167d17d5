"""Console helpers: staff accounts, a logged-in browser-like client (cookies, the page's CSRF token)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from gateway.auth import staff
from gateway.db.engine import Database
from tests.auth.helpers import mailed_code

CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


async def make_staff(db: Database, email: str, role: str) -> str:
    async with db.transaction() as session:
        await staff.create(session, email, role)
    return email


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


@dataclass
class Staff:
    """An httpx client holding a console session, and the session's CSRF token."""

    http: httpx.AsyncClient
    csrf: str

    async def get(self, path: str, **kwargs) -> httpx.Response:  # noqa: ANN003
        return await self.http.get(path, **kwargs)

    async def post(self, path: str, data: dict | None = None, *, csrf: bool = True, **kwargs) -> httpx.Response:  # noqa: ANN003
        form = dict(data or {})
        if csrf:
            form["csrf"] = self.csrf
        return await self.http.post(path, data=form, **kwargs)


async def console_login(http: httpx.AsyncClient, db: Database, email: str) -> Staff:
    """Log in through the console's forms with the code from the email it queued."""
    page = await http.get("/console/login")
    response = await http.post("/console/login", data={"email": email, "csrf": csrf_of(page.text)})
    assert response.status_code == 303, response.text
    page = await http.get(response.headers["location"])
    response = await http.post("/console/login/code", data={
        "email": email, "code": await mailed_code(db, email), "csrf": csrf_of(page.text)})
    assert response.status_code == 303, response.text
    drafts = await http.get("/console/drafts")
    assert drafts.status_code == 200
    return Staff(http, csrf_of(drafts.text))
