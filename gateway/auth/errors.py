"""The codes of userErrors from login codes, sessions and the viewer: ErrorCode's shared ones and these.
GraphQL shows them as the enum AuthErrorCode (schema/errors.py); tests/platform/test_error_codes.py fails
on a code raised here that is not listed."""

from __future__ import annotations

from enum import StrEnum


class AuthErrorCode(StrEnum):
    INVALID_CODE = "INVALID_CODE"
    NOT_B2B_CUSTOMER = "NOT_B2B_CUSTOMER"
