"""Error codes of products, catalogs and price lists, beyond the shared ErrorCode (tests/platform/test_error_codes.py)."""

from __future__ import annotations

from enum import StrEnum


class CatalogErrorCode(StrEnum):
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    OUT_OF_STOCK = "OUT_OF_STOCK"
