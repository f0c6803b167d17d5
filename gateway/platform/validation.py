"""Field checks shared by the domain modules; each adds a Problem rather than raising."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.platform import money
from gateway.platform.errors import DomainError, Problem, Problems

# Money columns are 64-bit integers of minor units (at most 9.2 * 10**18). No price, limit or order
# total may pass MAX_AMOUNT, 10 billion in a two-decimal currency: a line (price x quantity) and a
# cart of MAX_AMOUNT stay far inside the column, and so do sums over millions of orders (what a
# company owes, what a customer spent). A line holds at most MAX_QUANTITY (the quantity columns are
# 32-bit): one order line of 2 billion drills is a mistake or an attack, never an order.
MAX_AMOUNT = 10**12
MAX_QUANTITY = 1_000_000

# Pragmatic: one @, no spaces, a dot in the domain; the login code proves the rest.
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(
    problems: Problems, value: str | None, path: tuple[str, ...], *, required: bool = False, max_length: int = 255
) -> str | None:
    """Strip; '' becomes None; BLANK when required, TOO_LONG past max_length, INVALID with a control
    character (a NUL cannot even be stored in PostgreSQL text; tabs and line breaks are fine).

    None with a problem too: callers look a value up (is it taken?) before the problems are raised,
    and a NUL in a query parameter fails on PostgreSQL (a masked error instead of the problem)."""
    cleaned = value.strip() if isinstance(value, str) else None
    if not cleaned:
        if required:
            problems.add("BLANK", f"{_label(path)} can't be blank.", *path)
        return None
    if len(cleaned) > max_length:
        problems.add("TOO_LONG", f"{_label(path)} is too long (at most {max_length} characters).", *path)
        return None
    if CONTROL_RE.search(cleaned):
        problems.add("INVALID", f"{_label(path)} contains a control character.", *path)
        return None
    return cleaned


def utc(value: datetime | None) -> datetime | None:
    """An input time in UTC; one without a zone is taken as UTC, the API's time zone."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def required(problems: Problems, value: Any, path: tuple[str, ...]) -> Any:
    """BLANK for an explicit null where the setting must keep a value."""
    if value is None:
        problems.add("BLANK", f"{_label(path)} can't be blank.", *path)
    return value


def email(problems: Problems, value: str | None, path: tuple[str, ...]) -> str | None:
    cleaned = text(problems, value, path, required=True, max_length=254)
    if cleaned and not EMAIL_RE.match(cleaned):
        problems.add("INVALID", f"{cleaned!r} is not a valid email address.", *path)
    return cleaned.lower() if cleaned else None


def amount(
    problems: Problems, value: Decimal | None, currency: str, path: tuple[str, ...]
) -> int | None:
    """A non-negative Decimal in currency's minor units, or None with a problem added."""
    if value is None:
        return None
    if not value.is_finite():
        problems.add("INVALID", f"{_label(path)} must be a number.", *path)
        return None
    if value < 0:
        problems.add("LESS_THAN", f"{_label(path)} must be 0 or more.", *path)
        return None
    too_large = f"{_label(path)} is too large: at most {money.text(MAX_AMOUNT, currency)}."
    if value > MAX_AMOUNT:  # before scaling it: a huge exponent would overflow
        problems.add("GREATER_THAN", too_large, *path)
        return None
    if not money.decimals_ok(value, currency):
        places = money.exponent(currency)
        problems.add("INVALID", f"{_label(path)} has more than {places} decimals for {currency}.", *path)
        return None
    minor = money.to_minor(value, currency)
    if minor > MAX_AMOUNT:
        problems.add("GREATER_THAN", too_large, *path)
        return None
    return minor


def quantity(problems: Problems, value: int, path: tuple[str, ...], *, below: str = "LESS_THAN") -> int | None:
    """A quantity of one line, 1 to MAX_QUANTITY; None with a problem added (below: the code for less
    than 1, INVALID where the API has always answered that)."""
    if value < 1:
        problems.add(below, f"{_label(path)} must be at least 1.", *path)
        return None
    if value > MAX_QUANTITY:
        problems.add("QUANTITY_TOO_LARGE", f"{_label(path)} must be at most {MAX_QUANTITY:,} per line.", *path)
        return None
    return value


def total(problems: Problems, minor: int, currency: str, path: tuple[str, ...]) -> bool:
    """Whether an order's total (minor units) is at most MAX_AMOUNT; TOTAL_TOO_LARGE otherwise."""
    if minor <= MAX_AMOUNT:
        return True
    problems.add(
        "TOTAL_TOO_LARGE", f"The total would be {money.text(minor, currency)}; an order may total at most "
        f"{money.text(MAX_AMOUNT, currency)}.", *path,
    )
    return False


def int_range(
    problems: Problems, value: int | None, path: tuple[str, ...], *, low: int, high: int | None = None
) -> int | None:
    if value is None:
        return None
    if value < low:
        problems.add("LESS_THAN", f"{_label(path)} must be at least {low}.", *path)
    elif high is not None and value > high:
        problems.add("GREATER_THAN", f"{_label(path)} must be at most {high}.", *path)
    return value


def one_of(problems: Problems, value: Any, allowed: tuple[str, ...], path: tuple[str, ...]) -> Any:
    if value is not None and value not in allowed:
        problems.add("INCLUSION", f"{_label(path)} must be one of {', '.join(allowed)}.", *path)
    return value


async def flush_unique(session: AsyncSession, constraints: dict[str, tuple[str, ...]]) -> None:
    """Flush; a violation of one of constraints (name -> input path) becomes TAKEN on that path.

    The domain checks uniqueness before writing, but a concurrent transaction can commit the
    same value in between (PostgreSQL; SQLite serialises writers): the constraint decides.
    """
    try:
        await session.flush()
    except IntegrityError as error:
        taken = [
            Problem("TAKEN", f"{_label(path)} is taken.", path) for name, path in constraints.items()
            if name in str(error.orig)
        ]
        if not taken:
            raise
        raise DomainError(*taken) from error


def _label(path: tuple[str, ...]) -> str:
    name = path[-1] if path else "value"
    words = re.sub(r"([A-Z])", r" \1", name).strip().lower()
    return words[:1].upper() + words[1:]
