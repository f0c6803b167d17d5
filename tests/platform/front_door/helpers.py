"""What every answer of the front door that is not a GraphQL result looks like."""

from __future__ import annotations

import httpx


def assert_error(response: httpx.Response, status: int, code: str) -> str:
    """A JSON error with this status and code, and X-Request-ID; returns its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-request-id"]
    body = response.json()
    assert list(body) == ["errors"] and len(body["errors"]) == 1, body
    [error] = body["errors"]
    assert error["extensions"] == {"code": code}
    assert error["message"] and "Traceback" not in response.text
    return error["message"]
