"""Benchmark: the gateway over HTTP against strawberry executing the same query in memory.

    python3 bench/run.py [--db sqlite|postgresql] [--url URL] [--products 1000] [--requests 400] [--concurrency 8]
                         [--buyers 20] [--checkouts 400] [--seconds 60] [--app-dir DIR]

Seeds a fresh database (bench/seed.py), starts the gateway twice with uvicorn on 127.0.0.1 (cold:
RESPONSE_CACHE=off; warm: on), drives them with concurrent httpx clients, and prints per operation:
requests per second, p50 and p99 latency, SQL statements per request (the app's X-SQL-Statements
header), the p50 of strawberry alone executing the same document over the same objects
(bench/memory.py), and the ratio. Then buyers on Net 30 check out concurrently, each looping
cartCreate + checkoutComplete, first 20 buyers of one company (one company row lock), then 20 buyers
of 20 companies; it prints checkouts per second, checkoutComplete's p50, p99 and SQL statements, and
the failed checkouts, and exits non-zero when any failed. --app-dir serves another checkout of the
gateway (an older commit) against the same seed and driver, for before/after figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parent.parent.resolve():
    os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])  # `python3 bench/run.py` runs in the project's venv
sys.path[:0] = [str(ROOT)]

import httpx  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench import memory  # noqa: E402
from bench.seed import reset, seed  # noqa: E402
from gateway.db.engine import Database  # noqa: E402
from gateway.db.models import Order  # noqa: E402

VARIANT = """id sku title availableForSale price { amount currencyCode } quantityRule { minimum maximum increment }
    priceBreaks { minimumQuantity price { amount currencyCode } } priceSource { catalogId catalogTitle rule }"""
PRODUCTS = f"""query Products {{ products(first: 50) {{ edges {{ cursor node {{ id handle title
    variants {{ {VARIANT} }} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
CART_CREATE = f"""mutation CartCreate($input: CartInput!) {{ cartCreate(input: $input) {{
    cart {{ id checkoutMode subtotal {{ amount currencyCode }} amountDueNow {{ amount currencyCode }}
      lines {{ id quantity unitPrice {{ amount currencyCode }} total {{ amount currencyCode }} variant {{ {VARIANT} }} }} }}
    userErrors {{ field code message }} }} }}"""
CHECKOUT = """mutation Checkout($cart: ID!, $key: String!) {
    checkoutComplete(cartId: $cart, idempotencyKey: $key) {
      order { id name displayFinancialStatus total { amount currencyCode } }
      amountCharged { amount currencyCode } userErrors { field code message } } }"""
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1/gw_bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def wait_ready(base: str, server: subprocess.Popen) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(200):
            if server.poll() is not None:
                raise SystemExit(f"the gateway exited with {server.returncode}")
            try:
                if (await http.get(f"{base}/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the gateway did not become ready in 20 s")


async def drive(base: str, token: str, body: dict, requests: int, concurrency: int) -> dict:
    """requests POSTs by concurrency clients; latencies in ms, statements per request."""
    latencies: list[float] = []
    statements: list[int] = []
    remaining = iter(range(requests))
    headers = {"Authorization": f"Bearer {token}"}

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
            for _ in remaining:
                start = time.perf_counter()
                response = await http.post("/graphql", json=body)
                latencies.append((time.perf_counter() - start) * 1000)
                data = response.json()
                assert response.status_code == 200 and not data.get("errors"), data
                statements.append(int(response.headers["x-sql-statements"]))

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    return {"rps": requests / elapsed, "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
            "statements": statistics.mean(statements)}


async def checkouts(base: str, tokens: list[str], lines: list[dict], count: int, seconds: float) -> dict:
    """One client per buyer token, each looping cartCreate then checkoutComplete with a fresh idempotency key,
    until count checkouts have been started or seconds have passed. Any error, userError or an order that is
    not PENDING on terms counts as a failed checkout; latencies and statements are checkoutComplete's."""
    latencies: list[float] = []
    statements: list[int] = []
    failures: list[str] = []
    orders: list[str] = []
    remaining = iter(range(count))
    deadline = time.perf_counter() + seconds
    cart_body = {"query": CART_CREATE, "variables": {"input": {"lines": lines}}}

    async def post(http: httpx.AsyncClient, body: dict, field: str) -> tuple[dict, httpx.Response]:
        response = await http.post("/graphql", json=body)
        data = response.json()
        if response.status_code != 200 or data.get("errors") or data["data"][field]["userErrors"]:
            raise RuntimeError(f"{field}: {response.status_code} {data}")
        return data["data"][field], response

    async def buyer(token: str) -> None:
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
            for _ in remaining:
                if time.perf_counter() > deadline:
                    break
                try:
                    cart = (await post(http, cart_body, "cartCreate"))[0]["cart"]
                    body = {"query": CHECKOUT, "variables": {"cart": cart["id"], "key": uuid.uuid4().hex}}
                    start = time.perf_counter()
                    payload, response = await post(http, body, "checkoutComplete")
                    latencies.append((time.perf_counter() - start) * 1000)
                    statements.append(int(response.headers["x-sql-statements"]))
                    if payload["order"] is None or payload["order"]["displayFinancialStatus"] != "PENDING":
                        raise RuntimeError(f"checkoutComplete: not an order on terms: {payload}")
                    orders.append(payload["order"]["id"])
                except (httpx.HTTPError, RuntimeError, ValueError) as exc:
                    failures.append(str(exc))

    start = time.perf_counter()
    await asyncio.gather(*(buyer(token) for token in tokens))
    elapsed = time.perf_counter() - start
    nan = float("nan")
    return {"rps": len(orders) / elapsed, "p50": percentile(latencies, 50) if latencies else nan,
            "p99": percentile(latencies, 99) if latencies else nan,
            "statements": statistics.mean(statements) if statements else nan, "orders": orders, "failures": failures}


async def one_client_beside_memory(base: str, token: str, body: dict, schema, runs: int) -> tuple[float, float]:  # noqa: ANN001
    """p50s in ms of one client's requests and of strawberry executing the document over prebuilt
    objects, taken in turns: the machine's speed drifts, and both sides of the ratio see the same."""
    served: list[float] = []
    alone: list[float] = []
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        for _ in range(runs):
            start = time.perf_counter()
            response = await http.post("/graphql", json=body)
            served.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200 and not response.json().get("errors"), response.text[:300]
            start = time.perf_counter()
            result = await schema.execute(body["query"], variable_values=body.get("variables"))
            alone.append((time.perf_counter() - start) * 1000)
            assert result.errors is None, result.errors
    return percentile(served, 50), percentile(alone, 50)


def start_server(url: str, app_dir: Path, response_cache: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret", "ENVIRONMENT": "production",
           "GATEWAY_NO_WORKER": "1", "LOG_LEVEL": "WARNING", "EXPOSE_SQL_STATEMENTS": "1",
           "RESPONSE_CACHE": response_cache, "PYTHONPATH": str(app_dir),
           # The bench sends no mail and takes no money: production settings otherwise.
           "ALLOW_CONSOLE_MAIL": "true", "ALLOW_TEST_PAYMENTS": "true"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "gateway.serve:make_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log", "--no-proxy-headers"],
        cwd=app_dir, env=env,
    )
    return server, f"http://127.0.0.1:{port}"


def row(name: str, result: dict, serial: float, alone: float | None) -> str:
    """One line of the table; alone is strawberry's in-memory p50 (None: no baseline for the operation)."""
    baseline = f"{alone:>15.2f}{serial / alone:>6.2f}" if alone else f"{'-':>15}{'-':>6}"
    return (f"{name:<40}{result['rps']:>7.1f}{result['p50']:>8.2f}{result['p99']:>8.2f}{result['statements']:>8.1f}"
            f"{serial:>13.2f}{baseline}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--url", help=f"database URL (PostgreSQL default {DEFAULT_PG}; it is wiped)")
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=400, help="per operation")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--buyers", type=int, default=20, help="concurrent buyers checking out on Net 30")
    parser.add_argument("--checkouts", type=int, default=400, help="at most, over all buyers, per scenario")
    parser.add_argument("--seconds", type=float, default=60, help="no checkout starts after this, per scenario")
    parser.add_argument("--app-dir", type=Path, default=ROOT,
                        help="the gateway to serve (a checkout of another commit, for before/after figures)")
    args = parser.parse_args()
    url = args.url or (DEFAULT_PG if args.db == "postgresql" else
                       f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}")

    db = Database(url)
    await reset(db)
    shop = await seed(db, args.products, args.buyers)
    await db.dispose()

    cold_server, cold = start_server(url, args.app_dir, "off")
    warm_server, warm = start_server(url, args.app_dir, "on")
    failures: list[str] = []
    try:
        await wait_ready(cold, cold_server)
        await wait_ready(warm, warm_server)
        lines = [{"variantId": f"gid://gateway/ProductVariant/{v}", "quantity": 2} for v in shop.variant_ids[:15:3]]
        catalog = {"query": PRODUCTS}
        cart = {"query": CART_CREATE, "variables": {"input": {"lines": lines}}}
        answers = {}
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {shop.token}"}) as http:
            for base, name, body in ((cold, "catalog", catalog), (warm, "catalog", catalog), (cold, "cart", cart)):
                for _ in range(20):  # warm up, and keep one answer for the in-memory schema
                    answers[name] = (await http.post(f"{base}/graphql", json=body)).json()["data"]
        schema = memory.build(answers["catalog"]["products"], answers["cart"]["cartCreate"]["cart"])
        print(f"database: {db.engine.dialect.name}; {args.products} products x 3 variants; "
              f"{args.requests} requests per operation, {args.concurrency} concurrent clients; gateway from {args.app_dir}\n")
        print(f"{'operation':<40}{'req/s':>7}{'p50 ms':>8}{'p99 ms':>8}{'SQL/req':>8}"
              f"{'1-client p50':>13}{'strawberry p50':>15}{'ratio':>6}")
        for name, base, body in (
            ("products(first: 50), cold", cold, catalog),
            ("products(first: 50), warm", warm, catalog),
            ("cartCreate (5 lines)", cold, cart),
        ):
            result = await drive(base, shop.token, body, args.requests, args.concurrency)
            serial, alone = await one_client_beside_memory(base, shop.token, body, schema, max(100, args.requests // 2))
            print(row(name, result, serial, alone))
        checkout_lines = [
            {"variantId": f"gid://gateway/ProductVariant/{v}", "quantity": 3} for v in shop.variant_ids[1:12:4]
        ]
        placed = 0
        for name, tokens in ((f"checkoutComplete, {args.buyers} buyers of 1 company", shop.terms_buyer_tokens),
                             (f"checkoutComplete, {args.buyers} companies", shop.company_buyer_tokens)):
            result = await checkouts(cold, tokens, checkout_lines, args.checkouts, args.seconds)
            serial = await checkouts(cold, tokens[:1], checkout_lines, max(20, args.checkouts // 8), args.seconds)
            print(row(name, result, serial["p50"], None))
            failures += result["failures"] + serial["failures"]
            placed += len(result["orders"]) + len(serial["orders"])
            if not result["orders"]:
                failures.append(f"{name}: no checkout completed")
        print(f"\nreq/s, p50 and p99 with {args.concurrency} concurrent clients; ratio = the gateway's p50 over HTTP "
              "with one client / strawberry's p50 executing the same document over prebuilt objects in memory, "
              "the two taken in turns; cold: RESPONSE_CACHE=off, warm: on")
        stored = await count_orders(url)
        print(f"checkoutComplete: {args.buyers} concurrent buyers on Net 30 (of one company, then each of its own), "
              f"each looping cartCreate ({len(checkout_lines)} lines) + checkoutComplete; req/s = checkouts per second, "
              f"the carts included; {len(failures)} failed; {stored} orders stored for {placed} placed")
        for failure in failures[:5]:
            print(f"  failed: {failure[:300]}")
    finally:
        for server in (cold_server, warm_server):
            server.terminate()
            server.wait(timeout=10)
    if failures or stored != placed:
        raise SystemExit(1)


async def count_orders(url: str) -> int:
    """Orders in the database: each checkout that answered an order must have stored exactly one."""
    db = Database(url)
    try:
        async with db.reader() as session:
            return await session.scalar(select(func.count()).select_from(Order))
    finally:
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
