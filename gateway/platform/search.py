"""The `query` argument of list fields: a case-insensitive substring match."""

from __future__ import annotations

from gateway.platform.errors import DomainError
from gateway.platform.validation import CONTROL_RE

MAX_QUERY = 255


def like_pattern(term: str) -> str:
    """A LIKE pattern (escape character backslash) matching term anywhere, lower-cased, wildcards
    escaped and control characters dropped (no stored text holds one; a NUL fails on PostgreSQL)."""
    if len(term) > MAX_QUERY:
        raise DomainError.of("TOO_LONG", f"A search query has at most {MAX_QUERY} characters.", "query")
    escaped = CONTROL_RE.sub("", term).lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
