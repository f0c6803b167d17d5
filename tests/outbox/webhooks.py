"""A real HTTP receiver for webhooks (asyncio.start_server on 127.0.0.1, a free port) and helpers
to subscribe through the Admin API and run the webhook sender."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from gateway.db.models import OutboxMessage
from gateway.outbox.webhooks import delivery
from tests.helpers import ERRORS, GraphQLClient

SUBSCRIBE = f"""mutation($topic: WebhookTopic!, $url: String!) {{
    webhookSubscriptionCreate(topic: $topic, url: $url) {{
      webhookSubscription {{ id topic url status createdAt }} secret {ERRORS} }} }}"""

DELIVERIES = """query($id: ID!) { node(id: $id) { ... on WebhookSubscription { id status failingSince disabledAt
    deliveries(first: 50) { nodes { id deliveryId topic status responseCode attempts createdAt lastAttemptAt
      deliveredAt lastError } } } } }"""


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def signed_with(self, secret: str) -> bool:
        digest = hmac.new(secret.encode(), self.body, hashlib.sha256).digest()
        return hmac.compare_digest(base64.b64encode(digest).decode(), self.headers["x-webhook-hmac-sha256"])


@dataclass
class Receiver:
    """Answers each request with the next status of `statuses` (200 once they run out), 500 to the
    paths in `failing`, and keeps every request it got; `delay` seconds before answering."""

    statuses: list[int] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)  # paths that always answer 500
    requests: list[Received] = field(default_factory=list)
    delay: float = 0.0
    port: int = 0
    server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = (await reader.readline()).decode("latin-1").strip()
            if not request_line:
                return
            method, path, _ = request_line.split(" ", 2)
            headers: dict[str, str] = {}
            while (line := (await reader.readline()).decode("latin-1").strip()):
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.requests.append(Received(method, path, headers, body))
            if self.delay:
                await asyncio.sleep(self.delay)
            status = 500 if path in self.failing else self.statuses.pop(0) if self.statuses else 200
            writer.write(f"HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".encode())
            await writer.drain()
        finally:
            writer.close()

    def ids(self) -> list[str]:
        return [r.headers["x-webhook-id"] for r in self.requests]

    def topics(self) -> list[str]:
        return [r.headers["x-webhook-topic"] for r in self.requests]


async def subscribe(admin: GraphQLClient, topic: str, url: str) -> tuple[str, str]:
    """(subscription id, secret) of a new subscription; fails the test on userErrors."""
    payload = (await admin(SUBSCRIBE, topic=topic, url=url))["webhookSubscriptionCreate"]
    assert payload["userErrors"] == []
    return payload["webhookSubscription"]["id"], payload["secret"]


async def send(db, settings) -> int:  # noqa: ANN001
    """One run of the webhook sender: the number delivered."""
    return await delivery.run_once(db, settings)


async def webhook_rows(db, topic: str | None = None) -> list[OutboxMessage]:  # noqa: ANN001
    async with db.reader() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.kind == "webhook").order_by(OutboxMessage.id)
        if topic is not None:
            stmt = stmt.where(OutboxMessage.subject == topic)
        return list((await session.scalars(stmt)).all())
