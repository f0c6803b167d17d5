"""Typed domain errors. Resolvers turn them into userErrors; nothing else leaks to clients."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ErrorCode(StrEnum):
    """The codes every feature may answer (validation, lookups, paging, login); each feature adds its
    own in gateway/<feature>/errors.py. A code is a StrEnum member, so a plain string of the same
    name is the same code."""

    BLANK = "BLANK"
    GREATER_THAN = "GREATER_THAN"
    INCLUSION = "INCLUSION"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    LESS_THAN = "LESS_THAN"
    LOGIN_REQUIRED = "LOGIN_REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    QUANTITY_TOO_LARGE = "QUANTITY_TOO_LARGE"
    TAKEN = "TAKEN"
    THROTTLED = "THROTTLED"
    TOO_LONG = "TOO_LONG"
    TOTAL_TOO_LARGE = "TOTAL_TOO_LARGE"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: a stable code, a message, and the input path."""

    code: str
    message: str
    field: tuple[str, ...] | None = None


class DomainError(Exception):
    """Raised by the domain for a user's mistake. Carries one or more problems."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)

    @classmethod
    def of(cls, code: str, message: str, *field: str) -> "DomainError":
        return cls(Problem(code, message, tuple(field) or None))


def not_found(what: str, *field: str) -> DomainError:
    return DomainError.of("NOT_FOUND", f"{what} not found.", *field)


def login_required(message: str, *field: str) -> DomainError:
    """What every Storefront mutation answers an anonymous caller that must log in first (one code
    for all of them: LOGIN_REQUIRED)."""
    return DomainError.of("LOGIN_REQUIRED", message, *field)


@dataclass
class Problems:
    """Collects validation problems, then raises them together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, code: str, message: str, *path: str) -> None:
        self.items.append(Problem(code, message, tuple(path) or None))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise DomainError(*self.items)
