"""Old names kept for the clients that use them: each answers what its consistent twin does and is
marked deprecated in the schema (docs/decisions.md, "One name for one thing")."""

from __future__ import annotations

from typing import Any

import strawberry


def renamed(attribute: str, new_name: str) -> Any:
    """A deprecated field answering the payload's `attribute` (an id), now called `new_name`."""

    def resolve(root: Any) -> strawberry.ID | None:
        return getattr(root, attribute)

    return strawberry.field(resolver=resolve, deprecation_reason=f"Use {new_name}.")
