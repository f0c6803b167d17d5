"""The app as uvicorn serves it, with the outbox sender running beside it unless told not to."""

from __future__ import annotations

import asyncio
import contextlib
import os

from starlette.applications import Starlette

from gateway.app import create_app
from gateway.platform.settings import get_settings

NO_WORKER_ENV = "GATEWAY_NO_WORKER"


def make_app() -> Starlette:
    """uvicorn's factory (one call per worker process); the outbox sender runs in each."""
    app = create_app(get_settings())
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
