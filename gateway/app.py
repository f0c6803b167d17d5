"""The ASGI app: /graphql (storefront), /admin/graphql (admin), /healthz and /readyz.

This is the one module of gateway/ that knows GraphQL: it assembles the schemas and views.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL
from cross_web import HTTPException

from gateway.auth import sessions, staff_tokens
from gateway.db.engine import Database, StatementCounter, statement_counter
from gateway.platform import logs as gateway_logging
from gateway.platform.settings import Settings, get_settings
from resolvers import admin, storefront
from resolvers.platform.context import Context

log = logging.getLogger("gateway")
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class GraphQLView(GraphQL):
    """Strawberry's ASGI view with orjson and our context."""

    def __init__(self, schema: Any, db: Database, settings: Settings, *, admin_api: bool) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if not settings.is_production else None,
            allow_queries_via_get=not settings.is_production,
            multipart_uploads_enabled=False,
        )
        self.db = db
        self.settings = settings
        self.admin_api = admin_api

    def encode_json(self, data: object) -> bytes:  # type: ignore[override]
        return orjson.dumps(data)

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        context = Context(db=self.db, settings=self.settings, request=request, response=response)
        token = bearer(request)
        if self.admin_api:
            async with self.db.transaction() as session:
                staff = await staff_tokens.authenticate(session, token) if token else None
            if staff is None:
                raise HTTPException(401, "A valid staff token is required: Authorization: Bearer <token>.")
            context.staff_token_id = staff.id
        elif token:
            await authenticate_viewer(context, token)
        return context


async def authenticate_viewer(context: Context, token: str) -> None:
    """Storefront: a live session token makes the caller its customer."""
    async with context.db.reader() as session:
        found = await sessions.resolve(session, token)
    if found is None:
        raise HTTPException(401, "The access token is invalid or expired. Log in again.")
    context.customer_id, context.session_id = found.customer_id, found.id
    context.chosen_location_id = found.selected_location_id


class RequestContext:
    """Pure ASGI middleware: a request id (echoed as X-Request-ID) and an SQL statement count."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        counter = StatementCounter()
        rid_token = gateway_logging.request_id.set(rid)
        counter_token = statement_counter.set(counter)

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode()))
                headers.append((b"x-sql-statements", str(counter.count).encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            gateway_logging.request_id.reset(rid_token)
            statement_counter.reset(counter_token)


def create_app(settings: Settings | None = None, db: Database | None = None) -> Starlette:
    settings = settings or get_settings()
    db = db or Database(settings.database_url)

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        try:
            async with db.reader() as session:
                await session.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            log.warning("readiness check failed: %s", exc)
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def lifespan(_: Starlette):  # noqa: ANN202
        if not settings.merchant_email:
            log.warning("MERCHANT_EMAIL is not set: the merchant is not emailed about drafts to approve, "
                        "returns, account requests or deleted accounts")
        yield
        await db.dispose()

    middleware = [Middleware(RequestContext)]
    if settings.cors_origin_list:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origin_list,
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "x-request-id"],
            )
        )
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/admin/graphql", GraphQLView(admin.build(settings), db, settings, admin_api=True), methods=None),
            Route("/graphql", GraphQLView(storefront.build(settings), db, settings, admin_api=False), methods=None),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.settings = settings
    return app
