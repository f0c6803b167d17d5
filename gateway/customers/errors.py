"""Error codes of the register, its import, invitations and account requests, beyond the shared ErrorCode (tests/platform/test_error_codes.py)."""

from __future__ import annotations

from enum import StrEnum


class CustomerErrorCode(StrEnum):
    CONFLICT = "CONFLICT"
    CUSTOMER_DELETED = "CUSTOMER_DELETED"
    CUSTOMER_DISABLED = "CUSTOMER_DISABLED"
    TOO_MANY = "TOO_MANY"
