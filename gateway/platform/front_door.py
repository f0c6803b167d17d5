"""The HTTP front door: the JSON error answer, the body limit, and the last-resort 5xx.

Every answer that is not a GraphQL result is `{"errors": [{"message", "extensions": {"code"}}]}`;
RequestContext (gateway/app.py), outside these middlewares, adds X-Request-ID to all of them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import exc as sa_exc
from starlette.responses import Response

log = logging.getLogger("gateway.http")

CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    500: "INTERNAL_SERVER_ERROR",
    503: "SERVICE_UNAVAILABLE",
}
STATUS_BY_CODE = {code: status for status, code in CODES.items()}
UNAVAILABLE_MESSAGE = "The service is unavailable for a moment. Try again; quote the X-Request-ID header if it lasts."
INTERNAL_MESSAGE = "Internal error. Quote the X-Request-ID response header to support."
MAX_JSON_DEPTH = 32
MAX_JSON_VALUES = 10_000  # graphql-core coerces variables on the event loop: ~6 us per value
# What a database that cannot be reached raises: the driver's OSError (asyncpg), SQLAlchemy's
# OperationalError (sqlite3, psycopg), a pool that stays empty, a lost connection.
UNAVAILABLE = (OSError, TimeoutError, sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)


def error_response(
    status: int, message: str, headers: Iterable[tuple[str, str]] = (), *, code: str | None = None
) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code or CODES.get(status, "BAD_REQUEST")}}]}
    return Response(orjson.dumps(body), status_code=status, headers=dict(headers), media_type="application/json")


def json_problem(value: object) -> str | None:
    """Why request JSON is refused before GraphQL sees it: nested deeper than MAX_JSON_DEPTH (deep
    input recurses in graphql-core) or more than MAX_JSON_VALUES values. Walked with a stack."""
    stack, values = [(value, 1)], 0
    while stack:
        item, depth = stack.pop()
        values += 1
        if values > MAX_JSON_VALUES:
            return f"The request JSON holds more than {MAX_JSON_VALUES:,} values."
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return f"The request JSON is nested more than {MAX_JSON_DEPTH} levels deep."
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return None


def failure_status(error: BaseException | None) -> int:
    """503 when our database is out of reach (retrying later helps), 500 for anything else of ours."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, UNAVAILABLE) or (isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated):
            return 503
        error, seen = error.__cause__ or error.__context__, seen + 1
    return 500


def failure_message(status: int) -> str:
    return UNAVAILABLE_MESSAGE if status == 503 else INTERNAL_MESSAGE


class ServerErrors:
    """An exception that escapes the app is ours: logged once at ERROR with its traceback and the
    request id, answered 500 (503 when the database is out of reach) as JSON."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 - the one place that answers for what nothing else caught
            status = failure_status(exc)
            log.error("%s %s failed: %s", scope["method"], scope["path"], exc, exc_info=exc)
            if not started:  # otherwise the client sees the connection close mid-answer
                await error_response(status, failure_message(status))(scope, receive, send)


class BodyLimit:
    """Reads the request body before the app does, counting as it goes: a declared Content-Length
    over the limit is refused before a byte is read, a body that grows past it (chunked, or lying
    about its length) as soon as it does. The app then gets the body in one message."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left; nobody to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self.refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if replayed:
                return await receive()  # after the body: wait for the disconnect, as the server would
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)

    async def refuse(self, scope: dict, receive: Any, send: Any) -> None:
        log.info("%s %s refused: body over %d bytes", scope["method"], scope["path"], self.max_bytes)
        response = error_response(
            413, f"The request body is over {self.max_bytes:,} bytes (MAX_BODY_BYTES).", [("connection", "close")]
        )
        await response(scope, receive, send)
