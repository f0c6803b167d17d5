"""The console in a real browser: the app served by uvicorn on a free port (in a thread, with the
outbox's email sender beside it, so login codes go through the tests' SMTP server), and Debian's
Chromium driven headless by Playwright. Without Chromium the browser tests skip, unless
CONSOLE_BROWSER_TESTS=required (set by .ci/run), which turns the skip into a failure."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import uvicorn

from gateway.app import create_app
from gateway.db.engine import Database
from gateway.outbox import worker
from gateway.platform.settings import Settings
from tests.outbox.smtp import free_port

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("CONSOLE_BROWSER_TESTS") == "required"
# What works in a container without a GPU, a sandbox or the internet.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The README's pictures: written there with UPDATE_SCREENSHOTS=1 (every run would otherwise leave
# changed PNGs in the working tree), else into a temporary folder.
SCREENSHOTS = (Path(__file__).resolve().parents[2] / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS")
               else Path(tempfile.gettempdir()) / "gateway-console-screenshots")


class LiveServer:
    """uvicorn serving the gateway on 127.0.0.1 in its own thread and event loop (with its own
    Database: connections belong to a loop), the email sender running in the same loop."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: uvicorn.Server | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.ready = threading.Event()

    def _run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        db = Database(self.settings.database_url)
        app = create_app(self.settings, db)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        sender = asyncio.create_task(worker.poll(db, worker.EmailChannel(self.settings)))
        serving = asyncio.create_task(self.server.serve())
        while not self.server.started and not serving.done():
            await asyncio.sleep(0.02)
        self.ready.set()
        await serving
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        assert self.ready.wait(15), "the server did not start"
        return self

    def __exit__(self, *_: object) -> None:
        if self.server is not None:
            self.server.should_exit = True
        self.thread.join(15)


@pytest.fixture
def live_server(settings: Settings, smtp) -> Iterator[LiveServer]:  # noqa: ANN001 - smtp: mail goes there
    with LiveServer(settings) as server:
        yield server


@pytest.fixture
async def browser() -> AsyncIterator:
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if REQUIRED:
            pytest.fail(f"{message}, and CONSOLE_BROWSER_TESTS=required")
        pytest.skip(message)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield chromium
        finally:
            await chromium.close()


async def offline_page(browser, server: LiveServer):  # noqa: ANN001, ANN201
    """A page that may reach the gateway only: anything else (a CDN) is aborted and recorded."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.outside: list[str] = []

    async def only_the_gateway(route) -> None:  # noqa: ANN001
        if route.request.url.startswith(server.url):
            await route.continue_()
        else:
            page.outside.append(route.request.url)
            await route.abort()

    await page.route("**/*", only_the_gateway)
    page.set_default_timeout(15_000)
    return page


async def screenshot(page, name: str) -> None:  # noqa: ANN001
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
