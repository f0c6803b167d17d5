"""GraphQL inputs as the plain data the domain takes."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry


def to_data(value: Any) -> Any:
    """A strawberry input as plain data for the domain: dicts of the fields given, snake_case."""
    if isinstance(value, list):
        return [to_data(v) for v in value]
    if isinstance(value, Enum):  # checked first: strawberry enums carry a definition too
        return value.value
    definition = getattr(value, "__strawberry_definition__", None)
    if definition is not None and getattr(definition, "is_input", False):
        out = {}
        for f in definition.fields:
            item = getattr(value, f.python_name)
            if item is not strawberry.UNSET:
                out[f.python_name] = to_data(item)
        return out
    return value
