"""The codes of userErrors from payment methods: ErrorCode's shared ones and these.
GraphQL shows them as the enum PaymentErrorCode (schema/errors.py); tests/platform/test_error_codes.py fails
on a code raised here that is not listed."""

from __future__ import annotations

from enum import StrEnum


class PaymentErrorCode(StrEnum):
    PAYMENT_METHOD_REQUIRED = "PAYMENT_METHOD_REQUIRED"
