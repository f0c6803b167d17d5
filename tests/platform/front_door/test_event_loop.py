"""No single request stalls the event loop: /healthz, over a real socket to uvicorn, answers
within 100 ms while the largest requests the gateway allows are refused or parsed."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable

import httpx
import orjson
import pytest

from gateway.platform.front_door import MAX_JSON_VALUES
from schema.build import MAX_DOCUMENT_CHARS, MAX_TOKENS

LIMIT = 1_048_576


@pytest.fixture
async def server(db) -> AsyncIterator[tuple[str, int]]:
    """The gateway under uvicorn on a free 127.0.0.1 port, in a process of its own, so that this
    process's client work does not count as the server's."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": db.url, "SECRET_KEY": "loop-test", "GATEWAY_NO_WORKER": "1",
           "LOG_LEVEL": "WARNING"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "uvicorn", "--factory", "gateway.serve:make_app", "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "warning", "--no-access-log", env=env,
    )
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(300):
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                assert process.returncode is None, "the gateway exited"
                await asyncio.sleep(0.05)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        await process.wait()


def body(query: str, **variables: object) -> bytes:
    """A request body padded with an unused variable to exactly the limit."""
    bare = orjson.dumps({"query": query, "variables": {**variables, "pad": ""}})
    return bare[:-3] + b"x" * (LIMIT - len(bare)) + bare[-3:]  # inside the pad's quotes


def fresh(query: str) -> str:
    return f"# {uuid.uuid4()}\n{query}"


def largest_documents() -> dict[str, tuple[bytes, int]]:
    """Bodies of exactly MAX_BODY_BYTES, each a different worst case (fresh, so never cached), and
    the status each gets."""
    fragment = "fragment F on Product { id handle title description status createdAt updatedAt variants { id sku title } }"
    spread = "products(first: 1) { nodes { ...F variants { product { ...F variants { product { ...F } } } } } }"
    dense = fresh("{ " + " ".join(f"a{i}: {spread}" for i in range(28)) + " } " + fragment)
    return {
        "a document of the largest size, mostly comment": (body(fresh("{ shop { name } }\n#" + "c" * (MAX_DOCUMENT_CHARS - 80))), 200),
        "a document near the token limit that runs": (body(dense), 200),
        "a document over the token limit": (body(fresh("{ shop { " + "name " * MAX_TOKENS + "} }")), 200),
        "repeated selections": (body(fresh("{ " + "shop { name currencyCode accessMode } " * 300 + "}")), 200),
        "the most JSON values": (body(fresh("{ shop { name } }"), many=list(range(MAX_JSON_VALUES - 10))), 200),
        "a document over the size limit": (body("{ shop { name } }\n#" + "c" * MAX_DOCUMENT_CHARS), 413),
    }


async def refused(host: str, port: int, head: bytes, chunks: int) -> bytes:
    """The answer to a request of these headers and this many 64 KB chunks. The client stops
    writing once past the limit: bytes the server never reads would make it reset the connection."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n" + head + b"\r\n")
    for _ in range(chunks):
        writer.write(b"10000\r\n" + b"x" * 65536 + b"\r\n")
        await writer.drain()
    answer = await reader.read(65536)
    writer.close()
    return answer


async def slowest_healthz_while(probe: httpx.AsyncClient, work: Awaitable[object]) -> tuple[float, object]:
    """The slowest /healthz answer while the work runs, and what the work returned."""
    task = asyncio.ensure_future(work)
    slowest = 0.0
    while True:
        started = time.perf_counter()
        assert (await probe.get("/healthz")).status_code == 200
        slowest = max(slowest, time.perf_counter() - started)
        if task.done():
            return slowest, task.result()
        await asyncio.sleep(0.002)


async def test_healthz_stays_under_100_ms(server) -> None:
    host, port = server
    LENGTH, CHUNKED = b"Content-Length: 20000000\r\n", b"Transfer-Encoding: chunked\r\n"
    async with httpx.AsyncClient(base_url=f"http://{host}:{port}") as probe, \
            httpx.AsyncClient(base_url=f"http://{host}:{port}", timeout=30) as http:
        for name in [*largest_documents(), "a declared length over the limit", "a streamed body over the limit"]:
            tries = []
            for _ in range(3):  # a stall comes back every time; a busy machine's scheduling hiccup does not
                content, status = largest_documents().get(name, (b"", 413))  # built before the clock runs
                if name.startswith("a declared"):
                    work = refused(host, port, LENGTH, 0)
                elif name.startswith("a streamed"):
                    work = refused(host, port, CHUNKED, LIMIT // 65536 + 1)
                else:
                    work = http.post("/graphql", content=content, headers={"content-type": "application/json"})
                slowest, answer = await slowest_healthz_while(probe, work)
                answered = answer.status_code if isinstance(answer, httpx.Response) else int(answer.split()[1])
                assert answered == status, (name, answer)
                tries.append(round(slowest * 1000))
                if slowest < 0.1:
                    break
            assert min(tries) < 100, (name, tries)
