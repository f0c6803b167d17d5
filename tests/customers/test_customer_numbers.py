"""Customer numbers: every company made without one takes the series' next, numbers are unique
and never reused, also when twenty companies are created at once (PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest

from tests.helpers import COMPANY_CREATE, codes, create_company

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


UPDATE = """mutation($id: ID!, $input: CompanyInput!) { companyUpdate(companyId: $id, input: $input) {
    company { customerNumber } userErrors { field code message } } }"""


def taken(payload: dict, *path: str) -> str:
    """The message of the one TAKEN userError on path."""
    [error] = payload["userErrors"]
    assert (error["field"], error["code"]) == (list(path), "TAKEN"), payload
    return error["message"]


async def test_the_number_of_a_deleted_company_is_never_given_again(admin):
    gone = await create_company(admin, "Gone", email=None, customerNumber="E-1")
    await admin(DELETE, id=gone["id"])
    payload = (await admin(COMPANY_CREATE, input={"company": {"name": "New", "customerNumber": "E-1"}}))["companyCreate"]
    message = taken(payload, "input", "company", "customerNumber")
    assert "'E-1' was used before" in message and "never reused" in message
    other = await create_company(admin, "Other", email=None)
    payload = (await admin(UPDATE, id=other["id"], input={"customerNumber": "E-1"}))["companyUpdate"]
    assert "was used before" in taken(payload, "input", "customerNumber")


async def test_a_number_a_company_gave_up_stays_its_own(admin):
    first = await create_company(admin, "First", email=None)
    assert first["customerNumber"] == "K-10000"
    moved = (await admin(UPDATE, id=first["id"], input={"customerNumber": "F-1"}))["companyUpdate"]
    assert moved["userErrors"] == [] and moved["company"]["customerNumber"] == "F-1"
    clash = (await admin(COMPANY_CREATE, input={"company": {"name": "Second", "customerNumber": "K-10000"}}))
    assert "was used before" in taken(clash["companyCreate"], "input", "company", "customerNumber")
    assert (await create_company(admin, "Third", email=None))["customerNumber"] == "K-10001"
    # the company that had it may have it back
    back = (await admin(UPDATE, id=first["id"], input={"customerNumber": "K-10000"}))["companyUpdate"]
    assert back["userErrors"] == [] and back["company"]["customerNumber"] == "K-10000"
    now_held = (await admin(UPDATE, id=first["id"], input={"customerNumber": "K-10001"}))["companyUpdate"]
    assert "belongs to another company" in taken(now_held, "input", "customerNumber")


async def test_setting_the_series_back_skips_the_numbers_it_gave(admin):
    for name in ("A", "B"):
        await create_company(admin, name, email=None)  # K-10000, K-10001
    await create_company(admin, "By hand", email=None, customerNumber="K-10003")
    gone = await create_company(admin, "Gone", email=None, customerNumber="K-10004")
    await admin(DELETE, id=gone["id"])
    payload = await admin("mutation { shopUpdate(input: {customerNumberNext: 10000}) { userErrors { code } } }")
    assert payload["shopUpdate"]["userErrors"] == []
    assert (await admin(SERIES))["customerNumberSeries"]["nextNumber"] == 10000
    numbers = [(await create_company(admin, f"New {n}", email=None))["customerNumber"] for n in range(2)]
    assert numbers == ["K-10002", "K-10005"]  # past what was given, by the series, by hand, or to a deleted company
    assert (await admin(SERIES))["customerNumberSeries"]["nextNumber"] == 10006


async def test_a_long_rewind_is_skipped_in_a_few_statements(admin, db):
    """The series set back below 2,500 issued numbers: the next company still gets the first free
    number, reading customer_numbers in windows, not one number at a time."""
    from sqlalchemy import insert

    from gateway.db.models import IssuedCustomerNumber
    from gateway.platform import clock

    async with db.transaction() as session:
        await session.execute(insert(IssuedCustomerNumber), [
            {"number": f"K-{n}", "company_id": None, "issued_at": clock.now()} for n in range(10000, 12500)
        ])
    response = await admin.post(COMPANY_CREATE, input={"company": {"name": "After"}})
    assert response.json()["data"]["companyCreate"]["company"]["customerNumber"] == "K-12500"
    assert int(response.headers["X-SQL-Statements"]) < 25
    assert (await admin(SERIES))["customerNumberSeries"]["nextNumber"] == 12501


async def test_an_import_never_gives_a_number_that_was_used(admin, db):
    from tests.customers.helpers import ACME_HQ, errors, register_import, rows_csv

    gone = await create_company(admin, "Gone", email=None, customerNumber="G-1")
    await admin(DELETE, id=gone["id"])
    renumbered = await create_company(admin, "Renumbered", email=None, externalId="ERP-9", customerNumber="R-1")
    await admin(UPDATE, id=renumbered["id"], input={"customerNumber": "R-2"})
    rows = [
        {**ACME_HQ, "customer_number": "G-1"},
        {**ACME_HQ, "company_external_id": "ERP-2", "location_external_id": "LOC-2", "customer_number": "R-1"},
    ]
    result = await register_import(admin, rows_csv(rows), refused=True)
    assert errors(result) == [(2, "customer_number", "TAKEN"), (3, "customer_number", "TAKEN")]
    assert "was used before" in result["errors"][0]["message"]
    # the company that had R-1 may take it back by import; the series skips what it gave
    await admin("mutation { shopUpdate(input: {customerNumberNext: 10000}) { userErrors { code } } }")
    back = [{**ACME_HQ, "company_external_id": "ERP-9", "company_name": "Renumbered", "customer_number": "R-1"},
            {**ACME_HQ, "contact_email": "", "contact_first_name": "", "contact_last_name": "", "contact_role": "",
             "company_external_id": "ERP-3", "location_external_id": "LOC-3"}]
    result = await register_import(admin, rows_csv(back))
    assert result["imported"] is True
    numbers = {n["name"]: n["customerNumber"]
               for n in (await admin("{ companies(first: 10) { nodes { name customerNumber } } }"))["companies"]["nodes"]}
    assert numbers == {"Renumbered": "R-1", "Acme": "K-10000"}
    # K-10000 is recorded as issued: the series, set back again, passes it
    await admin("mutation { shopUpdate(input: {customerNumberNext: 10000}) { userErrors { code } } }")
    assert (await create_company(admin, "Later", email=None))["customerNumber"] == "K-10001"


async def test_an_approved_account_request_takes_a_number_that_stays_issued(admin, storefront, settings):  # noqa: ARG001, F811
    from tests.customers.account_requests import APPROVE, submitted

    gone = await create_company(admin, "Gone", email=None, customerNumber="A-1")
    await admin(DELETE, id=gone["id"])
    first = await submitted(storefront, email="lena@nordic.test")
    refused = (await admin(APPROVE, id=first, input={"customerNumber": "A-1"}))["accountRequestApprove"]
    assert "was used before" in taken(refused, "input", "customerNumber")
    approved = (await admin(APPROVE, id=first, input={}))["accountRequestApprove"]
    assert approved["userErrors"] == [] and approved["accountRequest"]["company"]["customerNumber"] == "K-10000"
    await admin(DELETE, id=approved["accountRequest"]["company"]["id"])
    clash = (await admin(COMPANY_CREATE, input={"company": {"name": "Late", "customerNumber": "K-10000"}}))
    assert "was used before" in taken(clash["companyCreate"], "input", "company", "customerNumber")
