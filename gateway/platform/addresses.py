"""Postal addresses, stored as JSON on the row that owns them."""

from __future__ import annotations

from typing import Any

from gateway.platform import validation
from gateway.platform.errors import Problems

FIELDS = ("address1", "address2", "city", "zip", "country_code", "zone_code", "recipient", "phone")
CAMEL = {"country_code": "countryCode", "zone_code": "zoneCode"}
# ISO 3166-1 alpha-2: the 249 officially assigned codes.
COUNTRY_CODES = frozenset("""
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
""".split())


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
        if code.upper() not in COUNTRY_CODES:
            problems.add("INVALID", f"{code!r} is not a country code (ISO 3166-1 alpha-2, such as DE or SE).",
                         *path, "countryCode")
        out["country_code"] = code.upper()
    return out
