"""HTTP caching of Storefront answers: ETag and If-None-Match, and who may cache what.

An answer is `public` (a CDN may keep it for CATALOG_MAX_AGE seconds) only when it is the same for
everyone who sends the same URL: an anonymous query of catalog root fields only, without errors, in
OPEN access mode. Every other query answer is `private, no-cache` (the browser may keep it and
revalidate with its ETag); mutations and answers with errors are `private, no-store`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# Root fields whose answer to an anonymous caller depends on nothing but the document, its variables
# and the shop's data. viewer, cart and order are the caller's: never public.
PUBLIC_ROOT_FIELDS = frozenset({"shop", "products", "product", "node", "__typename"})
NO_STORE = "private, no-store"
REVALIDATE = "private, no-cache"


@dataclass(frozen=True)
class Operation:
    """What the executed operation is: its kind and its root field names (None: a fragment at the
    root, which this does not expand, so the answer is not public)."""

    kind: str  # query | mutation | subscription
    root_fields: frozenset[str] | None


@dataclass
class Policy:
    """What a Storefront answer is sent with, decided after execution."""

    cache_control: str
    etag: bool  # query answers get an ETag, mutations never
    if_none_match: str | None = None


def etag_of(body: bytes) -> str:
    """A strong validator: the answer's exact bytes decide it."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match compares weakly (RFC 9110 13.1.2): W/ prefixes do not matter; `*` matches."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def same_for_everyone(operation: Operation | None, *, anonymous: bool, has_errors: bool) -> bool:
    """All a public answer needs but the OPEN access mode (which costs a read: checked last)."""
    return (
        operation is not None
        and operation.kind == "query"
        and operation.root_fields is not None
        and operation.root_fields <= PUBLIC_ROOT_FIELDS
        and anonymous
        and not has_errors
    )
