"""Error codes of payment methods, beyond the shared ErrorCode (tests/platform/test_error_codes.py)."""

from __future__ import annotations

from enum import StrEnum


class PaymentErrorCode(StrEnum):
    PAYMENT_METHOD_REQUIRED = "PAYMENT_METHOD_REQUIRED"
    PAYMENT_PROVIDER_UNAVAILABLE = "PAYMENT_PROVIDER_UNAVAILABLE"
