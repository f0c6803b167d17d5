"""Drafts: the queue of draft orders to approve (oldest first), a draft with its lines, and
"Approve" (the order on the location's terms), "Send invoice", "Decline" (with a reason)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from console.web import Console, Me, field, page, redirect

MONEY = "{ amount currencyCode }"
COMPANY = f"""company {{ id name creditLimit {MONEY} totalOutstanding {MONEY} hasOverdueOrders }}"""
QUEUE = f"""
query Drafts($status: DraftOrderStatus, $after: String) {{
  draftOrders(first: 50, after: $after, status: $status, reverse: true) {{
    nodes {{ id status createdAt poNumber subtotal {MONEY}
      customer {{ email }}
      location {{ id name {COMPANY} }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""
DRAFT = f"""
query Draft($id: ID!) {{
  draftOrder(id: $id) {{
    id status createdAt poNumber note subtotal {MONEY}
    order {{ id name }} customer {{ id email }}
    location {{ id name {COMPANY}
      buyerExperienceConfiguration {{ checkoutToDraft paymentTermsTemplate {{ name }} }} }}
    lineItems {{ id sku title quantity unitPrice {MONEY} total {MONEY} variant {{ id }}
      priceSourceDetails {{ rule catalogTitle }} }}
  }}
}}"""
ERRORS = "userErrors { field code message }"
APPROVE = f"""mutation Approve($id: ID!) {{
  draftOrderComplete(id: $id, paymentPending: true) {{ order {{ id }} {ERRORS} }} }}"""
INVOICE = f"""mutation Invoice($id: ID!) {{ draftOrderInvoiceSend(id: $id) {{ draftOrder {{ id }} {ERRORS} }} }}"""
DECLINE = f"""mutation Decline($id: ID!, $reason: String) {{ draftOrderDelete(id: $id, reason: $reason) {{ deletedId {ERRORS} }} }}"""
UPDATE = f"""mutation Edit($id: ID!, $input: DraftOrderUpdateInput!) {{
  draftOrderUpdate(id: $id, input: $input) {{ draftOrder {{ id }} {ERRORS} }} }}"""
STATUSES = [("OPEN", "To approve"), ("INVOICE_SENT", "Invoice sent"), ("COMPLETED", "Completed")]


def gid(pk: int) -> str:
    return f"gid://gateway/DraftOrder/{pk}"


def credit_left(company: dict | None) -> str:
    """The company's credit limit less what its orders owe (in the limit's currency)."""
    if not company or not company.get("creditLimit"):
        return "no limit"
    limit = company["creditLimit"]
    owed = sum((Decimal(m["amount"]) for m in company["totalOutstanding"]
                if m["currencyCode"] == limit["currencyCode"]), Decimal(0))
    return f"{Decimal(limit['amount']) - owed:.2f} {limit['currencyCode']}"


@page
async def queue(console: Console, request: Request, me: Me) -> Response:
    status = request.query_params.get("status", "OPEN")
    if status not in dict(STATUSES):
        status = "OPEN"
    data = await console.run(request, me, QUEUE, status=status, after=request.query_params.get("after"))
    return console.render(request, "drafts.html", me, drafts=data["draftOrders"], status=status, statuses=STATUSES,
                          credit_left=credit_left)


async def _show(console: Console, request: Request, me: Me, pk: int, errors: list | None = None) -> Response:
    data = await console.run(request, me, DRAFT, id=gid(pk))
    draft = data["draftOrder"]
    if draft is None:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such draft order."])
    return console.render(request, "draft.html", me, 400 if errors else 200, draft=draft, errors=errors or [],
                          credit_left=credit_left)


@page
async def show(console: Console, request: Request, me: Me) -> Response:
    return await _show(console, request, me, request.path_params["pk"])


def _lines(request: Request) -> tuple[list[dict], list[str]]:
    """The edited lines from the form: variant, quantity and price per row (price blank: unchanged)."""
    form = request.state.form
    variants, quantities, prices = form.getlist("variant"), form.getlist("quantity"), form.getlist("price")
    lines, problems = [], []
    for n, (variant, quantity, price) in enumerate(zip(variants, quantities, prices, strict=False), start=1):
        line: dict = {"variantId": str(variant)}
        try:
            line["quantity"] = int(str(quantity).strip())
        except ValueError:
            problems.append(f"Line {n}: the quantity must be a whole number.")
        if str(price).strip():
            try:
                line["unitPrice"] = str(Decimal(str(price).strip()))
            except InvalidOperation:
                problems.append(f"Line {n}: the price must be a number such as 12.50.")
        lines.append(line)
    return lines, problems


@page
async def act(console: Console, request: Request, me: Me) -> Response:
    """One of the draft's buttons: approve, invoice, decline or save (the edited lines)."""
    pk, action = request.path_params["pk"], request.path_params["action"]
    if action == "approve":
        result = (await console.run(request, me, APPROVE, id=gid(pk)))["draftOrderComplete"]
        if not result["userErrors"]:
            return redirect(f"/console/orders/{result['order']['id'].rsplit('/', 1)[-1]}", "approved")
    elif action == "invoice":
        result = (await console.run(request, me, INVOICE, id=gid(pk)))["draftOrderInvoiceSend"]
        done = "invoiced"
    elif action == "decline":
        reason = field(request, "reason")
        if not reason:
            return await _show(console, request, me, pk, ["Give a reason for declining: the buyer is sent it."])
        result = (await console.run(request, me, DECLINE, id=gid(pk), reason=reason))["draftOrderDelete"]
        if not result["userErrors"]:
            return redirect("/console/drafts", "declined")
    elif action == "save":
        lines, problems = _lines(request)
        if problems:
            return await _show(console, request, me, pk, problems)
        update = {"lines": lines, "poNumber": field(request, "po_number") or None}
        result = (await console.run(request, me, UPDATE, id=gid(pk), input=update))["draftOrderUpdate"]
        done = "saved"
    else:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such action."])
    if result["userErrors"]:
        return await _show(console, request, me, pk, [e["message"] for e in result["userErrors"]])
    return redirect(f"/console/drafts/{pk}", done)


routes = [
    Route("/drafts", queue),
    Route("/drafts/{pk:int}", show),
    Route("/drafts/{pk:int}/{action:str}", act, methods=["POST"]),
]
