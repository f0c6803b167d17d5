"""The register views for staff: stats per company and customer, sorting by them with keyset
pages both ways, search across companies and contacts, the staff note, and the statement count."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select, update

from gateway.db.models import Company, CompanyContact, Customer, Order
from tests.catalog.helpers import login
from tests.helpers import ERRORS, create_company

T0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
STATS = """ordersCount totalSpent { amount currencyCode } totalOutstanding { amount currencyCode }
    lastOrderAt lastLoginAt"""
COMPANIES = f"""query($first: Int, $after: String, $last: Int, $before: String, $q: String,
                     $sortKey: CompanySortKey, $reverse: Boolean) {{
    companies(first: $first, after: $after, last: $last, before: $before, query: $q, sortKey: $sortKey,
              reverse: $reverse) {{
      nodes {{ name note accountStatus {STATS} }}
      pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}"""
CUSTOMERS = """query($first: Int, $after: String, $q: String, $sortKey: CustomerSortKey, $reverse: Boolean) {
    customers(first: $first, after: $after, query: $q, sortKey: $sortKey, reverse: $reverse) {
      nodes { email note status ordersCount totalSpent { amount currencyCode }
        totalOutstanding { amount currencyCode } lastOrderAt lastLoginAt }
      pageInfo { hasNextPage endCursor } } }"""


async def add_order(db, company: str, email: str, total: int, paid: int, at: datetime, currency: str = "EUR",
                    cancelled: bool = False) -> None:
    async with db.transaction() as session:
        company_id = await session.scalar(select(Company.id).where(Company.name == company))
        customer_id = await session.scalar(select(Customer.id).where(Customer.email == email))
        status = "PAID" if paid == total else "PARTIALLY_PAID" if paid else "PENDING"
        await session.execute(insert(Order).values(
            company_id=company_id, customer_id=customer_id, currency=currency, financial_status=status,
            subtotal=total, total=total, paid_amount=paid, created_at=at, updated_at=at,
            cancelled_at=at if cancelled else None,
        ))


async def set_login(db, email: str, at: datetime | None, status: str | None = "ACTIVE") -> None:
    async with db.transaction() as session:
        await session.execute(update(Customer).where(Customer.email == email).values(last_login_at=at, status=status))


@pytest.fixture
async def register(admin, db):
    """Acme: 120 EUR and 30 USD paid, 30 EUR owed, last order at T0+2d, anna logged in at T0+1d.
    Beta: 500 EUR paid at T0, bo invited. Gamma: no order, no login."""
    await create_company(admin, "Acme", email="anna@acme.test", externalId="ERP-ACME", orgNumber="556001")
    await create_company(admin, "Beta", email="bo@beta.test", externalId="ERP-BETA")
    await create_company(admin, "Gamma", email="cy@gamma.test", externalId="ERP-GAMMA")
    await add_order(db, "Acme", "anna@acme.test", 10000, 10000, T0 + timedelta(days=1))
    await add_order(db, "Acme", "anna@acme.test", 5000, 2000, T0 + timedelta(days=2))
    await add_order(db, "Acme", "anna@acme.test", 3000, 3000, T0, currency="USD")
    await add_order(db, "Acme", "anna@acme.test", 99900, 0, T0 + timedelta(days=3), cancelled=True)
    await add_order(db, "Beta", "bo@beta.test", 50000, 50000, T0)
    await set_login(db, "anna@acme.test", T0 + timedelta(days=1))
    await set_login(db, "bo@beta.test", None, "INVITED")


def names(data: dict) -> list[str]:
    return [n["name"] for n in data["companies"]["nodes"]]


async def test_a_company_shows_its_stats(admin, register):
    acme, beta, gamma = (await admin(COMPANIES))["companies"]["nodes"]
    assert acme == {
        "name": "Acme", "note": None, "accountStatus": "ACTIVE", "ordersCount": 3,
        "totalSpent": [{"amount": "120.00", "currencyCode": "EUR"}, {"amount": "30.00", "currencyCode": "USD"}],
        "totalOutstanding": [{"amount": "30.00", "currencyCode": "EUR"}],
        "lastOrderAt": (T0 + timedelta(days=2)).isoformat(), "lastLoginAt": (T0 + timedelta(days=1)).isoformat(),
    }
    assert beta["accountStatus"] == "INVITED" and beta["ordersCount"] == 1 and beta["lastLoginAt"] is None
    assert beta["totalOutstanding"] == []
    assert gamma == {
        "name": "Gamma", "note": None, "accountStatus": None, "ordersCount": 0, "totalSpent": [],
        "totalOutstanding": [], "lastOrderAt": None, "lastLoginAt": None,
    }


async def test_a_customer_shows_its_stats(admin, register):
    anna, bo, cy = (await admin(CUSTOMERS))["customers"]["nodes"]
    assert anna["ordersCount"] == 3 and anna["status"] == "ACTIVE"
    assert anna["totalSpent"] == [{"amount": "120.00", "currencyCode": "EUR"}, {"amount": "30.00", "currencyCode": "USD"}]
    assert anna["totalOutstanding"] == [{"amount": "30.00", "currencyCode": "EUR"}]
    assert anna["lastOrderAt"] == (T0 + timedelta(days=2)).isoformat()
    assert anna["lastLoginAt"] == (T0 + timedelta(days=1)).isoformat()
    assert (bo["ordersCount"], bo["status"], cy["ordersCount"], cy["lastOrderAt"]) == (1, "INVITED", 0, None)


@pytest.mark.parametrize(("sort_key", "ascending"), [
    ("TOTAL_SPENT", ["Gamma", "Acme", "Beta"]),  # in the shop's currency: 0, 120, 500 EUR
    ("ORDERS_COUNT", ["Gamma", "Beta", "Acme"]),
    ("LAST_ORDER_AT", ["Gamma", "Beta", "Acme"]),  # no order sorts as the oldest
    ("LAST_LOGIN_AT", ["Beta", "Gamma", "Acme"]),  # never logged in: the oldest, then by id
    ("NAME", ["Acme", "Beta", "Gamma"]),
])
async def test_companies_sort_by_stats_and_page_by_keyset_both_ways(admin, register, sort_key, ascending):
    assert names(await admin(COMPANIES, sortKey=sort_key)) == ascending
    assert names(await admin(COMPANIES, sortKey=sort_key, reverse=True)) == ascending[::-1]
    seen, after = [], None
    for _ in range(3):  # one at a time: each cursor carries the computed key
        page = await admin(COMPANIES, sortKey=sort_key, first=1, after=after)
        seen += names(page)
        after = page["companies"]["pageInfo"]["endCursor"]
    assert seen == ascending and page["companies"]["pageInfo"]["hasNextPage"] is False
    back = await admin(COMPANIES, sortKey=sort_key, last=2, before=after)
    assert names(back) == ascending[:2]
    assert names(await admin(COMPANIES, sortKey=sort_key, reverse=True, first=2, after=after)) == ascending[1::-1]


@pytest.mark.parametrize(("sort_key", "ascending"), [
    ("TOTAL_SPENT", ["cy@gamma.test", "anna@acme.test", "bo@beta.test"]),
    ("LAST_ORDER_AT", ["cy@gamma.test", "bo@beta.test", "anna@acme.test"]),
    ("LAST_LOGIN_AT", ["bo@beta.test", "cy@gamma.test", "anna@acme.test"]),
    ("NAME", ["anna@acme.test", "cy@gamma.test", "bo@beta.test"]),  # last names: Berg, (none: Cy's), Strand
])
async def test_customers_sort_by_stats(admin, db, register, sort_key, ascending):
    async with db.transaction() as session:
        await session.execute(update(Customer).where(Customer.email == "anna@acme.test").values(last_name="Berg"))
        await session.execute(update(Customer).where(Customer.email == "bo@beta.test").values(last_name="strand"))
        await session.execute(update(Customer).where(Customer.email == "cy@gamma.test").values(last_name="Cy"))
    emails = [n["email"] for n in (await admin(CUSTOMERS, sortKey=sort_key))["customers"]["nodes"]]
    assert emails == ascending
    seen, after = [], None
    for _ in range(3):
        page = (await admin(CUSTOMERS, sortKey=sort_key, first=1, after=after))["customers"]
        seen += [n["email"] for n in page["nodes"]]
        after = page["pageInfo"]["endCursor"]
    assert seen == ascending


async def test_a_cursor_of_another_sort_key_is_refused(admin, register):
    page = await admin(COMPANIES, sortKey="NAME", first=1)
    errors = await admin.errors(COMPANIES, sortKey="LAST_ORDER_AT", first=1,
                                after=page["companies"]["pageInfo"]["endCursor"])
    assert errors[0]["extensions"]["code"] == "INVALID_CURSOR"


@pytest.mark.parametrize(("query", "found"), [
    ("acme", ["Acme"]), ("ANNA@", ["Acme"]), ("556001", ["Acme"]), ("erp-beta", ["Beta"]),
    ("K-10002", ["Gamma"]), ("cy@", ["Gamma"]), ("nobody", []),
])
async def test_companies_are_found_by_name_email_number_and_ids(admin, register, query, found):
    assert names(await admin(COMPANIES, q=query)) == found


@pytest.mark.parametrize(("query", "found"), [
    ("anna", ["anna@acme.test"]), ("ERP-GAMMA", ["cy@gamma.test"]), ("K-10001", ["bo@beta.test"]),
    ("556001", ["anna@acme.test"]), ("beta", ["bo@beta.test"]), ("Berg", ["anna@acme.test"]), ("100%", []),
])
async def test_customers_are_found_by_email_name_and_their_company(admin, db, register, query, found):
    await set_login(db, "anna@acme.test", None)
    async with db.transaction() as session:
        await session.execute(update(Customer).where(Customer.email == "anna@acme.test").values(last_name="Berg"))
    assert [n["email"] for n in (await admin(CUSTOMERS, q=query))["customers"]["nodes"]] == found


async def test_the_staff_note_is_set_by_updates_and_absent_from_the_storefront(admin, storefront, db, client, register):
    company = (await admin('{ companies(first: 1) { nodes { id } } }'))["companies"]["nodes"][0]
    payload = (await admin(f"""mutation($id: ID!) {{ companyUpdate(companyId: $id, input: {{note: "Pays late"}}) {{
        company {{ note }} {ERRORS} }} }}""", id=company["id"]))["companyUpdate"]
    assert payload == {"company": {"note": "Pays late"}, "userErrors": []}
    customer = (await admin('{ customers(first: 1) { nodes { id } } }'))["customers"]["nodes"][0]
    payload = (await admin(f"""mutation($id: ID!) {{ customerUpdate(customerId: $id, input: {{note: "VIP"}}) {{
        customer {{ note }} {ERRORS} }} }}""", id=customer["id"]))["customerUpdate"]
    assert payload == {"customer": {"note": "VIP"}, "userErrors": []}

    fields = "query($name: String!) { __type(name: $name) { fields { name } } }"
    staff_only = {
        "Company": {"note", "ordersCount", "totalSpent", "totalOutstanding", "lastOrderAt", "lastLoginAt",
                    "accountStatus", "riskRating"},
        "Customer": {"note", "ordersCount", "totalSpent", "lastOrderAt"},
    }
    for type_name in ("Company", "Customer"):
        admin_fields = {f["name"] for f in (await admin(fields, name=type_name))["__type"]["fields"]}
        public = {f["name"] for f in (await storefront(fields, name=type_name))["__type"]["fields"]}
        assert staff_only[type_name] <= admin_fields
        assert not staff_only[type_name] & public, type_name
        assert "id" in public
    buyer = await login(db, client, "anna@acme.test")
    errors = await buyer.errors("{ viewer { note companyContacts { company { note } } } }")
    assert "Cannot query field 'note'" in errors[0]["message"]


STATS_PAGE = f"""query($first: Int!) {{ companies(first: $first, sortKey: TOTAL_SPENT, reverse: true) {{
    nodes {{ name accountStatus {STATS} }} }}
  customers(first: $first, sortKey: LAST_ORDER_AT) {{ nodes {{ email {STATS} }} }} }}"""


async def test_stats_cost_the_same_statements_for_10_or_50_rows(admin, db):
    async with db.transaction() as session:
        await session.execute(insert(Company), [{"name": f"Co {i:03}", "currency_code": "EUR"} for i in range(60)])
        await session.execute(insert(Customer), [{"email": f"c{i}@x.test", "status": "ACTIVE",
                                                  "last_login_at": T0 + timedelta(hours=i)} for i in range(60)])
        companies = list((await session.scalars(select(Company.id).order_by(Company.id))).all())
        customers = list((await session.scalars(select(Customer.id).order_by(Customer.id))).all())
        await session.execute(insert(CompanyContact), [
            {"company_id": c, "customer_id": u} for c, u in zip(companies, customers)
        ])
        await session.execute(insert(Order), [
            {"company_id": c, "customer_id": u, "currency": currency, "financial_status": "PARTIALLY_PAID",
             "subtotal": 1000 * (i + 1), "total": 1000 * (i + 1), "paid_amount": 500 * (i + 1),
             "created_at": T0 + timedelta(hours=i), "updated_at": T0}
            for i, (c, u) in enumerate(zip(companies, customers)) for currency in ("EUR", "SEK")
        ])

    async def run(first: int) -> tuple[int, dict]:
        response = await admin.post(STATS_PAGE, first=first)
        body = response.json()
        assert not body.get("errors"), body
        return int(response.headers["x-sql-statements"]), body["data"]

    small, small_data = await run(10)
    large, large_data = await run(50)
    assert len(large_data["companies"]["nodes"]) == 50 and len(large_data["customers"]["nodes"]) == 50
    top = large_data["companies"]["nodes"][0]
    assert top["name"] == "Co 059" and top["ordersCount"] == 2
    assert top["totalSpent"] == [{"amount": "300.00", "currencyCode": "EUR"}, {"amount": "300.00", "currencyCode": "SEK"}]
    assert top["accountStatus"] == "ACTIVE" and top["lastLoginAt"] == (T0 + timedelta(hours=59)).isoformat()
    assert large_data["customers"]["nodes"][49]["totalOutstanding"][0] == {"amount": "250.00", "currencyCode": "EUR"}
    assert small > 0 and small == large



LOCATION_CREATE = f"""mutation($id: ID!, $input: CompanyLocationInput!) {{
    companyLocationCreate(companyId: $id, input: $input) {{ companyLocation {{ id }} {ERRORS} }} }}"""


@pytest.mark.parametrize(("query", "found"), [
    ("loc-beta-7", ["Beta"]), ("harbour", ["Beta"]), ("DEPOT", ["Beta"]), ("depot 9", []),
])
async def test_companies_are_found_by_a_location_external_id_or_name(admin, register, query, found):
    ids = {n["name"]: n["id"] for n in (await admin("{ companies(first: 5) { nodes { id name } } }"))["companies"]["nodes"]}
    made = await admin(LOCATION_CREATE, id=ids["Beta"], input={"name": "Harbour Depot", "externalId": "LOC-BETA-7"})
    assert made["companyLocationCreate"]["userErrors"] == []
    assert names(await admin(COMPANIES, q=query)) == found
