"""registerImport sends COMPANIES_CREATE, COMPANIES_UPDATE and CUSTOMERS_CREATE for what it creates
and changes (never on a dry run, a refused file or unchanged rows), with statements that do not grow
with the file's size."""

from __future__ import annotations

from tests.customers.helpers import ACME_HQ, IMPORT, register_import, rows_csv, sample
from tests.outbox.test_webhook_topics import bodies, subscribe_all
from tests.outbox.webhooks import webhook_rows


async def emitted(db) -> list[str]:  # noqa: ANN001
    return sorted(row.subject for row in await webhook_rows(db))


async def test_an_import_emits_for_what_it_creates_and_changes(admin, db):
    await subscribe_all(admin)
    text = rows_csv(sample())
    await register_import(admin, text, dryRun=True)
    bad = [*sample(), {**ACME_HQ, "location_external_id": "LOC-9", "contact_email": "nope"}]
    await register_import(admin, rows_csv(bad), refused=True)
    assert await emitted(db) == []  # nothing for a dry run or a refused file

    await register_import(admin, text)
    assert await emitted(db) == ["COMPANIES_CREATE"] * 2 + ["CUSTOMERS_CREATE"] * 2
    companies = {b["externalId"]: b for b in await bodies(db, "COMPANIES_CREATE")}
    read = "{ companies(first: 5) { nodes { id externalId customerNumber mainContact { id } } } }"
    for node in (await admin(read))["companies"]["nodes"]:
        body = companies[node["externalId"]]
        assert (body["id"], body["customerNumber"], body["mainContact"]) == (
            node["id"], node["customerNumber"], node["mainContact"])
    assert companies["ERP-1"]["mainContact"] is not None and companies["ERP-2"]["name"] == "Beta"
    assert sorted(b["email"] for b in await bodies(db, "CUSTOMERS_CREATE")) == ["anna@acme.test", "bo@acme.test"]

    await register_import(admin, text)
    assert len(await emitted(db)) == 4  # unchanged rows send nothing

    rows = sample()
    rows[0] = {**rows[0], "contact_last_name": "Berg-Lind"}  # a changed contact: no topic for it
    rows[2] = {**rows[2], "contact_last_name": "Berg-Lind"}
    rows[3] = {**rows[3], "company_name": "Beta Group", "contact_email": "cy@beta.test"}  # renamed, a first contact
    result = await register_import(admin, rows_csv(rows))
    assert result["imported"] is True
    assert await emitted(db) == ["COMPANIES_CREATE"] * 2 + ["COMPANIES_UPDATE"] + ["CUSTOMERS_CREATE"] * 3
    [update] = await bodies(db, "COMPANIES_UPDATE")
    assert (update["externalId"], update["name"]) == ("ERP-2", "Beta Group") and update["mainContact"] is not None
    assert (await bodies(db, "CUSTOMERS_CREATE"))[-1]["email"] == "cy@beta.test"


def companies_csv(start: int, count: int) -> str:
    return rows_csv([
        {**ACME_HQ, "company_external_id": f"ERP-{n}", "company_name": f"Co {n}", "location_external_id": f"LOC-{n}",
         "contact_email": f"c{n}@co.test"}
        for n in range(start, start + count)
    ])


async def statements(admin, text: str) -> int:  # noqa: ANN001
    response = await admin.post(IMPORT, csv=text)
    assert response.json()["data"]["registerImport"]["result"]["imported"] is True
    return int(response.headers["X-SQL-Statements"])


async def test_the_webhooks_of_an_import_take_the_same_statements_for_ten_rows_or_sixty(admin, db):
    quiet = await statements(admin, companies_csv(0, 10))
    await subscribe_all(admin)
    small = await statements(admin, companies_csv(100, 10))
    large = await statements(admin, companies_csv(200, 60))
    assert small == large  # bulk reads and one flush per topic, whatever the rows
    assert small <= quiet + 3 * 2  # per topic: the rows read back, the deliveries written
    assert len(await webhook_rows(db, "COMPANIES_CREATE")) == 70 and len(await webhook_rows(db, "CUSTOMERS_CREATE")) == 70
