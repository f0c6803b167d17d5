"""The app as uvicorn serves it, with the outbox sender running beside it unless told not to.

`gateway serve` runs uvicorn with proxy_headers off: which proxies may name the client in
X-Forwarded-For is TRUSTED_PROXIES alone (resolvers/platform/context.py). Running uvicorn by hand
(`uvicorn --factory gateway.serve:make_app`), pass `--no-proxy-headers` too, or uvicorn rewrites the
peer from X-Forwarded-For for 127.0.0.1 (its FORWARDED_ALLOW_IPS) before the gateway sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os

from starlette.applications import Starlette

from gateway.app import create_app
from gateway.platform.settings import ConfigurationError, for_operator, load, safe_to_go_live

NO_WORKER_ENV = "GATEWAY_NO_WORKER"


def make_app() -> Starlette:
    """uvicorn's factory (one call per worker process); the outbox sender runs in each. A setting
    that is wrong or unsafe for production ends the process with its one line (uvicorn run
    directly, without `gateway serve`, would otherwise print a traceback or serve unsafely)."""
    try:
        settings = load()
        accepted = safe_to_go_live(settings)
    except ConfigurationError as exc:
        raise SystemExit(for_operator(exc)) from None
    for risk in accepted:
        logging.getLogger("gateway").warning(risk)
    app = create_app(settings)
    if os.environ.get(NO_WORKER_ENV) == "1":
        return app
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a: Starlette):  # noqa: ANN202
        from gateway import worker

        task = asyncio.create_task(worker.run_forever(a.state.db, a.state.settings))
        async with inner(a):
            yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.router.lifespan_context = lifespan
    return app
