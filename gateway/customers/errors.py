"""The codes of userErrors from the register, its import, invitations and account requests: ErrorCode's shared ones and these.
GraphQL shows them as the enum CustomerErrorCode (schema/errors.py); tests/platform/test_error_codes.py fails
on a code raised here that is not listed."""

from __future__ import annotations

from enum import StrEnum


class CustomerErrorCode(StrEnum):
    CONFLICT = "CONFLICT"
    CUSTOMER_DELETED = "CUSTOMER_DELETED"
    CUSTOMER_DISABLED = "CUSTOMER_DISABLED"
