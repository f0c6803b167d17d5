"""registerImport over HTTP: upserts by external id, changes counted, bad rows with their lines,
all or nothing unless skipInvalid, dry runs, and the round trip through registerExport."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gateway.db.models import Company, CompanyLocation, Customer, RoleAssignment
from tests.customers.helpers import (
    ACME_HQ,
    EXPORT,
    IMPORT,
    counts,
    errors,
    register_import,
    register_size,
    rows_csv,
    sample,
)
from tests.helpers import create_company

READ = """query($q: String) { companies(first: 10, query: $q) { nodes { name externalId customerNumber orgNumber
    creditLimit { amount currencyCode } maxPaymentDays mainContact { customer { email } }
    locations(first: 10) { nodes { name externalId billingAddress { address1 city countryCode }
      buyerExperienceConfiguration { paymentTermsTemplate { name } }
      roleAssignments { role companyContact { customer { email firstName lastName } } } } } } } }"""


async def test_a_fresh_import_creates_the_register(admin, db):
    result = await register_import(admin, rows_csv(sample()))
    assert counts(result) == {
        "companies": (2, 0, 0), "locations": (3, 0, 0), "contacts": (2, 0, 0), "roles": (3, 0, 0),
    }
    assert result["imported"] is True and result["refused"] == 0 and result["rows"] == 4
    acme, beta = (await admin(READ))["companies"]["nodes"]
    assert acme["name"] == "Acme" and acme["externalId"] == "ERP-1" and acme["orgNumber"] == "556677-8899"
    assert acme["creditLimit"] == {"amount": "1000.00", "currencyCode": "EUR"} and acme["maxPaymentDays"] == 30
    assert acme["customerNumber"] == "K-10000"  # the series' next, as companyCreate gives
    assert acme["mainContact"]["customer"]["email"] == "anna@acme.test"
    hq, depot = acme["locations"]["nodes"]
    assert hq["billingAddress"] == {"address1": "Main St 1", "city": "Stockholm", "countryCode": "SE"}
    assert hq["buyerExperienceConfiguration"]["paymentTermsTemplate"] == {"name": "Net 30"}
    assert sorted((r["role"], r["companyContact"]["customer"]["email"]) for r in hq["roleAssignments"]) == [
        ("LOCATION_ADMIN", "anna@acme.test"), ("ORDERING_ONLY", "bo@acme.test"),
    ]
    assert [(r["role"], r["companyContact"]["customer"]["firstName"]) for r in depot["roleAssignments"]] == [
        ("ORDERING_ONLY", "Anna")
    ]
    assert depot["billingAddress"] is None and depot["buyerExperienceConfiguration"]["paymentTermsTemplate"] is None
    assert beta["customerNumber"] == "B-7" and beta["mainContact"] is None
    assert await register_size(db) == (2, 3, 2, 2, 3)


async def test_importing_the_same_file_again_changes_nothing(admin, db):
    text = rows_csv(sample())
    await register_import(admin, text)
    async with db.reader() as session:
        before = [(c.id, c.updated_at) for c in (await session.scalars(select(Company).order_by(Company.id))).all()]
    result = await register_import(admin, text)
    assert counts(result) == {
        "companies": (0, 0, 2), "locations": (0, 0, 3), "contacts": (0, 0, 2), "roles": (0, 0, 3),
    }
    assert result["imported"] is False and result["errors"] == []
    async with db.reader() as session:
        after = [(c.id, c.updated_at) for c in (await session.scalars(select(Company).order_by(Company.id))).all()]
    assert after == before
    assert await register_size(db) == (2, 3, 2, 2, 3)


async def test_a_changed_row_updates_only_what_changed(admin, db):
    await register_import(admin, rows_csv(sample()))
    rows = sample()
    rows[0] = {**rows[0], "contact_role": "ORDERING_ONLY", "contact_last_name": "Berg-Lind"}
    rows[1] = {**rows[1]}
    rows[2] = {**rows[2], "contact_last_name": "Berg-Lind"}
    rows[3] = {**rows[3], "company_name": "Beta Group", "location_name": "Beta North"}
    result = await register_import(admin, rows_csv(rows))
    assert counts(result) == {
        "companies": (0, 1, 1), "locations": (0, 1, 2), "contacts": (0, 1, 1), "roles": (0, 1, 2),
    }
    async with db.reader() as session:
        beta = await session.scalar(select(Company).where(Company.external_id == "ERP-2"))
        assert beta.name == "Beta Group" and beta.customer_number == "B-7"
        north = await session.scalar(select(CompanyLocation).where(CompanyLocation.external_id == "LOC-3"))
        assert north.name == "Beta North"
        anna = await session.scalar(select(Customer).where(Customer.email == "anna@acme.test"))
        assert anna.last_name == "Berg-Lind"
        roles = sorted((await session.scalars(select(RoleAssignment.role))).all())
    assert roles == ["ORDERING_ONLY"] * 3
    assert await register_size(db) == (2, 3, 2, 2, 3)


async def test_a_company_made_in_the_gateway_is_updated_by_its_external_id(admin, db):
    made = await create_company(admin, "Acme (old name)", email=None, location=None, externalId="ERP-1")
    result = await register_import(admin, rows_csv([ACME_HQ]))
    assert counts(result)["companies"] == (0, 1, 0)
    company = (await admin(READ, q="ERP-1"))["companies"]["nodes"][0]
    assert company["name"] == "Acme" and company["customerNumber"] == made["customerNumber"]


BAD_ROWS = [
    ({"company_external_id": ""}, "company_external_id", "BLANK"),
    ({"company_name": " "}, "company_name", "BLANK"),
    ({"location_name": ""}, "location_name", "BLANK"),
    ({"contact_email": "anna-at-acme"}, "contact_email", "INVALID"),
    ({"payment_terms": "Net 31"}, "payment_terms", "NOT_FOUND"),
    ({"payment_terms": "Fixed date"}, "payment_terms_due_date", "BLANK"),
    ({"payment_terms_due_date": "31/12/2026"}, "payment_terms_due_date", "INVALID"),
    ({"contact_role": "OWNER"}, "contact_role", "INCLUSION"),
    ({"credit_limit": "1.000,00"}, "credit_limit", "INVALID"),
    ({"credit_limit": "-5"}, "credit_limit", "LESS_THAN"),
    ({"credit_limit": "10.001"}, "credit_limit", "INVALID"),
    ({"max_payment_days": "thirty"}, "max_payment_days", "INVALID"),
    ({"max_payment_days": "400"}, "max_payment_days", "GREATER_THAN"),
    ({"billing_country_code": "Sweden"}, "billing_country_code", "INVALID"),
    ({"billing_city": ""}, "billing_city", "BLANK"),
    ({"company_name": "x" * 256}, "company_name", "TOO_LONG"),
    ({"contact_email": "", "contact_first_name": "", "contact_last_name": ""}, "contact_email", "BLANK"),
]


@pytest.mark.parametrize(("change", "column", "code"), BAD_ROWS)
async def test_each_kind_of_bad_row_is_reported_with_its_line_and_nothing_is_imported(
    admin, db, change, column, code
):
    good = {**ACME_HQ, "location_external_id": "LOC-9", "contact_email": "cy@acme.test"}
    rows = [ACME_HQ, good, {**ACME_HQ, "location_external_id": "LOC-5", **change}]
    result = await register_import(admin, rows_csv(rows), refused=True)
    assert errors(result) == [(4, column, code)]  # line 1 is the header
    assert result["imported"] is False and result["refused"] == 1
    assert result["errors"][0]["message"]
    assert await register_size(db) == (0, 0, 0, 0, 0)


async def test_rows_that_disagree_about_a_company_or_location_are_refused(admin, db):
    rows = [
        ACME_HQ,
        {**ACME_HQ, "contact_email": "bo@acme.test", "company_name": "Acme Ltd"},  # the company differs
        {**ACME_HQ, "contact_email": "cy@acme.test", "location_name": "HQ 2"},  # the location differs
        {**ACME_HQ, "company_external_id": "ERP-2", "company_name": "Beta"},  # LOC-1 is Acme's
        {**ACME_HQ, "contact_role": "ORDERING_ONLY"},  # anna on LOC-1 twice
        {**ACME_HQ, "company_external_id": "ERP-3", "company_name": "Gamma", "location_external_id": "LOC-3",
         "customer_number": "C-1"},
        {**ACME_HQ, "company_external_id": "ERP-4", "company_name": "Delta", "location_external_id": "LOC-4",
         "customer_number": "C-1"},  # Gamma's number
    ]
    result = await register_import(admin, rows_csv(rows), refused=True)
    assert errors(result) == [
        (3, "company_name", "CONFLICT"), (4, "location_name", "CONFLICT"),
        (5, "location_external_id", "CONFLICT"), (6, "contact_email", "DUPLICATE"),
        (8, "customer_number", "TAKEN"),
    ]
    assert "line 2" in result["errors"][0]["message"]
    assert await register_size(db) == (0, 0, 0, 0, 0)


async def test_a_location_or_number_of_another_company_in_the_database_is_refused(admin, db):
    await register_import(admin, rows_csv([ACME_HQ]))
    await create_company(admin, "Manual", email=None, location=None, customerNumber="M-1")
    rows = [
        {**ACME_HQ, "company_external_id": "ERP-2", "company_name": "Beta"},  # LOC-1 is Acme's
        {**ACME_HQ, "company_external_id": "ERP-3", "company_name": "Gamma", "location_external_id": "LOC-3",
         "customer_number": "M-1"},
    ]
    result = await register_import(admin, rows_csv(rows), refused=True)
    assert errors(result) == [(2, "location_external_id", "TAKEN"), (3, "customer_number", "TAKEN")]
    assert await register_size(db) == (2, 1, 1, 1, 1)


async def test_file_errors_name_line_one(admin, db):
    unknown = await register_import(
        admin, "company_external_id,company_name,location_external_id,location_name,colour\n", refused=True)
    assert errors(unknown) == [(1, "colour", "UNKNOWN_COLUMN")]
    missing = await register_import(admin, "company_external_id,company_name,location_name\nERP-1,Acme,HQ\n",
                                    refused=True)
    assert errors(missing) == [(1, "location_external_id", "MISSING_COLUMN")]
    assert errors(await register_import(admin, "", refused=True)) == [(1, None, "BLANK")]
    short = await register_import(admin, rows_csv([ACME_HQ]) + "ERP-1,Acme\n", refused=True)
    assert errors(short) == [(3, None, "INVALID")]
    assert await register_size(db) == (0, 0, 0, 0, 0)


async def test_skip_invalid_imports_the_good_rows(admin, db):
    rows = sample()
    rows.insert(1, {**ACME_HQ, "location_external_id": "LOC-8", "contact_email": "bad"})
    result = await register_import(admin, rows_csv(rows), skipInvalid=True)
    assert errors(result) == [(3, "contact_email", "INVALID")]
    assert result["imported"] is True and result["refused"] == 1
    assert counts(result)["locations"] == (3, 0, 0)
    assert await register_size(db) == (2, 3, 2, 2, 3)


async def test_a_dry_run_reports_the_changes_and_writes_nothing(admin, db):
    result = await register_import(admin, rows_csv(sample()), dryRun=True)
    assert result["dryRun"] is True and result["imported"] is False
    assert counts(result)["companies"] == (2, 0, 0) and counts(result)["roles"] == (3, 0, 0)
    assert await register_size(db) == (0, 0, 0, 0, 0)
    # not even a customer number was taken
    assert (await admin("{ customerNumberSeries { nextNumber } }"))["customerNumberSeries"]["nextNumber"] == 10000
    await register_import(admin, rows_csv(sample()))
    rows = sample()
    rows[3] = {**rows[3], "company_name": "Beta Group"}
    again = await register_import(admin, rows_csv(rows), dryRun=True)
    assert counts(again)["companies"] == (0, 1, 1)
    assert (await admin(READ, q="ERP-2"))["companies"]["nodes"][0]["name"] == "Beta"


async def test_export_then_import_changes_nothing(admin, db):
    await register_import(admin, rows_csv(sample()))
    made = await create_company(admin, "Made here", email="dee@made.test", location="Shop")  # no external ids
    exported = (await admin(EXPORT))["registerExport"]
    lines = exported.splitlines()
    assert lines[0].startswith("company_external_id,company_name,org_number,customer_number,")
    # Every company is exported; one made here without external ids comes last, its id cells blank.
    assert len(lines) == 1 + 5 and lines[-1].startswith(",Made here,") and "Made here" not in "".join(lines[:-1])
    # Such a row cannot be matched: an import refuses it and says why, and imports nothing.
    refused = await register_import(admin, exported, refused=True)
    assert errors(refused) == [(6, "company_external_id", "BLANK"), (6, "location_external_id", "BLANK")]
    assert "'Made here' has no external id" in refused["errors"][0]["message"]
    result = await register_import(admin, exported, skipInvalid=True)
    assert result["refused"] == 1
    assert all(created == updated == 0 for created, updated, _ in counts(result).values())
    assert (await admin(EXPORT))["registerExport"] == exported
    assert made["customerNumber"] == "K-10001"
    # Given external ids, it round-trips like the rest.
    await admin("mutation($id: ID!) { companyUpdate(companyId: $id, input: {externalId: \"ERP-9\"}) { userErrors { code } } }",
                id=made["id"])
    await admin("""mutation($id: ID!) { companyLocationUpdate(companyLocationId: $id, input: {externalId: "LOC-9"}) {
        userErrors { code } } }""", id=made["locations"]["nodes"][0]["id"])
    exported = (await admin(EXPORT))["registerExport"]
    result = await register_import(admin, exported)
    assert result["errors"] == [] and result["imported"] is False
    assert all(created == updated == 0 for created, updated, _ in counts(result).values())


async def test_an_export_of_an_edited_register_round_trips(admin, db):
    """Contacts without a role, locations without contacts, Fixed terms with a due date."""
    rows = [
        {**ACME_HQ, "payment_terms": "Fixed date", "payment_terms_due_date": "2026-12-31",
         "shipping_address1": "Dock 4", "shipping_city": "Solna", "shipping_country_code": "se"},
        {**ACME_HQ, "contact_email": "bo@acme.test", "contact_role": "", "payment_terms": "Fixed date",
         "payment_terms_due_date": "2026-12-31", "shipping_address1": "Dock 4", "shipping_city": "Solna",
         "shipping_country_code": "se"},
        {**ACME_HQ, "location_external_id": "LOC-2", "location_name": "Empty", "contact_email": "",
         "contact_first_name": "", "contact_last_name": "", "contact_role": ""},
    ]
    first = await register_import(admin, rows_csv(rows))
    assert first["errors"] == [] and counts(first)["contacts"] == (2, 0, 0) and counts(first)["roles"] == (1, 0, 0)
    exported = (await admin(EXPORT))["registerExport"]
    again = await register_import(admin, exported)
    assert again["errors"] == [] and again["imported"] is False, again
    assert all(created == updated == 0 for created, updated, _ in counts(again).values())


async def test_imported_companies_take_the_series_and_skip_numbers_in_use(admin, db):
    await create_company(admin, "Manual", email=None, location=None, customerNumber="K-10001")
    rows = [
        {**ACME_HQ, "company_external_id": f"ERP-{n}", "location_external_id": f"LOC-{n}",
         "contact_email": f"c{n}@acme.test"} for n in range(3)
    ]
    rows.append({**ACME_HQ, "company_external_id": "ERP-9", "location_external_id": "LOC-9",
                 "contact_email": "c9@acme.test", "customer_number": "K-10003"})
    await register_import(admin, rows_csv(rows))
    async with db.reader() as session:
        numbers = dict((await session.execute(select(Company.external_id, Company.customer_number))).all())
    assert numbers == {None: "K-10001", "ERP-0": "K-10000", "ERP-1": "K-10002", "ERP-2": "K-10004", "ERP-9": "K-10003"}
    assert (await admin("{ customerNumberSeries { nextNumber } }"))["customerNumberSeries"]["nextNumber"] == 10005


async def test_only_columns_in_the_file_change(admin, db):
    await register_import(admin, rows_csv([ACME_HQ]))
    narrow = {k: ACME_HQ[k] for k in ("company_external_id", "company_name", "location_external_id", "location_name")}
    result = await register_import(admin, rows_csv([{**narrow, "company_name": "Acme AB"}]))
    assert counts(result)["companies"] == (0, 1, 0) and counts(result)["locations"] == (0, 0, 1)
    company = (await admin(READ))["companies"]["nodes"][0]
    assert company["name"] == "Acme AB" and company["orgNumber"] == "556677-8899"
    assert company["creditLimit"]["amount"] == "1000.00"


async def test_semicolon_separated_files_with_a_byte_order_mark(admin, db):
    text = "\ufeff" + rows_csv([ACME_HQ]).replace(",", ";")
    result = await register_import(admin, text)
    assert result["errors"] == [] and counts(result)["companies"] == (1, 0, 0)


async def test_import_needs_a_staff_token(storefront):
    errors = await storefront.errors(IMPORT, csv="x")
    assert [e["message"] for e in errors] == ["Cannot query field 'registerImport' on type 'Mutation'."]


async def test_a_contact_on_several_rows_takes_the_names_of_any_and_refuses_other_names(admin, db):
    depot = {**ACME_HQ, "location_external_id": "LOC-2", "location_name": "Depot"}
    rows = [{**ACME_HQ, "contact_first_name": "", "contact_last_name": ""}, depot,
            {**depot, "location_external_id": "LOC-3", "contact_last_name": "Lind"}]
    result = await register_import(admin, rows_csv(rows), refused=True)
    assert errors(result) == [(4, "contact_last_name", "CONFLICT")]
    result = await register_import(admin, rows_csv(rows[:2]))
    assert result["errors"] == [] and counts(result)["contacts"] == (1, 0, 0)
    async with db.reader() as session:
        anna = await session.scalar(select(Customer).where(Customer.email == "anna@acme.test"))
    assert (anna.first_name, anna.last_name) == ("Anna", "Berg")


async def test_a_deposit_location_keeps_its_terms(admin, db):
    await register_import(admin, rows_csv([ACME_HQ]))
    async with db.transaction() as session:
        location = await session.scalar(select(CompanyLocation))
        location.deposit_percentage = 30
    result = await register_import(admin, rows_csv([{**ACME_HQ, "payment_terms": ""}]), refused=True)
    assert errors(result) == [(2, "payment_terms", "INVALID")]


async def test_rows_that_disagree_about_a_location_address_name_its_column(admin, db):
    rows = [
        ACME_HQ,
        {**ACME_HQ, "contact_email": "bo@acme.test", "billing_city": "Uppsala"},
        {**ACME_HQ, "contact_email": "cy@acme.test", "billing_address1": "", "billing_city": "",
         "billing_country_code": ""},  # no billing address at all
        {**ACME_HQ, "contact_email": "dee@acme.test", "shipping_address1": "Dock 4", "shipping_city": "Kalmar",
         "shipping_country_code": "SE"},
    ]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    result = await register_import(admin, rows_csv(rows, columns), refused=True)
    assert errors(result) == [
        (3, "billing_city", "CONFLICT"), (4, "billing_address1", "CONFLICT"), (5, "shipping_address1", "CONFLICT"),
    ]
    assert all("line 2" in e["message"] for e in result["errors"])


async def test_a_refused_file_says_so_in_a_user_error(admin, db):
    rows = [ACME_HQ, {**ACME_HQ, "location_external_id": "LOC-2", "contact_email": "nope"},
            {**ACME_HQ, "location_external_id": "LOC-3", "contact_role": "BOSS"}]
    payload = (await admin(IMPORT, csv=rows_csv(rows)))["registerImport"]
    assert payload["userErrors"] == [{
        "field": ["csv"], "code": "INVALID_ROWS",
        "message": "2 rows were refused; nothing was imported (see result.errors).",
    }]
    assert errors(payload["result"]) == [(3, "contact_email", "INVALID"), (4, "contact_role", "INCLUSION")]
    dry = (await admin(IMPORT, csv=rows_csv(rows), dryRun=True))["registerImport"]
    assert dry["userErrors"][0]["message"] == "2 rows would be refused; nothing would be imported (see result.errors)."
    header = (await admin(IMPORT, csv="company_external_id,colour\n"))["registerImport"]
    assert header["userErrors"][0]["code"] == "INVALID_ROWS" and "Unknown column 'colour'" in (
        header["userErrors"][0]["message"])
    # skipInvalid imports the good row: no userError, the refused count says what was left out
    skipped = await register_import(admin, rows_csv(rows), skipInvalid=True)
    assert skipped["imported"] is True and skipped["refused"] == 2
    # nor for a dry run that would succeed, or a file that changes nothing
    assert (await register_import(admin, rows_csv([ACME_HQ]), dryRun=True))["errors"] == []
    assert (await register_import(admin, rows_csv([ACME_HQ])))["imported"] is False
    # skipInvalid with no good row: nothing is imported, so the file is refused
    await register_import(admin, rows_csv(rows[1:]), skipInvalid=True, refused=True)
    assert await register_size(db) == (1, 1, 1, 1, 1)
