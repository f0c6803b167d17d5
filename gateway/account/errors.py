"""Error codes of the buyer's own account (customerUpdate, companyLocationUpdateAddress, customerDelete), beyond the shared ErrorCode (tests/platform/test_error_codes.py)."""

from __future__ import annotations

from enum import StrEnum


class AccountErrorCode(StrEnum):
    MAIN_CONTACT = "MAIN_CONTACT"
    OUTSTANDING_ORDERS = "OUTSTANDING_ORDERS"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    RECENT_LOGIN_REQUIRED = "RECENT_LOGIN_REQUIRED"
