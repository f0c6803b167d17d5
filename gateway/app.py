"""The ASGI app: /graphql (storefront), /admin/graphql (admin), /healthz and /readyz.

This is the one module of gateway/ that knows GraphQL: it assembles the schemas and views.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import orjson
from cross_web import HTTPException
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData

from gateway import persisted_queries
from console import app as console_app
from console import graphiql
from console import web as console_web
from gateway.auth import sessions, staff, staff_tokens, storefront_tokens
from gateway.catalog.response_cache import ResponseCache
from gateway.db.engine import Database, StatementCounter, statement_counter
from gateway.orders import payment_events
from gateway.payments import provider_for
from gateway.payments.provider import InvalidEvent
from gateway.platform import http_cache
from gateway.platform import logs as gateway_logging
from gateway.platform.front_door import (
    BodyLimit,
    ServerErrors,
    error_response,
    json_problem,
)
from gateway.platform.settings import Settings, get_settings
from resolvers import admin, storefront
from resolvers.platform.context import Context, client_address
from schema import build

log = logging.getLogger("gateway")
CSRF_HEADER = "X-CSRF-Token"
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# This request names its document by a persisted query's hash: production takes such queries over
# GET (a CDN caches GETs), other queries over POST only. Set per request by GraphQLView.
BY_HASH: ContextVar[bool] = ContextVar("by_hash", default=False)


# What a Storefront answer depends on besides its URL: who asks (an anonymous answer is the only
# public one), and the encoding a CDN or proxy stores it in.
VARY = f"Authorization, Accept-Encoding, {storefront_tokens.HEADER}"


class PersistedQueryNotFound(Exception):
    """A hash without its document that no instance has registered: the client sends both (Apollo)."""


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class GraphQLView(GraphQL):
    """Strawberry's ASGI view with orjson, our context, and JSON answers for HTTP errors."""

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
        # one per instance: instances agree through the catalog version, not by sharing it
        self.response_cache = ResponseCache() if not admin_api and settings.response_cache == "on" else None

    @property
    def allow_queries_via_get(self) -> bool:  # read by strawberry per request
        return self._queries_via_get or BY_HASH.get()

    @allow_queries_via_get.setter
    def allow_queries_via_get(self, value: bool) -> None:
        self._queries_via_get = value

    def should_render_graphql_ide(self, request: Any) -> bool:  # noqa: ANN401
        """A GET by hash has no `query` either: it is a query, not a browser asking for GraphiQL."""
        return "extensions" not in request.query_params and super().should_render_graphql_ide(request)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        """Strawberry's __call__ answers its HTTPExceptions as text/plain; here they are JSON errors."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        by_hash = BY_HASH.set(False)
        try:
            if not self.is_request_allowed(request):  # before get_context's token check
                raise HTTPException(405, "The GraphQL endpoints take GET and POST only.")
            if self.graphql_ide and self.should_render_graphql_ide(request):  # before the token check too
                response = await graphiql.page(request, self.db, self.settings, admin_api=self.admin_api)
            else:
                response = await self.run(request)
        except HTTPException as exc:
            log.info("%s %s answered %d: %s", request.method, request.url.path, exc.status_code, exc.reason)
            headers = {405: [("allow", "GET, POST")], 401: [("www-authenticate", "Bearer")]}.get(exc.status_code, [])
            response = error_response(exc.status_code, exc.reason, headers)
        except PersistedQueryNotFound:  # a GraphQL error, answered 200 as Apollo does; never cached
            response = error_response(200, "PersistedQueryNotFound", [("cache-control", http_cache.NO_STORE)],
                                      code="PERSISTED_QUERY_NOT_FOUND")
        finally:
            BY_HASH.reset(by_hash)
        await response(scope, receive, send)

    def encode_json(self, data: object) -> bytes:  # type: ignore[override]
        return orjson.dumps(data)

    def parse_json(self, data: str | bytes) -> Any:  # noqa: ANN401
        """The body (and GET's variables): UTF-8 JSON, an object, bounded in depth and size."""
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise HTTPException(400, f"The request is not valid JSON: {exc}.") from exc
        if not isinstance(value, dict | list):
            raise HTTPException(400, "The request JSON must be an object.")
        if problem := json_problem(value):
            raise HTTPException(400, problem)
        return value

    async def parse_http_body(self, request: Any) -> GraphQLRequestData:  # type: ignore[override]
        data = await super().parse_http_body(request)
        if isinstance(data, GraphQLRequestData):  # a list is refused by strawberry: batching is off
            if not isinstance(data.operation_name, str | None):
                raise HTTPException(400, "The GraphQL operation's `operationName` must be a string or null, if provided.")
            if data.query and len(data.query) > build.MAX_DOCUMENT_CHARS:
                raise HTTPException(413, f"The query document is over {build.MAX_DOCUMENT_CHARS:,} characters.")
            if not self.admin_api and data.extensions and "persistedQuery" in data.extensions:
                await self.resolve_persisted_query(data)
        return data

    async def resolve_persisted_query(self, data: GraphQLRequestData) -> None:
        """Apollo's automatic persisted queries: a hash alone runs the document registered under it;
        a hash with its document runs it and registers it once it validates (execute_single)."""
        persisted = data.extensions["persistedQuery"]
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise HTTPException(400, "Unsupported persisted query version: extensions.persistedQuery.version must be 1.")
        sha256 = persisted.get("sha256Hash")
        if not isinstance(sha256, str) or not persisted_queries.HASH_RE.match(sha256):
            raise HTTPException(400, "extensions.persistedQuery.sha256Hash must be 64 lowercase hex digits.")
        if data.query is None:
            data.query = await persisted_queries.find(self.db, sha256)
            if data.query is None:
                raise PersistedQueryNotFound
            BY_HASH.set(True)
        elif persisted_queries.sha256_of(data.query) != sha256:
            raise HTTPException(400, "provided sha does not match query")

    async def execute_single(self, *, sub_response: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        """A result with an error of ours answers 5xx (503 when the database is out of reach), so
        monitoring sees it. Errors raised outside the operation escape MaskErrors: masked here too."""
        result = await super().execute_single(sub_response=sub_response, **kwargs)
        if result.errors:
            result.errors = [build.masked(e) if build.should_mask(e) else e for e in result.errors]
            if status := build.failure_status_of(result.errors):
                sub_response.status_code = status
        if not self.admin_api:
            context, request_data = kwargs["context"], kwargs["request_data"]
            persisted = (request_data.extensions or {}).get("persistedQuery")
            # sent with its document (checked by resolve_persisted_query), and it validated
            if persisted and not BY_HASH.get() and context.operation is not None:
                await persisted_queries.register(self.db, persisted["sha256Hash"], request_data.query)
            sub_response.cache_policy = await cache_policy(context, result)
        return result

    def create_response(self, response_data: Any, sub_response: Any) -> Response:  # type: ignore[override]
        """Storefront answers: Cache-Control and Vary as the policy says; a query answer's ETag, and
        304 without a body when If-None-Match names it."""
        response = super().create_response(response_data, sub_response)
        policy: http_cache.Policy | None = getattr(sub_response, "cache_policy", None)
        if policy is None:
            return response
        response.headers["cache-control"] = policy.cache_control
        response.headers["vary"] = VARY
        if policy.etag and response.status_code == 200:
            response.headers["etag"] = etag = http_cache.etag_of(response.body)
            if http_cache.matches(policy.if_none_match, etag):
                kept = {name: response.headers[name] for name in ("etag", "cache-control", "vary")}
                return Response(status_code=304, headers=kept)
        return response

    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        context = Context(db=self.db, settings=self.settings, request=request, response=response,
                          response_cache=self.response_cache)
        token = bearer(request)
        if self.admin_api:
            await authenticate_staff(context, token)
        else:
            if token:
                await authenticate_viewer(context, token)
            context.client_address = await storefront_client_address(context)
        return context


async def authenticate_staff(context: Context, token: str | None) -> None:
    """Admin API: a staff token, or the console's session cookie (GraphiQL in the console) with the
    session's CSRF token in X-CSRF-Token: a cookie goes with any request the browser sends, the header
    only with the console's own (a form or another site cannot set it)."""
    request = context.request
    cookie = None if token else request.cookies.get(console_web.COOKIE)
    async with context.db.reader() as session:
        if token:
            found = await staff_tokens.authenticate(session, token)
            if found is not None:
                context.staff_token_id, context.staff_role = found.id, found.role
                return
        elif cookie and (signed_in := await staff.resolve(session, cookie)) is not None:
            if not staff.csrf_ok(context.settings, cookie, request.headers.get(CSRF_HEADER)):
                raise HTTPException(403, f"A request with the console's session cookie needs its {CSRF_HEADER} header.")
            context.staff_member_id, context.staff_role = signed_in[1].id, signed_in[1].role
            return
    raise HTTPException(401, "A valid staff token is required: Authorization: Bearer <token>.")


async def cache_policy(context: Context, result: Any) -> http_cache.Policy:
    """public only for what anyone sending the same URL sees (gateway/platform/http_cache.py)."""
    operation, request = context.operation, context.request
    if operation is None or operation.kind != "query":  # a mutation, or a document refused before running
        return http_cache.Policy(http_cache.NO_STORE, etag=False)
    if_none_match = request.headers.get("if-none-match")
    anonymous = (context.customer_id is None and bearer(request) is None
                 and storefront_tokens.HEADER not in request.headers)
    if (http_cache.same_for_everyone(operation, anonymous=anonymous, has_errors=bool(result.errors))
            and (await context.shop()).access_mode == "OPEN"):  # read once per request: pricing read it already
        return http_cache.Policy(f"public, max-age={context.settings.catalog_max_age}", True, if_none_match)
    return http_cache.Policy(http_cache.NO_STORE if result.errors else http_cache.REVALIDATE, True, if_none_match)


async def authenticate_viewer(context: Context, token: str) -> None:
    """Storefront: a live session token makes the caller its customer."""
    async with context.db.reader() as session:
        resolved = await sessions.resolve_request(session, token)
    found = resolved.session
    if found is None:
        raise HTTPException(401, "The access token is invalid or expired. Log in again.")
    context.customer_id, context.session_id = found.customer_id, found.id
    context.known(shop=resolved.shop, roles=resolved.roles)
    context.chosen_location_id = found.selected_location_id


async def storefront_client_address(context: Context) -> str | None:
    """A valid private storefront token lets X-Buyer-IP name the buyer; a bad one is refused."""
    private = context.request.headers.get(storefront_tokens.HEADER)
    if private is not None:
        async with context.db.reader() as session:
            if await storefront_tokens.authenticate(session, private.strip()) is None:
                raise HTTPException(401, "The storefront private token is invalid or revoked.")
    try:
        return client_address(context.request, context.settings, vouched=private is not None)
    except ValueError:
        raise HTTPException(400, "X-Buyer-IP must be an IP address.") from None


class RequestContext:
    """Pure ASGI middleware: a request id (echoed as X-Request-ID) and an SQL statement count,
    sent as X-SQL-Statements only when EXPOSE_SQL_STATEMENTS asks (it tells apart an order that
    exists from one that does not)."""

    def __init__(self, app: Any, expose_statements: bool = False) -> None:
        self.app = app
        self.expose_statements = expose_statements

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
                if self.expose_statements:
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

    async def stripe_webhook(request: Request) -> Response:
        """Stripe's events: verified with STRIPE_WEBHOOK_SECRET, each handled once (payment_events)."""
        if request.method != "POST":
            return error_response(405, "Stripe's events are POSTed.", [("allow", "POST")])
        if settings.payment_provider != "stripe":
            return error_response(404, "PAYMENT_PROVIDER is not stripe.", code="NOT_FOUND")
        try:
            outcome = await payment_events.receive(
                db, settings, provider_for(settings), await request.body(), request.headers.get("stripe-signature")
            )
        except InvalidEvent as exc:
            log.info("POST /webhooks/stripe refused: %s", exc)
            return error_response(400, str(exc))
        return JSONResponse({"received": True, "outcome": outcome})

    @asynccontextmanager
    async def lifespan(_: Starlette):  # noqa: ANN202
        if not settings.merchant_email:
            log.warning("MERCHANT_EMAIL is not set: the merchant is not emailed about drafts to approve, "
                        "returns, account requests or deleted accounts")
        yield
        await db.dispose()

    admin_schema = admin.build(settings)
    middleware = [Middleware(RequestContext, expose_statements=settings.expose_sql_statements)]
    if settings.cors_origin_list:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origin_list,
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "x-request-id"],
            )
        )
    # Inside CORS, so browsers can read these answers too.
    middleware += [Middleware(ServerErrors), Middleware(BodyLimit, max_bytes=settings.max_body_bytes)]
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/webhooks/stripe", stripe_webhook, methods=ANY_METHOD),  # it answers 405 as JSON itself
            Route("/admin/graphql", GraphQLView(admin_schema, db, settings, admin_api=True), methods=None),
            Route("/graphql", GraphQLView(storefront.build(settings), db, settings, admin_api=False), methods=None),
            Mount("/console", console_app.create(admin_schema, db, settings)),
            Mount("/graphiql", graphiql.assets()),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.settings = settings
    return app
