"""A page of orders with fulfillments, returns and events costs the same SQL statements for 10 orders
as for 100, on viewer.orders and on the Admin API's orders."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from gateway.db.models import (
    DraftOrder,
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderLine,
    Return,
    ReturnLine,
    Transaction,
)
from gateway.platform import clock
from tests.orders.test_order_history import seed_orders

PAGE = """{
    name displayFulfillmentStatus
    fulfillments { id carrier trackingNumber lines { quantity orderLine { id sku } } }
    returns { name status lines { quantity reason orderLine { sku unitPrice { amount } } } }
    events { kind createdAt message amount { amount } carrier returnName } }"""
VIEWER_PAGE = f"query($first: Int!) {{ viewer {{ orders(first: $first) {{ nodes {PAGE} }} }} }}"
ADMIN_PAGE = f"query($first: Int!) {{ orders(first: $first) {{ nodes {PAGE} }} }}"


async def seed_after_sale(db) -> None:  # noqa: ANN001
    """For every order: a payment, a draft it came from, a shipment of its first line and a return of
    its second."""
    now = clock.now()
    earlier, later = now - timedelta(hours=1), now + timedelta(hours=1)

    def at(minutes: int) -> object:
        return later + timedelta(minutes=minutes)

    async with db.transaction() as session:
        orders = (await session.execute(select(Order.id, Order.name, Order.customer_id))).all()
        lines = {}
        for line_id, order_id in await session.execute(select(OrderLine.id, OrderLine.order_id).order_by(OrderLine.id)):
            lines.setdefault(order_id, []).append(line_id)
        await session.execute(insert(Transaction), [{
            "order_id": oid, "kind": "PAYMENT", "amount": 1000, "currency": "EUR", "status": "SUCCESS",
            "created_at": at(2),
        } for oid, _, _ in orders])
        await session.execute(insert(DraftOrder), [{
            "status": "COMPLETED", "customer_id": customer, "currency": "EUR", "subtotal": 3000, "order_id": oid,
            "created_at": earlier,
        } for oid, _, customer in orders])
        await session.execute(insert(Fulfillment), [
            {"order_id": oid, "carrier": "DHL", "tracking_number": f"T{oid}", "created_at": at(0)} for oid, _, _ in orders
        ])
        shipments = dict((await session.execute(select(Fulfillment.order_id, Fulfillment.id))).all())
        await session.execute(insert(FulfillmentLine), [
            {"fulfillment_id": shipments[oid], "order_line_id": lines[oid][0], "quantity": 1} for oid, _, _ in orders
        ])
        await session.execute(insert(Return), [{
            "order_id": oid, "name": f"{name}-R1", "customer_id": customer, "status": "APPROVED",
            "created_at": at(1), "approved_at": at(3),
        } for oid, name, customer in orders])
        returns = dict((await session.execute(select(Return.order_id, Return.id))).all())
        await session.execute(insert(ReturnLine), [
            {"return_id": returns[oid], "order_line_id": lines[oid][1], "quantity": 1, "reason": "DEFECTIVE"}
            for oid, _, _ in orders
        ])


async def test_pages_of_orders_with_fulfillments_returns_and_events_cost_the_same_for_10_and_100(acme, admin, db):
    buyer = acme["buyer"]
    await seed_orders(db, "anna@acme.test", acme["location"], 110)
    await seed_after_sale(db)

    async def run(client, query: str, first: int) -> tuple[int, list]:  # noqa: ANN001
        response = await client.post(query, first=first)
        body = response.json()
        assert not body.get("errors"), body
        data = body["data"]
        nodes = (data["viewer"]["orders"] if "viewer" in data else data["orders"])["nodes"]
        return int(response.headers["x-sql-statements"]), nodes

    for client, query in ((buyer, VIEWER_PAGE), (admin, ADMIN_PAGE)):
        small, ten = await run(client, query, 10)
        large, hundred = await run(client, query, 100)
        assert len(ten) == 10 and len(hundred) == 100
        last = hundred[-1]
        assert [ln["orderLine"]["sku"] for ln in last["fulfillments"][0]["lines"]] == ["A"]
        assert last["returns"][0]["lines"][0]["orderLine"] == {"sku": "B", "unitPrice": {"amount": "15.00"}}
        assert [e["kind"] for e in last["events"]] == [
            "SUBMITTED_FOR_APPROVAL", "APPROVED", "PLACED", "FULFILLED", "RETURN_REQUESTED", "PAYMENT",
            "RETURN_APPROVED",
        ]
        assert small > 0 and small == large, (client.path, small, large)
