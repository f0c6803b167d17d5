"""The codes of userErrors from the buyer's own account (customerUpdate, companyLocationUpdateAddress, customerDelete): ErrorCode's shared ones and these.
GraphQL shows them as the enum AccountErrorCode (schema/errors.py); tests/platform/test_error_codes.py fails
on a code raised here that is not listed."""

from __future__ import annotations

from enum import StrEnum


class AccountErrorCode(StrEnum):
    MAIN_CONTACT = "MAIN_CONTACT"
    OUTSTANDING_ORDERS = "OUTSTANDING_ORDERS"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    RECENT_LOGIN_REQUIRED = "RECENT_LOGIN_REQUIRED"
