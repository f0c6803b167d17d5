"""Catalogs: each with its contexts (the company locations it serves) and price list; a catalog's
fixed prices, read and edited (priceListFixedPricesAdd / Delete)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from console.web import Console, Me, page, redirect

MONEY = "{ amount currencyCode }"
ERRORS = "userErrors { field code message }"
LIST = """
query Catalogs($after: String) {
  catalogs(first: 50, after: $after, sortKey: ID) {
    nodes { id title status allProducts
      priceList { id currencyCode adjustment { type value } }
      companyLocations(first: 20) { nodes { name company { name } } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
CATALOG = f"""
query Catalog($id: ID!) {{
  node(id: $id) {{ ... on Catalog {{
    id title status allProducts
    companyLocations(first: 100) {{ nodes {{ id name company {{ id name }} }} }}
    priceList {{ id currencyCode adjustment {{ type value }}
      prices(first: 100) {{ nodes {{ price {MONEY} variant {{ id sku title }} }} }} }}
  }} }}
  products(first: 100, sortKey: ID) {{ nodes {{ title variants {{ id sku }} }} }}
}}"""
ADD = f"""mutation Prices($id: ID!, $prices: [PriceListPriceInput!]!) {{
  priceListFixedPricesAdd(priceListId: $id, prices: $prices) {{ {ERRORS} }} }}"""
DELETE = f"""mutation Unprice($id: ID!, $variantIds: [ID!]!) {{
  priceListFixedPricesDelete(priceListId: $id, variantIds: $variantIds) {{ {ERRORS} }} }}"""


@page
async def index(console: Console, request: Request, me: Me) -> Response:
    data = await console.run(request, me, LIST, after=request.query_params.get("after"))
    return console.render(request, "catalogs.html", me, catalogs=data["catalogs"])


async def _show(console: Console, request: Request, me: Me, pk: int, errors: list | None = None) -> Response:
    data = await console.run(request, me, CATALOG, id=f"gid://gateway/Catalog/{pk}")
    if not data["node"]:
        return console.render(request, "error.html", me, 404, title="Not found", messages=["No such catalog."])
    return console.render(request, "catalog.html", me, 400 if errors else 200, catalog=data["node"],
                          products=data["products"]["nodes"], errors=errors or [])


@page
async def show(console: Console, request: Request, me: Me) -> Response:
    return await _show(console, request, me, request.path_params["pk"])


@page
async def save_prices(console: Console, request: Request, me: Me) -> Response:
    """The fixed prices as edited: changed or added rows are set, ticked ones removed."""
    pk, form = request.path_params["pk"], request.state.form
    price_list = str(form.get("price_list", ""))
    removed = [str(v) for v in form.getlist("remove")]
    rows = list(zip(form.getlist("variant"), form.getlist("price"), strict=False))
    new_variant, new_price = str(form.get("new_variant", "")), str(form.get("new_price", "")).strip()
    if new_variant and new_price:
        rows.append((new_variant, new_price))
    prices, problems = [], []
    for variant, price in rows:
        if str(variant) in removed or not str(price).strip():
            continue
        try:
            prices.append({"variantId": str(variant), "price": str(Decimal(str(price).strip()))})
        except InvalidOperation:
            problems.append(f"{str(price)!r} is not a price such as 12.50.")
    if problems:
        return await _show(console, request, me, pk, problems)
    errors = []
    if prices:
        errors += (await console.run(request, me, ADD, id=price_list, prices=prices))["priceListFixedPricesAdd"]["userErrors"]
    if removed and not errors:
        errors += (await console.run(request, me, DELETE, id=price_list, variantIds=removed))[
            "priceListFixedPricesDelete"]["userErrors"]
    if errors:
        return await _show(console, request, me, pk, [e["message"] for e in errors])
    return redirect(f"/console/catalogs/{pk}", "saved")


routes = [
    Route("/catalogs", index),
    Route("/catalogs/{pk:int}", show),
    Route("/catalogs/{pk:int}/prices", save_prices, methods=["POST"]),
]
