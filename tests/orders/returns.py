"""Fulfillment and return fixtures: Acme's buyer anna (LOCATION_ADMIN of HQ) with orders placed through
the Storefront API, the merchant's Admin calls, and the emails they leave in the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from gateway.db.models import Fulfillment, OutboxMessage, Return
from tests.helpers import ERRORS, GraphQLClient

LINE = "orderLine { id sku quantity }"
FULFILLMENT = f"id createdAt carrier trackingNumber lines {{ quantity {LINE} }}"
RETURN = f"id name status createdAt declineReason lines {{ quantity reason note {LINE} }}"
ORDER = f"""id name displayFinancialStatus displayFulfillmentStatus lineItems {{ id sku quantity }}
    fulfillments {{ {FULFILLMENT} }} returns {{ {RETURN} }}"""

FULFILL = f"""mutation($id: ID!, $tracking: String, $carrier: String, $lines: [FulfillmentLineInput!]) {{
    orderFulfill(orderId: $id, trackingNumber: $tracking, carrier: $carrier, lines: $lines) {{
      fulfillment {{ {FULFILLMENT} }} order {{ {ORDER} }} {ERRORS} }} }}"""

REQUEST = f"""mutation($id: ID!, $lines: [ReturnLineInput!]!) {{ orderRequestReturn(orderId: $id, lines: $lines) {{
    return {{ {RETURN} }} {ERRORS} }} }}"""

APPROVE = f"mutation($id: ID!) {{ returnApprove(id: $id) {{ return {{ {RETURN} }} {ERRORS} }} }}"
DECLINE = f"""mutation($id: ID!, $reason: String!) {{ returnDecline(id: $id, reason: $reason) {{
    return {{ {RETURN} }} {ERRORS} }} }}"""
CLOSE = f"mutation($id: ID!) {{ returnClose(id: $id) {{ return {{ {RETURN} }} {ERRORS} }} }}"

READ_ORDER = f"query($id: ID!) {{ order(id: $id) {{ {ORDER} }} }}"
ADMIN_ORDER = f"query($id: ID!) {{ node(id: $id) {{ ... on Order {{ {ORDER} }} }} }}"


async def fulfill(admin: GraphQLClient, order: str, **arguments: Any) -> dict:
    return (await admin(FULFILL, id=order, **arguments))["orderFulfill"]


async def request_return(buyer: GraphQLClient, order: str, *lines: dict[str, Any]) -> dict:
    return (await buyer(REQUEST, id=order, lines=list(lines)))["orderRequestReturn"]


def line(line_id: str, quantity: int, reason: str = "DEFECTIVE", note: str | None = None) -> dict[str, Any]:
    return {"orderLineId": line_id, "quantity": quantity, "reason": reason, **({"note": note} if note else {})}


async def read_order(buyer: GraphQLClient, order: str) -> dict:
    return (await buyer(READ_ORDER, id=order))["order"]


async def mails(db, template: str | None = None, to: str | None = None) -> list[OutboxMessage]:  # noqa: ANN001
    """Outbox emails, oldest first, of one template and/or to one recipient."""
    async with db.reader() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    return [
        row for row in rows
        if (template is None or row.headers.get("X-Gateway-Template") == template) and (to is None or row.recipient == to)
    ]


async def counts(db) -> tuple[int, int, int]:  # noqa: ANN001
    """(fulfillments, returns, outbox emails): what a refused mutation must leave unchanged."""
    async with db.reader() as session:
        return tuple([
            await session.scalar(select(func.count()).select_from(model))
            for model in (Fulfillment, Return, OutboxMessage)
        ])

CANCEL = f"mutation($id: ID!) {{ orderCancel(id: $id) {{ {ERRORS} }} }}"
