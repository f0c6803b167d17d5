"""Logging with the request id on every line."""

from __future__ import annotations

import contextvars
import logging

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_make_record = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs) -> logging.LogRecord:  # noqa: ANN002, ANN003
    """Every record carries `request_id`, whichever handler formats it (pytest's caplog included)."""
    record = _make_record(*args, **kwargs)
    record.request_id = request_id.get()
    return record


if not getattr(_make_record, "adds_request_id", False):
    _record_with_request_id.adds_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(_record_with_request_id)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
