"""VAT numbers of company locations, checked with python-stdnum (a country prefix, then the number
with that country's check digits): an EU number decides the reverse charge (gateway/orders/taxes.py)."""

from __future__ import annotations

import re

import stdnum
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError

# The prefixes of the EU VAT area that differ from the ISO country code.
_COUNTRY_OF_PREFIX = {"EL": "GR", "XI": "GB"}  # Greece; Northern Ireland (goods only, under the EU's rules)
EU_PREFIXES = frozenset(code.upper() for code in eu_vat.MEMBER_STATES) | {"EL"}  # stdnum lists Greece as gr


def clean(value: str) -> str | None:
    """The number in compact form (DE136695976) when it is a valid VAT number of its prefix's
    country, else None."""
    compact = re.sub(r"[\s.\-/]", "", value).upper()
    prefix = compact[:2]
    if not prefix.isalpha():
        return None
    try:
        if prefix in EU_PREFIXES:
            return eu_vat.validate(compact)
        module = stdnum.get_cc_module(prefix.lower(), "vat")
        if module is None:
            return None
        module.validate(compact)
        return compact
    except ValidationError:
        return None


def in_eu(country_code: str | None) -> bool:
    """Whether an ISO country code is an EU member state's."""
    return country_code is not None and country_code.lower() in eu_vat.MEMBER_STATES - {"xi"}


def eu_country(number: str | None) -> str | None:
    """The ISO country code of an EU VAT number (GR for EL), None for any other."""
    if not number or number[:2] not in EU_PREFIXES:
        return None
    return _COUNTRY_OF_PREFIX.get(number[:2], number[:2])
