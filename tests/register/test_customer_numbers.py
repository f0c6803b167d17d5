"""Customer numbers: every company made without one takes the series' next, numbers are unique
and never reused, also when twenty companies are created at once (PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest

from tests.admin.helpers import COMPANY_CREATE, codes, create_company

DELETE = "mutation($id: ID!) { companyDelete(id: $id) { userErrors { code } } }"
SERIES = "{ customerNumberSeries { prefix nextNumber } }"


async def test_a_number_given_by_hand_that_is_taken_is_a_clear_user_error(admin):
    first = await create_company(admin, "First", email=None)
    assert first["customerNumber"] == "K-10000"
    payload = (await admin(COMPANY_CREATE, input={"company": {"name": "Clash", "customerNumber": "K-10000"}}))
    errors = payload["companyCreate"]["userErrors"]
    assert codes(payload["companyCreate"]) == [(["input", "company", "customerNumber"], "TAKEN")]
    assert "'K-10000' belongs to another company" in errors[0]["message"]
    assert (await admin(SERIES))["customerNumberSeries"]["nextNumber"] == 10001  # nothing taken by the refusal


async def test_numbers_are_never_reused_after_a_delete(admin):
    gone = await create_company(admin, "Gone", email=None)
    await admin(DELETE, id=gone["id"])
    assert (await create_company(admin, "Next", email=None))["customerNumber"] == "K-10001"


async def test_a_prefix_and_next_number_set_by_the_merchant(admin):
    payload = await admin("""mutation { shopUpdate(input: {customerNumberPrefix: "C", customerNumberNext: 500}) {
        userErrors { code } } }""")
    assert payload["shopUpdate"]["userErrors"] == []
    assert (await create_company(admin, "A", email=None))["customerNumber"] == "C500"
    assert (await admin(SERIES))["customerNumberSeries"] == {"prefix": "C", "nextNumber": 501}


async def test_twenty_concurrent_company_creations_get_distinct_numbers(admin, db):
    if db.is_sqlite:
        pytest.skip("concurrent writers: PostgreSQL only (SQLite serialises writers)")
    payloads = await asyncio.gather(*(
        admin(COMPANY_CREATE, input={"company": {"name": f"Co {n}"}, "companyContact": {"email": f"c{n}@co.test"},
                                     "companyLocation": {"name": "HQ"}})
        for n in range(20)
    ))
    created = [p["companyCreate"] for p in payloads]
    assert all(c["userErrors"] == [] for c in created), created
    numbers = [c["company"]["customerNumber"] for c in created]
    assert len(set(numbers)) == 20
    assert all(n.startswith("K-") and 10000 <= int(n[2:]) < 10020 for n in numbers)
    assert (await admin(SERIES))["customerNumberSeries"]["nextNumber"] == 10020
