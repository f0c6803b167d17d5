"""The codes of userErrors from products, catalogs and price lists: ErrorCode's shared ones and these.
GraphQL shows them as the enum CatalogErrorCode (schema/errors.py); tests/platform/test_error_codes.py fails
on a code raised here that is not listed."""

from __future__ import annotations

from enum import StrEnum


class CatalogErrorCode(StrEnum):
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
