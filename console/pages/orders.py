"""Orders: the list with filters (status, company, overdue, date), an order with its payments,
schedule, fulfillments, returns and timeline; mark as paid, fulfill with tracking, refund part of what
was paid, cancel (and refund)."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from datetime import date, datetime, time, timezone

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from console.web import Console, Me, field, page, redirect

MONEY = "{ amount currencyCode }"
ERRORS = "userErrors { field code message }"
LIST = f"""
query Orders($query: String, $status: OrderFinancialStatus, $companyId: ID, $overdue: Boolean,
             $from: DateTime, $to: DateTime, $after: String) {{
  orders(first: 50, after: $after, query: $query, financialStatus: $status, companyId: $companyId,
         overdue: $overdue, createdAtMin: $from, createdAtMax: $to) {{
    nodes {{ id name createdAt poNumber total {MONEY} totalOutstanding {MONEY} displayFinancialStatus
      displayFulfillmentStatus cancelledAt paymentTerms {{ overdue }} location {{ name company {{ id name }} }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
  companies(first: 100, sortKey: NAME) {{ nodes {{ id name }} }}
}}"""
ORDER = f"""
query Order($id: ID!) {{
  node(id: $id) {{ ... on Order {{
    id name createdAt poNumber note cancelledAt displayFinancialStatus displayFulfillmentStatus
    subtotal {MONEY} total {MONEY} totalPaid {MONEY} totalOutstanding {MONEY}
    location {{ name company {{ id name }} }}
    shippingAddress {{ recipient address1 address2 zip city countryCode }}
    lineItems {{ id sku title quantity unitPrice {MONEY} total {MONEY} }}
    paymentTerms {{ paymentTermsName overdue paymentSchedules {{ dueAt amount {MONEY} completedAt }} }}
    transactions {{ kind status amount {MONEY} createdAt }}
    fulfillments {{ createdAt carrier trackingNumber lines {{ quantity orderLine {{ sku }} }} }}
    returns {{ id name status createdAt }}
    events {{ kind createdAt message }}
  }} }}
}}"""
MARK_PAID = f"mutation Paid($id: ID!) {{ orderMarkAsPaid(orderId: $id) {{ order {{ id }} {ERRORS} }} }}"
FULFILL = f"""mutation Fulfill($id: ID!, $tracking: String, $carrier: String) {{
  orderFulfill(orderId: $id, trackingNumber: $tracking, carrier: $carrier) {{ {ERRORS} }} }}"""
CANCEL = f"""mutation Cancel($id: ID!, $refund: Boolean!) {{
  orderCancel(orderId: $id, refund: $refund) {{ order {{ id }} {ERRORS} }} }}"""
REFUND = f"""mutation Refund($id: ID!, $amount: Decimal!, $reason: String, $key: String!) {{
  orderRefund(orderId: $id, amount: $amount, reason: $reason, idempotencyKey: $key) {{ {ERRORS} }} }}"""
STATUSES = ["PENDING", "PARTIALLY_PAID", "PAID", "VOIDED", "REFUNDED"]


def gid(pk: int) -> str:
    return f"gid://gateway/Order/{pk}"


def _day(value: str | None, end: bool) -> str | None:
    """A yyyy-mm-dd filter as the start (or end) of that day in UTC; nonsense is ignored."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return datetime.combine(day, time.max if end else time.min, timezone.utc).isoformat()


@page
async def index(console: Console, request: Request, me: Me) -> Response:
    q = request.query_params
    status = q.get("status") if q.get("status") in STATUSES else None
    overdue = {"yes": True, "no": False}.get(q.get("overdue", ""))
    company = q.get("company") or None
    data = await console.run(
        request, me, LIST, query=q.get("query") or None, status=status, companyId=company, overdue=overdue,
        after=q.get("after"), **{"from": _day(q.get("from"), False), "to": _day(q.get("to"), True)},
    )
    return console.render(request, "orders.html", me, orders=data["orders"], companies=data["companies"]["nodes"],
                          statuses=STATUSES, filters=q)


async def _show(console: Console, request: Request, me: Me, pk: int, errors: list | None = None) -> Response:
    order = (await console.run(request, me, ORDER, id=gid(pk)))["node"]
    if not order:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such order."])
    # The refund form's idempotency key is made with the page: posting the same form twice refunds once.
    return console.render(request, "order.html", me, 400 if errors else 200, order=order, errors=errors or [],
                          refund_key=uuid.uuid4().hex)


@page
async def show(console: Console, request: Request, me: Me) -> Response:
    return await _show(console, request, me, request.path_params["pk"])


@page
async def act(console: Console, request: Request, me: Me) -> Response:
    pk, action = request.path_params["pk"], request.path_params["action"]
    if action == "paid":
        payload, done = (await console.run(request, me, MARK_PAID, id=gid(pk)))["orderMarkAsPaid"], "paid"
    elif action == "fulfill":
        payload = (await console.run(request, me, FULFILL, id=gid(pk), tracking=field(request, "tracking") or None,
                                     carrier=field(request, "carrier") or None))["orderFulfill"]
        done = "fulfilled"
    elif action == "refund":
        try:
            amount = str(Decimal(field(request, "amount")))
        except InvalidOperation:
            return await _show(console, request, me, pk, ["The amount is not a number (like 12.50)."])
        payload = (await console.run(request, me, REFUND, id=gid(pk), amount=amount,
                                     reason=field(request, "reason") or None,
                                     key=field(request, "key") or uuid.uuid4().hex))["orderRefund"]
        done = "refunded"
    elif action == "cancel":
        refund = field(request, "refund") == "yes"
        payload, done = (await console.run(request, me, CANCEL, id=gid(pk), refund=refund))["orderCancel"], "cancelled"
    else:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such action."])
    if payload["userErrors"]:
        return await _show(console, request, me, pk, [e["message"] for e in payload["userErrors"]])
    return redirect(f"/console/orders/{pk}", done)


routes = [
    Route("/orders", index),
    Route("/orders/{pk:int}", show),
    Route("/orders/{pk:int}/{action:str}", act, methods=["POST"]),
]
