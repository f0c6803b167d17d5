"""Amount fixtures: Acme and its buyer (tests/catalog/conftest.py), a merchant to notify, and a
drill that costs 129.00 EUR."""

from __future__ import annotations

from typing import Any

import pytest

from tests.admin.helpers import create_product
from tests.catalog.conftest import catalog  # noqa: F401  (fixture shared with the catalog tests)
from tests.checkout.conftest import acme, settings  # noqa: F401  (fixtures shared with the checkout tests)


@pytest.fixture
async def drill(admin) -> dict[str, Any]:  # noqa: ANN001
    """The drill's one variant: 2,000,000,000 of them cost 258,000,000,000.00 EUR."""
    return (await create_product(admin, "Drill", "DRILL", price="129.00"))["variants"][0]
