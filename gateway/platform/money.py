"""Money: integer minor units in storage, Decimal at the edges, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, DecimalException

# ISO 4217 exponents that differ from 2; every other currency has two decimals.
_EXPONENTS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency.upper(), 2)


def is_currency_code(value: str) -> bool:
    return len(value) == 3 and value.isalpha() and value.isupper()


def to_minor(amount: Decimal, currency: str) -> int:
    """Exact conversion; callers check decimals_ok first (raises on too many decimals)."""
    scaled = amount.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} has more decimals than {currency} allows")
    return int(scaled)


def from_minor(minor: int, currency: str) -> Decimal:
    exp = exponent(currency)
    return (Decimal(minor).scaleb(-exp)).quantize(Decimal(1).scaleb(-exp))


# Amounts are at most 10**12 minor units (validation.MAX_AMOUNT); an exponent far outside that would
# overflow the decimal context (an error) or underflow it (a silent 0, so "1e-999999999" would pass
# as a whole amount).
MAX_ADJUSTED = 18


def decimals_ok(amount: Decimal, currency: str) -> bool:
    """Whether amount is a whole number of currency's minor units, of a sane size."""
    if amount.is_zero():
        return True
    if not -MAX_ADJUSTED <= amount.adjusted() <= MAX_ADJUSTED:
        return False
    try:
        scaled = amount.scaleb(exponent(currency))
        return scaled == scaled.to_integral_value()
    except DecimalException:
        return False


def round_half_up(value: Decimal) -> int:
    """Round a fractional minor-unit value half up to a whole minor unit."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(minor: int, basis_points: int) -> int:
    """basis_points/10000 of an amount, rounded half up to the minor unit."""
    return round_half_up(Decimal(minor) * Decimal(basis_points) / Decimal(10000))


def text(minor: int, currency: str) -> str:
    """For people (emails, the timeline): "12.50 EUR"."""
    return f"{from_minor(minor, currency)} {currency}"
