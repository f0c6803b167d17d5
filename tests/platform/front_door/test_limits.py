"""Limits before parsing: the body (MAX_BODY_BYTES) while it is read, the document's size, and the
selections validation would have to compare."""

from __future__ import annotations

import uuid

import httpx
import pytest

from gateway.app import create_app
from schema.build import MAX_DOCUMENT_CHARS, MAX_FIELDS, MAX_SAME_PATH_PAIRS, MAX_TOKENS
from tests.platform.front_door.helpers import assert_error

LIMIT = 1_048_576


def padded(size: int) -> bytes:
    """A valid GraphQL request body of exactly `size` bytes (padding in an unused variable)."""
    head, tail = b'{"query": "{ shop { name } }", "variables": {"pad": "', b'"}}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


async def test_the_default_limit_is_one_megabyte(settings) -> None:
    assert settings.max_body_bytes == LIMIT


async def test_a_body_at_the_limit_is_answered(client) -> None:
    response = await client.post("/graphql", content=padded(LIMIT), headers={"content-type": "application/json"})
    assert response.json() == {"data": {"shop": {"name": "Gateway Shop"}}}


@pytest.mark.parametrize("path", ["/graphql", "/admin/graphql"])
async def test_a_declared_length_over_the_limit_is_refused_before_reading(settings, db, path) -> None:
    """The app never asks for the body: Content-Length alone answers 413."""
    app = create_app(settings, db)
    sent: list[dict] = []
    reads = 0

    async def receive() -> dict:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"{}", "more_body": True}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(LIMIT + 1).encode())],
        "client": ("127.0.0.1", 1), "server": ("test", 80),
    }
    await app(scope, receive, send)
    assert reads == 0
    start = sent[0]
    assert start["status"] == 413
    headers = dict(start["headers"])
    assert headers[b"x-request-id"] and headers[b"content-type"] == b"application/json"


async def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit(client) -> None:
    """Chunked, without Content-Length: reading stops at the first chunk past the limit."""
    chunks_sent = 0

    async def stream():  # noqa: ANN202
        nonlocal chunks_sent
        yield b'{"query": "{ shop { name } }", "variables": {"pad": "'
        for _ in range(20 * 16):  # 20 MB in 64 KB chunks
            chunks_sent += 1
            yield b"x" * 65536

    response = await client.post("/graphql", content=stream(), headers={"content-type": "application/json"})
    assert "MAX_BODY_BYTES" in assert_error(response, 413, "PAYLOAD_TOO_LARGE")
    assert chunks_sent <= LIMIT // 65536 + 2


async def test_a_smaller_limit_is_a_setting(settings, db) -> None:
    app = create_app(settings.model_copy(update={"max_body_bytes": 1000}), db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        ok = await http.post("/graphql", content=padded(1000), headers={"content-type": "application/json"})
        assert ok.status_code == 200
        refused = await http.post("/graphql", content=padded(1001), headers={"content-type": "application/json"})
        assert_error(refused, 413, "PAYLOAD_TOO_LARGE")


async def test_a_document_over_the_size_limit_is_refused_before_parsing(client) -> None:
    """Comments and strings are not tokens: the size limit is what bounds them."""
    document = "{ shop { name } }\n#" + "c" * MAX_DOCUMENT_CHARS
    response = await client.post("/graphql", json={"query": document})
    assert f"{MAX_DOCUMENT_CHARS:,} characters" in assert_error(response, 413, "PAYLOAD_TOO_LARGE")
    response = await client.get("/graphql", params={"query": document})
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")
    fits = "{ shop { name } }\n#" + "c" * (MAX_DOCUMENT_CHARS - 20)
    assert (await client.post("/graphql", json={"query": fits})).json() == {"data": {"shop": {"name": "Gateway Shop"}}}


def messages(response: httpx.Response) -> list[str]:
    assert response.status_code == 200
    return [e["message"] for e in response.json()["errors"]]


async def test_repeated_selections_are_refused_before_validation(storefront) -> None:
    """Validation compares every two fields that answer one response path: 30 copies of a small
    selection are 1,740 comparisons; this many are refused without validating."""
    query = f"# {uuid.uuid4()}\n{{ " + "shop { name currencyCode accessMode } " * 40 + "}"
    assert messages(await storefront.post(query)) == [
        f"The document repeats fields under the same response names too often (more than "
        f"{MAX_SAME_PATH_PAIRS} pairs): merge the repeated selections."
    ]
    nested = "id"
    for _ in range(6):
        nested = f"variants {{ product {{ {nested} }} }} variants {{ product {{ {nested} }} }}"
    query = f"# {uuid.uuid4()}\n{{ products(first: 1) {{ nodes {{ {nested} }} }} }}"
    assert "too often" in messages(await storefront.post(query))[0]


async def test_fragments_count_where_they_are_spread(storefront) -> None:
    """A fragment that spreads another twice, eleven deep, is 2^11 copies: refused in MAX_FIELDS steps."""
    fragments = ["fragment F0 on Product { id }"]
    for i in range(1, 12):
        fragments.append(f"fragment F{i} on Product {{ a: variants {{ product {{ ...F{i - 1} }} }} "
                         f"b: variants {{ product {{ ...F{i - 1} }} }} }}")
    query = f"# {uuid.uuid4()}\n{{ products(first: 1) {{ nodes {{ ...F11 }} }} }} " + " ".join(fragments)
    assert messages(await storefront.post(query)) == [
        f"The document selects more than {MAX_FIELDS} fields (fragments counted where spread)."
    ]


async def test_many_tokens_in_a_small_document_are_refused(storefront) -> None:
    query = "{ shop { " + "name," * MAX_TOKENS + " } }"
    assert len(query) < MAX_DOCUMENT_CHARS
    assert messages(await storefront.post(query)) == [
        f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted."
    ]
