"""No N+1: a page of companies with their locations, contacts and roles costs the same
number of SQL statements whatever the page size."""

from sqlalchemy import insert, select

from gateway.db.models import Company, CompanyContact, CompanyLocation, Customer, RoleAssignment

# Each loader is used at one depth only: a loader reached at two depths may batch once or
# twice depending on which parent batch the database answers first, so its count would vary.
COMPANIES = """query($first: Int!) { companies(first: $first) { nodes { id name
    locations(first: 5) { nodes { name roleAssignments { role } } }
    contacts(first: 5) { nodes { title customer { email } roleAssignments { role } } } } } }"""


async def seed(db, n: int) -> None:
    """n companies, each with two locations and two contacts holding a role on each location."""
    async with db.transaction() as session:
        await session.execute(insert(Company), [{"name": f"Co {i:03}", "currency_code": "EUR"} for i in range(n)])
        company_ids = list((await session.scalars(select(Company.id).order_by(Company.id))).all())
        await session.execute(
            insert(CompanyLocation), [{"company_id": c, "name": f"L{j}"} for c in company_ids for j in range(2)]
        )
        await session.execute(insert(Customer), [{"email": f"c{i}-{j}@x.test"} for i in range(n) for j in range(2)])
        customer_ids = list((await session.scalars(select(Customer.id).order_by(Customer.id))).all())
        await session.execute(
            insert(CompanyContact),
            [{"company_id": c, "customer_id": customer_ids[2 * i + j], "title": "Buyer"}
             for i, c in enumerate(company_ids) for j in range(2)],
        )
        contacts = (await session.execute(select(CompanyContact.id, CompanyContact.company_id))).all()
        locations = (await session.execute(select(CompanyLocation.id, CompanyLocation.company_id))).all()
        by_company: dict[int, list[int]] = {}
        for location_id, company_id in locations:
            by_company.setdefault(company_id, []).append(location_id)
        await session.execute(
            insert(RoleAssignment),
            [{"contact_id": contact, "location_id": location, "role": "LOCATION_ADMIN"}
             for contact, company in contacts for location in by_company[company]],
        )


async def run(admin, first: int) -> tuple[int, dict]:
    """The statement count the app measured for the request (X-SQL-Statements), and the data.

    The app counts per request itself: its middleware sets its own counter, so the
    `statements` fixture would see none of the request's statements.
    """
    response = await admin.post(COMPANIES, first=first)
    body = response.json()
    assert not body.get("errors"), body
    return int(response.headers["x-sql-statements"]), body["data"]


async def test_page_size_does_not_change_the_statement_count(admin, db):
    await seed(db, 110)
    small, small_data = await run(admin, 10)
    large, large_data = await run(admin, 100)
    assert len(small_data["companies"]["nodes"]) == 10 and len(large_data["companies"]["nodes"]) == 100
    last = large_data["companies"]["nodes"][-1]
    assert len(last["locations"]["nodes"]) == 2 and len(last["contacts"]["nodes"]) == 2
    assert len(last["locations"]["nodes"][0]["roleAssignments"]) == 2
    assert last["contacts"]["nodes"][0]["customer"]["email"].endswith("@x.test")
    assert small > 0
    assert small == large


CUSTOMERS = """query($first: Int!, $group: ID) { customers(first: $first, customerGroupId: $group) { nodes {
    email customerNumber groups { name } addresses { city } defaultAddress { city } orders(first: 3) { nodes { name } }
} } }"""


async def test_a_page_of_customers_with_groups_addresses_and_orders_costs_the_same_whatever_its_size(admin, db):
    from gateway.db.models import CustomerAddress, CustomerGroup, customer_group_members

    async with db.transaction() as session:
        await session.execute(insert(Customer), [{"email": f"p{i:03}@x.test"} for i in range(110)])
        customer_ids = list((await session.scalars(select(Customer.id).order_by(Customer.id))).all())
        await session.execute(insert(CustomerGroup), [{"name": "Retail"}, {"name": "Trade"}])
        group_ids = list((await session.scalars(select(CustomerGroup.id).order_by(CustomerGroup.id))).all())
        await session.execute(insert(customer_group_members), [
            {"group_id": g, "customer_id": c} for c in customer_ids for g in group_ids])
        await session.execute(insert(CustomerAddress), [
            {"customer_id": c, "address": {"address1": "Storgatan 1", "city": "Malmö", "country_code": "SE"},
             "is_default": True} for c in customer_ids])
    counts = []
    for first in (10, 100):
        response = await admin.post(CUSTOMERS, first=first, group=f"gid://gateway/CustomerGroup/{group_ids[0]}")
        body = response.json()
        assert not body.get("errors"), body
        nodes = body["data"]["customers"]["nodes"]
        assert len(nodes) == first and nodes[-1]["groups"] == [{"name": "Retail"}, {"name": "Trade"}]
        assert nodes[-1]["defaultAddress"] == {"city": "Malmö"}
        counts.append(int(response.headers["x-sql-statements"]))
    assert counts[0] == counts[1]
