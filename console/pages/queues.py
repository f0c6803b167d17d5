"""Returns and Account requests: the queues of what buyers asked for, and the decisions on them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from console.web import Console, Me, field, page, redirect

MONEY = "{ amount currencyCode }"
ERRORS = "userErrors { field code message }"
RETURNS = """
query Returns($status: ReturnStatus, $after: String) {
  returns(first: 50, after: $after, status: $status) {
    nodes { id name status createdAt order { id name location { name company { name } } } lines { quantity } }
    pageInfo { hasNextPage endCursor }
  }
}"""
RETURN = f"""
query Return($id: ID!) {{
  node(id: $id) {{ ... on Return {{
    id name status createdAt declineReason approvedAt declinedAt closedAt
    order {{ id name location {{ name company {{ id name }} }} }}
    lines {{ quantity reason note orderLine {{ sku title unitPrice {MONEY} }} }}
  }} }}
}}"""
RETURN_APPROVE = f"mutation ($id: ID!) {{ returnApprove(id: $id) {{ {ERRORS} }} }}"
RETURN_DECLINE = f"mutation ($id: ID!, $reason: String!) {{ returnDecline(id: $id, reason: $reason) {{ {ERRORS} }} }}"
RETURN_CLOSE = f"mutation ($id: ID!) {{ returnClose(id: $id) {{ {ERRORS} }} }}"
REQUESTS = """
query AccountRequests($status: AccountRequestStatus, $after: String) {
  accountRequests(first: 50, after: $after, status: $status) {
    nodes { id status companyName email firstName lastName createdAt linkedExistingCompany }
    pageInfo { hasNextPage endCursor }
  }
}"""
REQUEST = """
query AccountRequest($id: ID!) {
  accountRequest(id: $id) {
    id status companyName orgNumber email firstName lastName phone message createdAt decidedAt declineReason
    linkedExistingCompany address { address1 address2 zip city countryCode }
    company { id name } customer { id email }
  }
  paymentTermsTemplates { id name }
}"""
REQUEST_APPROVE = f"""mutation ($id: ID!, $input: AccountRequestApproveInput) {{
  accountRequestApprove(id: $id, input: $input) {{ {ERRORS} }} }}"""
REQUEST_DECLINE = f"""mutation ($id: ID!, $reason: String!) {{
  accountRequestDecline(id: $id, reason: $reason) {{ {ERRORS} }} }}"""


def _status(request: Request, allowed: tuple[str, ...], default: str) -> str | None:
    value = request.query_params.get("status", default)
    return value if value in allowed else None


@page
async def returns(console: Console, request: Request, me: Me) -> Response:
    status = _status(request, ("REQUESTED", "APPROVED", "DECLINED", "CLOSED"), "REQUESTED")
    data = await console.run(request, me, RETURNS, status=status, after=request.query_params.get("after"))
    return console.render(request, "returns.html", me, returns=data["returns"], status=status or "")


async def _return(console: Console, request: Request, me: Me, pk: int, errors: list | None = None) -> Response:
    found = (await console.run(request, me, RETURN, id=f"gid://gateway/Return/{pk}"))["node"]
    if not found:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such return."])
    return console.render(request, "return.html", me, 400 if errors else 200, ret=found, errors=errors or [])


@page
async def return_page(console: Console, request: Request, me: Me) -> Response:
    return await _return(console, request, me, request.path_params["pk"])


@page
async def return_act(console: Console, request: Request, me: Me) -> Response:
    pk, action = request.path_params["pk"], request.path_params["action"]
    gid = f"gid://gateway/Return/{pk}"
    if action == "approve":
        payload, done = (await console.run(request, me, RETURN_APPROVE, id=gid))["returnApprove"], "approved"
    elif action == "decline":
        payload = (await console.run(request, me, RETURN_DECLINE, id=gid, reason=field(request, "reason")))["returnDecline"]
        done = "declined"
    elif action == "close":
        payload, done = (await console.run(request, me, RETURN_CLOSE, id=gid))["returnClose"], "closed"
    else:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such action."])
    if payload["userErrors"]:
        return await _return(console, request, me, pk, [e["message"] for e in payload["userErrors"]])
    return redirect(f"/console/returns/{pk}", done)


@page
async def account_requests(console: Console, request: Request, me: Me) -> Response:
    status = _status(request, ("REQUESTED", "APPROVED", "DECLINED"), "REQUESTED")
    data = await console.run(request, me, REQUESTS, status=status, after=request.query_params.get("after"))
    return console.render(request, "account_requests.html", me, requests=data["accountRequests"], status=status or "")


async def _request(console: Console, request: Request, me: Me, pk: int, errors: list | None = None) -> Response:
    data = await console.run(request, me, REQUEST, id=f"gid://gateway/AccountRequest/{pk}")
    if not data["accountRequest"]:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such account request."])
    return console.render(request, "account_request.html", me, 400 if errors else 200, req=data["accountRequest"],
                          templates=data["paymentTermsTemplates"], errors=errors or [])


@page
async def account_request(console: Console, request: Request, me: Me) -> Response:
    return await _request(console, request, me, request.path_params["pk"])


@page
async def account_request_act(console: Console, request: Request, me: Me) -> Response:
    pk, action = request.path_params["pk"], request.path_params["action"]
    gid = f"gid://gateway/AccountRequest/{pk}"
    if action == "approve":
        terms = field(request, "terms")
        payload = (await console.run(request, me, REQUEST_APPROVE, id=gid,
                                     input={"paymentTermsTemplateId": terms} if terms else None))["accountRequestApprove"]
        done = "approved"
    elif action == "decline":
        payload = (await console.run(request, me, REQUEST_DECLINE, id=gid, reason=field(request, "reason")))[
            "accountRequestDecline"]
        done = "declined"
    else:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such action."])
    if payload["userErrors"]:
        return await _request(console, request, me, pk, [e["message"] for e in payload["userErrors"]])
    return redirect(f"/console/account-requests/{pk}", done)


routes = [
    Route("/returns", returns),
    Route("/returns/{pk:int}", return_page),
    Route("/returns/{pk:int}/{action:str}", return_act, methods=["POST"]),
    Route("/account-requests", account_requests),
    Route("/account-requests/{pk:int}", account_request),
    Route("/account-requests/{pk:int}/{action:str}", account_request_act, methods=["POST"]),
]
