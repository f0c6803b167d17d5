"""Error codes of login codes, sessions and the viewer, beyond the shared ErrorCode (tests/platform/test_error_codes.py)."""

from __future__ import annotations

from enum import StrEnum


class AuthErrorCode(StrEnum):
    INVALID_CODE = "INVALID_CODE"
    LAST_OWNER = "LAST_OWNER"
    NOT_B2B_CUSTOMER = "NOT_B2B_CUSTOMER"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
