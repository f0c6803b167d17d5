"""Companies and Customers: search and sort as the Admin API does, and a record page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from console.web import Console, Me, page

MONEY = "{ amount currencyCode }"
COMPANY_SORTS = ["NAME", "CREATED_AT", "UPDATED_AT", "TOTAL_SPENT", "ORDERS_COUNT", "LAST_ORDER_AT", "LAST_LOGIN_AT"]
CUSTOMER_SORTS = ["EMAIL", "NAME", "CREATED_AT", "UPDATED_AT", "TOTAL_SPENT", "ORDERS_COUNT", "LAST_ORDER_AT",
                  "LAST_LOGIN_AT"]
COMPANIES = f"""
query Companies($query: String, $sortKey: CompanySortKey!, $reverse: Boolean!, $after: String) {{
  companies(first: 50, after: $after, query: $query, sortKey: $sortKey, reverse: $reverse) {{
    nodes {{ id name customerNumber externalId ordersCount totalSpent {MONEY} totalOutstanding {MONEY}
      creditLimit {MONEY} riskRating lastOrderAt hasOverdueOrders }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""
COMPANY = f"""
query Company($id: ID!) {{
  company(id: $id) {{
    id name externalId customerNumber orgNumber website note creditLimit {MONEY} maxPaymentDays riskRating
    ordersCount totalSpent {MONEY} totalOutstanding {MONEY} hasOverdueOrders lastOrderAt lastLoginAt
    mainContact {{ customer {{ email }} }}
    locations(first: 100) {{ nodes {{ id name externalId
      buyerExperienceConfiguration {{ checkoutToDraft paymentTermsTemplate {{ name }} deposit {{ percentage }} }}
      shippingAddress {{ address1 zip city countryCode }} }} }}
    contacts(first: 100) {{ nodes {{ id title customer {{ id email firstName lastName status }}
      roleAssignments {{ role companyLocation {{ name }} }} }} }}
    orders(first: 20) {{ nodes {{ id name createdAt displayFinancialStatus total {MONEY} totalOutstanding {MONEY} }} }}
  }}
}}"""
CUSTOMERS = f"""
query Customers($query: String, $sortKey: CustomerSortKey!, $reverse: Boolean!, $after: String) {{
  customers(first: 50, after: $after, query: $query, sortKey: $sortKey, reverse: $reverse) {{
    nodes {{ id email firstName lastName status ordersCount totalSpent {MONEY} lastOrderAt lastLoginAt
      companyContacts {{ company {{ id name }} }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""
CUSTOMER = f"""
query Customer($id: ID!) {{
  customer(id: $id) {{
    id email firstName lastName phone status note createdAt lastLoginAt ordersCount totalSpent {MONEY}
    totalOutstanding {MONEY}
    companyContacts {{ title company {{ id name }} roleAssignments {{ role companyLocation {{ name }} }} }}
    orders(first: 20) {{ nodes {{ id name createdAt displayFinancialStatus total {MONEY} }} }}
    groups {{ id name }}
    emails(first: 20) {{ nodes {{ subject status createdAt sentAt }} }}
  }}
}}"""


def _sorting(request: Request, keys: list[str], default: str) -> tuple[str, bool]:
    key = request.query_params.get("sort", default)
    return (key if key in keys else default), request.query_params.get("reverse") == "1"


@page
async def companies(console: Console, request: Request, me: Me) -> Response:
    sort, reverse = _sorting(request, COMPANY_SORTS, "NAME")
    query = request.query_params.get("query") or None
    data = await console.run(request, me, COMPANIES, query=query, sortKey=sort, reverse=reverse,
                             after=request.query_params.get("after"))
    return console.render(request, "companies.html", me, companies=data["companies"], sorts=COMPANY_SORTS,
                          sort=sort, reverse=reverse, query=query or "")


@page
async def company(console: Console, request: Request, me: Me) -> Response:
    found = (await console.run(request, me, COMPANY, id=f"gid://gateway/Company/{request.path_params['pk']}"))["company"]
    if not found:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such company."])
    return console.render(request, "company.html", me, company=found)


@page
async def customers(console: Console, request: Request, me: Me) -> Response:
    sort, reverse = _sorting(request, CUSTOMER_SORTS, "EMAIL")
    query = request.query_params.get("query") or None
    data = await console.run(request, me, CUSTOMERS, query=query, sortKey=sort, reverse=reverse,
                             after=request.query_params.get("after"))
    return console.render(request, "customers.html", me, customers=data["customers"], sorts=CUSTOMER_SORTS,
                          sort=sort, reverse=reverse, query=query or "")


@page
async def customer(console: Console, request: Request, me: Me) -> Response:
    found = (await console.run(request, me, CUSTOMER, id=f"gid://gateway/Customer/{request.path_params['pk']}"))[
        "customer"]
    if not found:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such customer."])
    return console.render(request, "customer.html", me, customer=found)


routes = [
    Route("/companies", companies),
    Route("/companies/{pk:int}", company),
    Route("/customers", customers),
    Route("/customers/{pk:int}", customer),
]
