"""Field checks shared by the domain modules; each adds a Problem rather than raising."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import money
from gateway.errors import DomainError, Problem, Problems

# Pragmatic: one @, no spaces, a dot in the domain; the login code proves the rest.
# Amounts are stored as 64-bit integers of minor units; this leaves room for sums of them.
MAX_MINOR = 10**15

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
    if value >= MAX_MINOR:  # before scaling it: a huge exponent would overflow
        problems.add("GREATER_THAN", f"{_label(path)} is too large.", *path)
        return None
    if not money.decimals_ok(value, currency):
        places = money.exponent(currency)
        problems.add("INVALID", f"{_label(path)} has more than {places} decimals for {currency}.", *path)
        return None
    minor = money.to_minor(value, currency)
    if minor > MAX_MINOR:
        problems.add("GREATER_THAN", f"{_label(path)} is too large.", *path)
        return None
    return minor


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
