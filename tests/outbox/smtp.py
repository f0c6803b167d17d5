"""A real SMTP server (aiosmtpd on 127.0.0.1, a free port) and settings that send to it."""

from __future__ import annotations

import asyncio
import email
import socket
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller



def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every delivered email; `stall` seconds delays each delivery."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.stall = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001
        if self.stall:
            await asyncio.sleep(self.stall)
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    """Starts and stops on a fixed port, so a test can have the server down, then up."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self, **smtp_options: object) -> None:
        """smtp_options go to aiosmtpd's SMTP (auth_required, authenticator, ...)."""
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **smtp_options)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
