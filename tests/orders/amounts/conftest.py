"""Amount fixtures: a drill that costs 129.00 EUR (Acme, its buyer and the merchant come from
tests/fixtures.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import create_product


@pytest.fixture
async def drill(admin) -> dict[str, Any]:  # noqa: ANN001
    """The drill's one variant: 2,000,000,000 of them cost 258,000,000,000.00 EUR."""
    return (await create_product(admin, "Drill", "DRILL", price="129.00"))["variants"][0]
