"""GraphQL enums built from the domain's own tuples, so a value is named once (in gateway/) and the
schema can never drift from what the domain accepts."""

from __future__ import annotations

from enum import Enum

import strawberry


def from_domain(
    name: str, values: tuple[str, ...], description: str | None = None, *, described: dict[str, str] | None = None
) -> type[Enum]:
    """The enum `name` with one value per item of values (its name and its value alike); described
    gives some values a description."""
    described = described or {}
    members = {v: strawberry.enum_value(v, description=described[v]) if v in described else v for v in values}
    return strawberry.enum(Enum(name, members), description=description)
