"""Postal addresses, stored as JSON on the row that owns them."""

from __future__ import annotations

from typing import Any

from gateway import validation
from gateway.errors import Problems

FIELDS = ("address1", "address2", "city", "zip", "country_code", "zone_code", "recipient", "phone")
CAMEL = {"country_code": "countryCode", "zone_code": "zoneCode"}


def clean(problems: Problems, data: dict[str, Any] | None, path: tuple[str, ...]) -> dict[str, Any] | None:
    """A normalised address; address1, city and a two-letter country code are required."""
    if data is None:
        return None
    out: dict[str, Any] = {}
    for key in FIELDS:
        name = CAMEL.get(key, key)
        required = key in ("address1", "city", "country_code")
        out[key] = validation.text(problems, data.get(key), (*path, name), required=required, max_length=255)
    code = out["country_code"]
    if code is not None:
        if len(code) != 2 or not code.isalpha():
            problems.add("INVALID", "Country code must be two letters (ISO 3166-1 alpha-2).", *path, "countryCode")
        out["country_code"] = code.upper()
    return out
