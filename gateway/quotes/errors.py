"""Error codes of quotes, beyond the shared ErrorCode (tests/platform/test_error_codes.py)."""

from __future__ import annotations

from enum import StrEnum


class QuoteErrorCode(StrEnum):
    EXPIRED = "EXPIRED"
    INVALID_STATE = "INVALID_STATE"
    LINE_UNAVAILABLE = "LINE_UNAVAILABLE"
    LOCATION_REQUIRED = "LOCATION_REQUIRED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    SPENDING_LIMIT_EXCEEDED = "SPENDING_LIMIT_EXCEEDED"
    TOO_MANY_LINES = "TOO_MANY_LINES"
    UNPRICED = "UNPRICED"
