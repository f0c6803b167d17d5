"""The console's ASGI app, mounted at /console by gateway/app.py."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from console import login
from console.pages import catalogs, drafts, orders, queues, register, staff, transfer
from console.web import HERE, Console
from gateway.db.engine import Database
from gateway.platform.settings import Settings


async def home(_: Request) -> RedirectResponse:
    return RedirectResponse("/console/drafts", 303)


def create(admin_schema: Any, db: Database, settings: Settings) -> Starlette:  # noqa: ANN401
    app = Starlette(routes=[
        Route("/", home),
        Route("/login", login.login, methods=["GET", "POST"]),
        Route("/login/code", login.code, methods=["GET", "POST"]),
        Route("/logout", login.logout, methods=["POST"]),
        *drafts.routes, *orders.routes, *queues.routes, *register.routes, *catalogs.routes, *transfer.routes,
        *staff.routes,
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ])
    app.state.console = Console(admin_schema, db, settings)
    return app
