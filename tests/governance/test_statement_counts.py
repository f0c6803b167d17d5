"""The viewer's governance lists cost the same SQL statements for 2 rows as for 20: requests with
their lines, buyer, location and order; quotes with their lines; shopping lists with their lines."""

from __future__ import annotations

from decimal import Decimal

from gateway.db.models import ApprovalRequest, Cart, CartLine, Quote, QuoteLine, ShoppingList, ShoppingListLine
from gateway.platform import clock
from tests.account.helpers import colleague

REQUESTS = """query($first: Int) { viewer { approvalRequests(first: $first) { nodes { id status subtotal { amount }
    customer { email } location { name } lines { sku quantity variant { sku } } order { id } decidedBy { email } } } } }"""
QUOTES = """query($first: Int) { viewer { quotes(first: $first) { nodes { id status total { amount }
    lines { sku unitPrice { amount } variant { sku } } customer { email } location { name } } } } }"""
LISTS = """query($first: Int) { viewer { shoppingLists(first: $first) { nodes { id name location { name }
    lines { quantity variant { sku } } } } } }"""
ROLES = """{ viewer { locations(first: 5) { nodes { roleAssignments { role permissions
    companyRole { name } spendingLimit { amount } monthlySpendingLimit { amount } } } } } }"""


async def _seed(db, buyer_email: str, location_gid: str, variant_pk: int, count: int) -> None:  # noqa: ANN001
    from sqlalchemy import select

    from gateway.db.models import Company, CompanyLocation, Customer

    location_pk = int(location_gid.rsplit("/", 1)[1])
    async with db.transaction() as session:
        buyer = await session.scalar(select(Customer.id).where(Customer.email == buyer_email))
        company = await session.scalar(select(CompanyLocation.company_id).where(CompanyLocation.id == location_pk))
        assert await session.get(Company, company)
        for i in range(count):
            cart = Cart(token=f"t{i}", customer_id=buyer, location_id=location_pk, completed_at=clock.now())
            session.add(cart)
            await session.flush()
            session.add(CartLine(cart_id=cart.id, variant_id=variant_pk, quantity=i + 1))
            session.add(ApprovalRequest(
                customer_id=buyer, company_id=company, location_id=location_pk, cart_id=cart.id, status="PENDING",
                subtotal=1000 * (i + 1), currency="EUR", expires_at=clock.now().replace(year=2099),
            ))
            quote = Quote(customer_id=buyer, company_id=company, location_id=location_pk, status="REQUESTED",
                          currency="EUR")
            shopping_list = ShoppingList(location_id=location_pk, created_by_id=buyer, name=f"List {i}")
            session.add_all([quote, shopping_list])
            await session.flush()
            session.add(QuoteLine(quote_id=quote.id, variant_id=variant_pk, sku="BOLT-S", title="Bolt", quantity=1,
                                  unit_price=int(Decimal("9.00") * 100)))
            session.add(ShoppingListLine(list_id=shopping_list.id, variant_id=variant_pk, quantity=i + 1))


async def test_governance_lists_cost_the_same_for_2_and_20(acme, admin, db, client):
    bob = await colleague(admin, db, client, "bob@acme.test", acme["location"], "ORDERING_ONLY")
    variant_pk = int(acme["bolt"]["variants"][0]["id"].rsplit("/", 1)[1])
    await _seed(db, "bob@acme.test", acme["location"], variant_pk, 20)
    anna = acme["buyer"]
    for document, field in ((REQUESTS, "approvalRequests"), (QUOTES, "quotes"), (LISTS, "shoppingLists")):
        counts = []
        for first in (2, 20):
            response = await anna.post(document, first=first)
            body = response.json()
            assert not body.get("errors"), body
            assert len(body["data"]["viewer"][field]["nodes"]) == first
            counts.append(int(response.headers["x-sql-statements"]))
        assert counts[0] == counts[1] > 0, (field, counts)
    assert bob  # a colleague whose requests anna approves
    roles = (await anna(ROLES))["viewer"]["locations"]["nodes"][0]["roleAssignments"]
    assert sorted(r["role"] for r in roles) == ["LOCATION_ADMIN", "ORDERING_ONLY"]
