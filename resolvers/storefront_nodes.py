"""node(id:) on the Storefront API: every Node type it shows, by global id, to exactly the callers
its own Storefront field shows it to, through that field's lookup (viewer.orders, Company.locations,
viewer.quotes, ...). Anonymous callers get products, variants and their own cart; a logged-in buyer
also what it reaches from viewer. Unknown, malformed, foreign or hidden ids answer null.

Customers, contacts, draft orders and approval requests follow their list fields (viewer,
viewer.companyContacts, viewer.draftOrders, viewer.approvalRequests and submittedApprovalRequests),
not every place they appear nested (a colleague as an order's customer). An account request is on
the Storefront only as the answer to companyAccountRequest: nobody reads it back, so it is null.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import strawberry
from sqlalchemy import Select

from gateway.auth import policy
from gateway.db import models as m
from gateway.orders import approvals, carts, orders, shopping_lists
from gateway.orders import lists as order_lists
from gateway.payments import methods
from gateway.platform import ids
from gateway.quotes import quotes
from resolvers.auth import viewer as viewer_r
from resolvers.catalog import storefront as catalog_r
from resolvers.orders import carts as carts_r
from resolvers.orders import orders as orders_r
from schema.catalog.types import Catalog, PriceList
from schema.customers.addresses import CustomerAddress
from schema.customers.groups import CustomerGroup
from schema.customers.register import (
    Company,
    CompanyContact,
    CompanyContactRoleAssignment,
    CompanyLocation,
    PaymentTermsTemplate,
)
from schema.customers.roles import CompanyRole
from schema.orders.approvals import ApprovalRequest
from schema.orders.order import DraftOrder, OrderTransaction
from schema.orders.returns import Fulfillment, Return
from schema.orders.shopping_lists import ShoppingList, ShoppingListLine
from schema.payments import PaymentMethod
from schema.quotes import Quote, QuoteLine
from schema.relay import Node

Lookup = Callable[[strawberry.Info, int], Awaitable[Node | None]]


async def storefront_node(info: strawberry.Info, id: strawberry.ID) -> Node | None:
    """Any object the viewer may see, by its global id: products and variants, its carts, and when
    logged in what it reaches from viewer, each as its own field shows it; null for anything else."""
    if id.startswith(carts.CART_PREFIX):  # a cart's id is its random token, not a number
        return await carts_r.cart(info, id)
    parsed = ids.parse_gid(id)
    if parsed is None:
        return None
    type_name, pk = parsed
    if type_name in CATALOG:
        return await CATALOG[type_name](info, pk)
    if type_name in BUYER and info.context.customer_id is not None:
        return await BUYER[type_name](info, pk)
    return None


def _pick(rows: Iterable[Any], pk: int) -> Any:  # noqa: ANN401
    return next((row for row in rows if row is not None and row.id == pk), None)


def _of(row: Any, convert: Callable[[Any], Node]) -> Node | None:  # noqa: ANN401
    return convert(row) if row is not None else None


async def _one(info: strawberry.Info, stmt: Select) -> Any:  # noqa: ANN401
    async with info.context.db.reader() as session:
        return await session.scalar(stmt)


async def _by_id(info: strawberry.Info, model: type, pk: int) -> Any:  # noqa: ANN401
    return await info.context.loaders.by_id(model).load(pk)


async def _role_locations(info: strawberry.Info) -> list[int]:
    """The locations the viewer has a role on (viewer.locations)."""
    return sorted(await info.context.viewer_roles())


# -- catalog: anyone, as products and product(id:) --


async def _product(info: strawberry.Info, pk: int) -> Node | None:
    return await catalog_r.product(info, id=ids.to_gid("Product", pk))


# -- the viewer itself (viewer and its own lists) --


async def _customer(info: strawberry.Info, pk: int) -> Node | None:
    return await viewer_r.viewer(info) if policy.is_viewer(info.context.caller, pk) else None


async def _address(info: strawberry.Info, pk: int) -> Node | None:
    """viewer.addresses."""
    rows = await info.context.loaders.by_fk(m.CustomerAddress.customer_id).load(info.context.customer_id)
    return _of(_pick(rows, pk), CustomerAddress.from_row)


async def _group(info: strawberry.Info, pk: int) -> Node | None:
    """viewer.groups."""
    rows = await info.context.loaders.linked(
        m.customer_group_members, "customer_id", m.CustomerGroup, "group_id"
    ).load(info.context.customer_id)
    return _of(_pick(rows, pk), CustomerGroup.from_row)


async def _payment_method(info: strawberry.Info, pk: int) -> Node | None:
    """viewer.paymentMethods."""
    async with info.context.db.reader() as session:
        rows = await methods.listed(session, info.context.customer_id)
    return _of(_pick(rows, pk), PaymentMethod.from_row)


async def _contacts(info: strawberry.Info) -> list[m.CompanyContact]:
    """viewer.companyContacts (Company.contacts shows only these too)."""
    return await info.context.loaders.by_fk(m.CompanyContact.customer_id).load(info.context.customer_id)


async def _contact(info: strawberry.Info, pk: int) -> Node | None:
    return _of(_pick(await _contacts(info), pk), CompanyContact.from_row)


async def _company(info: strawberry.Info, pk: int) -> Node | None:
    """A company the viewer is a contact of (companyContacts.company)."""
    if not any(contact.company_id == pk for contact in await _contacts(info)):
        return None
    return _of(await _by_id(info, m.Company, pk), Company.from_row)


# -- the locations it has a role on, and what hangs off them --


async def _location(info: strawberry.Info, pk: int) -> Node | None:
    """viewer.locations, Company.locations."""
    if not policy.sees_location(info.context.caller, await info.context.viewer_roles(), pk):
        return None
    return _of(await _by_id(info, m.CompanyLocation, pk), CompanyLocation.from_row)


async def _role_assignment(info: strawberry.Info, pk: int) -> Node | None:
    """CompanyLocation.roleAssignments, CompanyContact.roleAssignments: at a location the viewer has a role on."""
    row = await _by_id(info, m.RoleAssignment, pk)
    if row is None or not policy.sees_location(info.context.caller, await info.context.viewer_roles(), row.location_id):
        return None
    return CompanyContactRoleAssignment.from_row(row)


async def _company_role(info: strawberry.Info, pk: int) -> Node | None:
    """The companyRole of a role assignment the viewer sees."""
    per_location = await info.context.loaders.by_fk(m.RoleAssignment.location_id).load_many(await _role_locations(info))
    if not any(a.company_role_id == pk for rows in per_location for a in rows):
        return None
    return _of(await _by_id(info, m.CompanyRole, pk), CompanyRole.from_row)


async def _catalogs(info: strawberry.Info) -> list[m.Catalog]:
    """CompanyLocation.catalogs of the locations the viewer has a role on."""
    per_location = await info.context.loaders.linked(
        m.catalog_locations, "location_id", m.Catalog, "catalog_id"
    ).load_many(await _role_locations(info))
    return [catalog for rows in per_location for catalog in rows]


async def _catalog(info: strawberry.Info, pk: int) -> Node | None:
    return _of(_pick(await _catalogs(info), pk), Catalog.from_row)


async def _price_list(info: strawberry.Info, pk: int) -> Node | None:
    """Catalog.priceList of a catalog the viewer sees."""
    if not any(catalog.price_list_id == pk for catalog in await _catalogs(info)):
        return None
    return _of(await _by_id(info, m.PriceList, pk), PriceList.from_row)


async def _terms_template(info: strawberry.Info, pk: int) -> Node | None:
    """buyerExperienceConfiguration.paymentTermsTemplate of a location the viewer sees."""
    locations = await info.context.loaders.by_id(m.CompanyLocation).load_many(await _role_locations(info))
    if not any(location and location.payment_terms_template_id == pk for location in locations):
        return None
    return _of(await _by_id(info, m.PaymentTermsTemplate, pk), PaymentTermsTemplate.from_row)


async def _shopping_list(info: strawberry.Info, pk: int) -> ShoppingList | None:
    """viewer.shoppingLists."""
    stmt = shopping_lists.visible(await info.context.viewer_roles()).where(m.ShoppingList.id == pk)
    return _of(await _one(info, stmt), ShoppingList.from_row)


async def _shopping_list_line(info: strawberry.Info, pk: int) -> Node | None:
    row = await _by_id(info, m.ShoppingListLine, pk)
    return ShoppingListLine.from_row(row) if row and await _shopping_list(info, row.list_id) else None


# -- orders and what the buyer asked for --


async def _order(info: strawberry.Info, pk: int) -> Node | None:
    """order(id:): its own, and every order of the locations where it may VIEW_ALL_ORDERS."""
    return await orders_r.order(info, ids.to_gid("Order", pk))


def _of_an_order(model: type, convert: Callable[[Any], Node]) -> Lookup:
    """A row of an order (a transaction, a fulfillment) when order(id:) answers its order."""

    async def lookup(info: strawberry.Info, pk: int) -> Node | None:
        row = await _by_id(info, model, pk)
        if row is None:
            return None
        async with info.context.db.reader() as session:
            order = await orders.find(session, info.context.customer_id, ids.to_gid("Order", row.order_id))
        return convert(row) if order else None

    return lookup


async def _return(info: strawberry.Info, pk: int) -> Node | None:
    """viewer.returns."""
    stmt = order_lists.viewer_returns(info.context.customer_id, await info.context.viewer_roles())
    return _of(await _one(info, stmt.where(m.Return.id == pk)), Return.from_row)


async def _draft_order(info: strawberry.Info, pk: int) -> Node | None:
    """viewer.draftOrders."""
    stmt = order_lists.viewer_draft_orders(info.context.customer_id).where(m.DraftOrder.id == pk)
    return _of(await _one(info, stmt), DraftOrder.from_row)


async def _approval_request(info: strawberry.Info, pk: int) -> Node | None:
    """viewer.approvalRequests and submittedApprovalRequests."""
    row = await _by_id(info, m.ApprovalRequest, pk)
    if row is None or not approvals.sees(info.context.customer_id, await info.context.viewer_roles(), row):
        return None
    return ApprovalRequest.from_row(row)


async def _quote(info: strawberry.Info, pk: int) -> Quote | None:
    """viewer.quotes."""
    async with info.context.db.reader() as session:
        row = await quotes.find(session, info.context.customer_id, ids.to_gid("Quote", pk))
    return _of(row, Quote.from_row)


async def _quote_line(info: strawberry.Info, pk: int) -> Node | None:
    row = await _by_id(info, m.QuoteLine, pk)
    quote = await _quote(info, row.quote_id) if row else None
    return QuoteLine.from_row(row, quote.row.currency) if quote else None


async def _cart_line(info: strawberry.Info, pk: int) -> Node | None:
    """A line of the viewer's cart (cart(id:)). Lines have plain ids, so an anonymous cart's lines,
    whose only key is the cart's token, are never answered by a line id."""
    row = await _by_id(info, m.CartLine, pk)
    cart_row = await _by_id(info, m.Cart, row.cart_id) if row else None
    cart = await carts_r.cart(info, carts.gid(cart_row)) if cart_row else None
    gid = ids.to_gid("CartLine", pk)
    return next((line for line in cart.lines if line.id == gid), None) if cart else None


CATALOG: dict[str, Lookup] = {
    "Product": _product,
    "ProductVariant": catalog_r.variant,
}

BUYER: dict[str, Lookup] = {
    "Customer": _customer,
    "CustomerAddress": _address,
    "CustomerGroup": _group,
    "PaymentMethod": _payment_method,
    "CompanyContact": _contact,
    "Company": _company,
    "CompanyLocation": _location,
    "CompanyContactRoleAssignment": _role_assignment,
    "CompanyRole": _company_role,
    "Catalog": _catalog,
    "PriceList": _price_list,
    "PaymentTermsTemplate": _terms_template,
    "ShoppingList": _shopping_list,
    "ShoppingListLine": _shopping_list_line,
    "Order": _order,
    "OrderTransaction": _of_an_order(m.Transaction, OrderTransaction.from_row),
    "Fulfillment": _of_an_order(m.Fulfillment, Fulfillment.from_row),
    "Return": _return,
    "DraftOrder": _draft_order,
    "ApprovalRequest": _approval_request,
    "Quote": _quote,
    "QuoteLine": _quote_line,
    "CartLine": _cart_line,
}
