"""The demo shop, as a merchant sees it through the Admin API, and that seeding twice changes nothing."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from gateway import demo
from gateway.db.engine import Database
from gateway.db.models import Base
from tests.helpers import GraphQLClient

REGISTER = """{
  shop { name }
  products(first: 100) { nodes { id } }
  companies(first: 10) { nodes {
    name customerNumber mainContact { customer { email } }
    locations(first: 10) { nodes {
      name
      buyerExperienceConfiguration { paymentTermsTemplate { name } checkoutToDraft deposit { percentage } }
      roleAssignments { role companyContact { customer { email } } }
    } }
  } }
}"""

CATALOGS = """{ catalogs(first: 10) { nodes {
  title allProducts
  companyLocations(first: 10) { nodes { name } }
  priceList { currency adjustment { type value } prices(first: 50) { nodes {
    variant { sku } price { amount }
    quantityPriceBreaks { minimumQuantity price { amount } }
    quantityRule { minimum increment maximum }
  } } }
} } }"""


async def row_counts(db: Database) -> dict[str, int]:
    async with db.reader() as session:
        return {
            table.name: await session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }


async def test_seeding_twice_changes_nothing(db: Database):
    async with db.transaction() as session:
        assert await demo.seed(session) is True
    first = await row_counts(db)
    async with db.transaction() as session:
        assert await demo.seed(session) is False
    assert await row_counts(db) == first
    assert first["products"] == 21 and first["product_variants"] > 21
    assert first["companies"] == 3 and first["catalogs"] == 5 and first["customer_groups"] == 2


async def test_the_register_covers_each_checkout_set_up_and_both_roles(db: Database, admin: GraphQLClient):
    async with db.transaction() as session:
        await demo.seed(session)
    data = await admin(REGISTER)
    assert data["shop"]["name"] == demo.SHOP_NAME
    assert len(data["products"]["nodes"]) == 21
    companies = data["companies"]["nodes"]
    assert sorted(c["customerNumber"] for c in companies) == ["K-10000", "K-10001", "K-10002"]
    assert all(c["mainContact"]["customer"]["email"] in demo.BUYER_EMAILS for c in companies)

    locations = [loc for c in companies for loc in c["locations"]["nodes"]]
    set_ups = {
        loc["name"]: (
            (config["paymentTermsTemplate"] or {}).get("name"),
            (config["deposit"] or {}).get("percentage"),
            config["checkoutToDraft"],
        )
        for loc in locations
        for config in [loc["buyerExperienceConfiguration"]]
    }
    assert sorted(set_ups.values(), key=str) == sorted(
        [(None, None, False), ("Net 30", None, False), ("Net 30", 30, False), (None, None, True)], key=str
    )

    roles = [(a["companyContact"]["customer"]["email"], a["role"], loc["name"])
             for loc in locations for a in loc["roleAssignments"]]
    assert {role for _, role, _ in roles} == {"LOCATION_ADMIN", "ORDERING_ONLY", "CUSTOM"}
    locations_by_email: dict[str, set[str]] = {}
    for email, _, name in roles:
        locations_by_email.setdefault(email, set()).add(name)
    assert any(len(names) == 2 for names in locations_by_email.values())
    assert set(locations_by_email) == set(demo.BUYER_EMAILS)


async def test_catalogs_adjust_prices_both_ways_with_fixed_prices_breaks_and_rules(db: Database, admin: GraphQLClient):
    async with db.transaction() as session:
        await demo.seed(session)
    catalogs = {c["title"]: c for c in (await admin(CATALOGS))["catalogs"]["nodes"]}
    assert {c["priceList"]["adjustment"]["type"] for c in catalogs.values()} == {
        "PERCENTAGE_DECREASE", "PERCENTAGE_INCREASE"
    }
    trade = catalogs["Trade partners"]
    assert trade["allProducts"] is True
    assert len(trade["companyLocations"]["nodes"]) == 3
    prices = {p["variant"]["sku"]: p for p in trade["priceList"]["prices"]["nodes"]}
    screws = prices["NW-WS-4040-Z"]
    assert screws["price"]["amount"] == "12.50"
    assert [(b["minimumQuantity"], b["price"]["amount"]) for b in screws["quantityPriceBreaks"]] == [
        (10, "11.90"), (50, "10.90")
    ]
    assert screws["quantityRule"] == {"minimum": 5, "increment": 5, "maximum": 500}
    express = catalogs["Workshop express"]
    assert express["allProducts"] is False
    assert [n["name"] for n in express["companyLocations"]["nodes"]] == ["Lyon atelier"]


async def test_two_customer_groups_with_their_catalogs_and_a_direct_customer_in_each(db: Database, admin, client):
    from tests.catalog.helpers import login, variant_of

    async with db.transaction() as session:
        await demo.seed(session)
    groups = (await admin("""{ customerGroups(first: 5) { nodes { name customers(first: 5) { nodes { email
        customerNumber } } catalogs(first: 5) { nodes { title } } } } shop { defaultCustomerGroup { name } } }"""))
    listed = {g["name"]: g for g in groups["customerGroups"]["nodes"]}
    assert set(listed) == {"Retail", "Trade"} and groups["shop"]["defaultCustomerGroup"] == {"name": "Retail"}
    assert [c["email"] for c in listed["Retail"]["customers"]["nodes"]] == ["maja.nilsson@example.com"]
    assert listed["Trade"]["customers"]["nodes"][0]["customerNumber"].startswith("K-")
    assert [c["title"] for c in listed["Trade"]["catalogs"]["nodes"]] == ["Trade counter", "Trade exclusives"]
    maja, lars = [await login(db, client, email) for email in demo.D2C_EMAILS]
    assert (await variant_of(maja, "claw-hammer"))["price"]["amount"] == "17.58"  # 18.50 less 5 %
    assert (await variant_of(lars, "claw-hammer"))["price"]["amount"] == "16.28"  # 18.50 less 12 %
    trade_box = "wood-screws-4-0-x-40-mm-trade-box-of-5000"
    assert await variant_of(maja, trade_box) is None
    assert (await variant_of(lars, trade_box))["priceSource"]["catalogTitle"] == "Trade exclusives"


async def test_the_demo_register_exports_every_company(db: Database, admin):
    async with db.transaction() as session:
        await demo.seed(session)
    rows = list(csv.DictReader(io.StringIO((await admin("{ registerExport }"))["registerExport"])))
    # a row per role: 6, and Baufix's approver and buyer with a limit (issue 18)
    assert len(rows) == 8 and all(row["company_external_id"] and row["location_external_id"] for row in rows)


GOVERNANCE = """{
  companyRoles(first: 10) { nodes { name permissions } }
  quotes(first: 10, status: SENT) { nodes { status customer { email } location { name } total { amount }
    lines { sku quantity unitPrice { amount } } } }
  companies(first: 1, query: "Baufix") { nodes { locations(first: 5) { nodes { name roleAssignments {
    role companyRole { name } permissions spendingLimit { amount } companyContact { customer { email } } } } } } }
}"""


async def test_an_approver_a_buyer_with_a_limit_and_an_open_quote(db: Database, admin: GraphQLClient):
    async with db.transaction() as session:
        await demo.seed(session)
    data = await admin(GOVERNANCE)
    assert data["companyRoles"]["nodes"] == [
        {"name": "Approver", "permissions": ["PLACE_ORDERS", "VIEW_ALL_ORDERS", "PAY_INVOICES", "APPROVE_ORDERS"]}
    ]
    [munich] = [n for n in data["companies"]["nodes"][0]["locations"]["nodes"] if n["name"] == "Munich workshop"]
    by_email = {a["companyContact"]["customer"]["email"]: a for a in munich["roleAssignments"]}
    assert by_email["max.bauer@baufix.example"]["companyRole"] == {"name": "Approver"}
    assert "APPROVE_ORDERS" in by_email["max.bauer@baufix.example"]["permissions"]
    assert by_email["lea.schmidt@baufix.example"]["spendingLimit"] == {"amount": "500.00"}
    [quote] = data["quotes"]["nodes"]
    assert (quote["customer"]["email"], quote["location"]["name"], quote["total"]["amount"]) == (
        "lea.schmidt@baufix.example", "Munich workshop", "7240.00",
    )
