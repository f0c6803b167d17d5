"""viewer.orders through HTTP: the filters (dates, financial status, location, query by name, PO
number or sku), who sees which orders (ORDERING_ONLY its own, LOCATION_ADMIN all of its locations),
and a page of orders with lines and schedules at a fixed statement count."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from gateway.db.models import Customer, Order, OrderLine, PaymentSchedule
from gateway.platform import clock
from tests.account.helpers import ASSIGN_ROLE, colleague, new_location, place_order
from tests.orders.helpers import set_terms

HISTORY = """query($first: Int, $status: OrderFinancialStatus, $location: ID, $q: String,
    $min: DateTime, $max: DateTime) { viewer { orders(first: $first, financialStatus: $status, locationId: $location,
    query: $q, createdAtMin: $min, createdAtMax: $max) { nodes { name } } } }"""

SELECT = "mutation($id: ID!) { selectLocation(locationId: $id) { userErrors { code } } }"


async def names(buyer, **filters) -> list[str]:  # noqa: ANN001
    filters.setdefault("first", 10)
    return [o["name"] for o in (await buyer(HISTORY, **filters))["viewer"]["orders"]["nodes"]]


async def test_filters_narrow_the_history(acme, admin):
    buyer, bolt, nut = acme["buyer"], acme["bolt"]["variants"][0], acme["nut"]["variants"][0]
    start = clock.now()
    await place_order(buyer, (bolt, 1), poNumber="PO-77")  # #1001, paid at checkout
    clock.advance(3600)
    middle = clock.now()
    await set_terms(admin, acme["location"], "Net 30")
    await place_order(buyer, (nut, 2))  # #1002, payment pending
    clock.advance(3600)
    await place_order(buyer, (bolt, 1), (nut, 1), poNumber="po-78")  # #1003, payment pending
    assert await names(buyer) == ["#1003", "#1002", "#1001"]
    assert await names(buyer, status="PAID") == ["#1001"]
    assert await names(buyer, status="PENDING") == ["#1003", "#1002"]
    assert await names(buyer, q="po-7") == ["#1003", "#1001"]
    assert await names(buyer, q="  PO-77 ") == ["#1001"]
    assert await names(buyer, q="#1002") == ["#1002"]
    assert await names(buyer, q="nut") == ["#1003", "#1002"]
    assert await names(buyer, q="%") == []
    assert await names(buyer, min=middle.isoformat(), max=(middle + timedelta(minutes=30)).isoformat()) == ["#1002"]
    assert await names(buyer, min=start.isoformat(), status="PENDING", q="bolt") == ["#1003"]
    assert await names(buyer, location=acme["location"]) == ["#1003", "#1002", "#1001"]
    for other in ("gid://gateway/CompanyLocation/999", "gid://gateway/Order/1", "nonsense"):
        assert await names(buyer, location=other) == []


async def test_location_filter_and_the_role_rule(acme, admin, db, client):
    anna, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    hq = acme["location"]
    branch = await new_location(admin, "Branch")
    olga = await colleague(admin, db, client, "olga@acme.test", hq, "ORDERING_ONLY")
    lars = await colleague(admin, db, client, "lars@acme.test", branch, "LOCATION_ADMIN")
    await place_order(anna, (bolt, 1))  # #1001 at HQ by anna
    await place_order(olga, (bolt, 1))  # #1002 at HQ by olga
    await place_order(lars, (bolt, 1))  # #1003 at Branch by lars
    contact = (await admin("""{ companies(first: 1) { nodes { contacts(first: 10) {
        nodes { id customer { email } } } } } }"""))["companies"]["nodes"][0]["contacts"]["nodes"]
    anna_contact = next(c["id"] for c in contact if c["customer"]["email"] == "anna@acme.test")
    assigned = await admin(ASSIGN_ROLE, contact=anna_contact, location=branch, role="ORDERING_ONLY")
    assert assigned["companyContactAssignRole"]["userErrors"] == []
    assert (await anna(SELECT, id=branch))["selectLocation"]["userErrors"] == []
    await place_order(anna, (bolt, 1))  # #1004 at Branch by anna, ORDERING_ONLY there

    assert await names(olga) == ["#1002"]  # ORDERING_ONLY: only what it placed
    assert await names(anna) == ["#1004", "#1002", "#1001"]  # all of HQ, and its own at Branch
    assert await names(lars) == ["#1004", "#1003"]  # LOCATION_ADMIN of Branch
    assert await names(anna, location=branch) == ["#1004"]
    assert await names(anna, location=hq) == ["#1002", "#1001"]
    assert await names(olga, location=branch) == []


ORDERS_PAGE = """query($first: Int!) { viewer { orders(first: $first) { nodes { name
    lineItems { sku quantity total { amount } variant { sku } }
    paymentTerms { paymentTermsName paymentSchedules { dueAt amount { amount } } } } } } }"""


async def seed_orders(db, email: str, location: str, n: int) -> None:  # noqa: ANN001
    """n orders on Net 30 of the customer at location, each with two lines and a schedule."""
    location_id = int(location.rsplit("/", 1)[1])
    async with db.transaction() as session:
        customer_id = await session.scalar(select(Customer.id).where(Customer.email == email))
        now = clock.now()
        await session.execute(insert(Order), [{
            "name": f"#{5000 + i}", "customer_id": customer_id, "location_id": location_id, "currency": "EUR",
            "financial_status": "PENDING", "payment_terms_name": "Net 30", "payment_terms_type": "NET",
            "payment_terms_due_in_days": 30, "subtotal": 3000, "total": 3000, "paid_amount": 0,
            "created_at": now + timedelta(seconds=i),
        } for i in range(n)])
        order_ids = list((await session.scalars(select(Order.id))).all())
        await session.execute(insert(OrderLine), [{
            "order_id": oid, "variant_id": None, "sku": sku, "title": sku, "quantity": 1, "unit_price": 1500,
            "total": 1500, "price_source": "BASE",
        } for oid in order_ids for sku in ("A", "B")])
        await session.execute(insert(PaymentSchedule), [
            {"order_id": oid, "due_at": now + timedelta(days=30), "amount": 3000} for oid in order_ids
        ])


async def test_a_page_of_orders_costs_the_same_statements_for_10_and_100(acme, db):
    buyer = acme["buyer"]
    await seed_orders(db, "anna@acme.test", acme["location"], 110)

    async def run(first: int) -> tuple[int, list]:
        response = await buyer.post(ORDERS_PAGE, first=first)
        body = response.json()
        assert not body.get("errors"), body
        return int(response.headers["x-sql-statements"]), body["data"]["viewer"]["orders"]["nodes"]

    small, ten = await run(10)
    large, hundred = await run(100)
    assert len(ten) == 10 and len(hundred) == 100
    last = hundred[-1]
    assert [ln["sku"] for ln in last["lineItems"]] == ["A", "B"]
    assert last["paymentTerms"]["paymentSchedules"][0]["amount"] == {"amount": "30.00"}
    assert small > 0 and small == large
