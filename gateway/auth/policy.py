"""Who may see or do what: the API's access rules, in one place.

A caller is the merchant's staff (the Admin API, with a staff token) or a buyer on the Storefront
API (a customer, or anonymous). A buyer acts through its roles: {location id: Grant} over the
companies it is a contact of (viewer.location_roles), read on every request, so a role taken away
takes effect at once. A Grant carries its role's permissions (gateway/customers/roles.py): every
question here asks for a permission, never for a role's name. Whatever a caller may not see
answers exactly like something missing.

Schema types and resolvers ask these questions; they never compare ids or roles themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_

from gateway.auth.viewer import Grant
from gateway.customers.roles import (
    APPROVE_ORDERS,
    EDIT_ADDRESSES,
    MANAGE_CONTACTS,
    PAY_INVOICES,
    PLACE_ORDERS,
    VIEW_ALL_ORDERS,
)
from gateway.db.models import Order

# Staff roles, of staff accounts (the console) and staff tokens (scripts) alike: OWNER manages the
# staff, MANAGER runs the shop, VIEWER reads.
OWNER, MANAGER, VIEWER = STAFF_ROLES = ("OWNER", "MANAGER", "VIEWER")

Roles = Mapping[int, Grant]


@dataclass(frozen=True)
class Caller:
    staff: bool = False
    customer_id: int | None = None  # the logged-in buyer; None for staff and anonymous visitors
    staff_role: str | None = None  # OWNER | MANAGER | VIEWER for staff


def may_change_shop(caller: Caller) -> bool:
    """Any Admin API mutation: OWNER and MANAGER; a VIEWER (person or read-only token) only reads."""
    return caller.staff and caller.staff_role in (OWNER, MANAGER)


def may_manage_staff(caller: Caller) -> bool:
    """Staff accounts and their roles: the OWNER only."""
    return caller.staff and caller.staff_role == OWNER


def is_viewer(caller: Caller, customer_id: int) -> bool:
    """The buyer asks about itself: the viewer's own lists (locations, orders, payment methods)."""
    return not caller.staff and caller.customer_id is not None and caller.customer_id == customer_id


def sees_customer_details(caller: Caller, customer_id: int, *, own: bool = False) -> bool:
    """A customer's phone, status, last login and contacts: for staff and for the customer itself
    (own: it has just proven who it is, as verifyLoginCode answers). A colleague on the storefront
    sees only the name and email."""
    return own or caller.staff or is_viewer(caller, customer_id)


def sees_location(caller: Caller, roles: Roles, location_id: int) -> bool:
    """Staff see every location; a buyer the ones it has a role on."""
    return caller.staff or location_id in roles


def sees_merchant_records(caller: Caller) -> bool:
    """The merchant's records: a company's every location, contact and order, what an account
    request was linked to. Staff only; a buyer sees its own slice through the viewer."""
    return caller.staff


def _may(roles: Roles, location_id: int | None, permission: str) -> bool:
    grant = roles.get(location_id) if location_id is not None else None
    return grant is not None and grant.may(permission)


def may_edit_location(roles: Roles, location_id: int) -> bool:
    """Changing a location's addresses: EDIT_ADDRESSES (LOCATION_ADMIN has it, ORDERING_ONLY not)."""
    return _may(roles, location_id, EDIT_ADDRESSES)


def may_place_orders(roles: Roles, location_id: int | None) -> bool:
    """Checking out, asking for a quote or accepting one for a location: PLACE_ORDERS there. A
    direct customer (no location) always may."""
    return location_id is None or _may(roles, location_id, PLACE_ORDERS)


def may_pay(customer_id: int, roles: Roles, order_customer_id: int | None, location_id: int | None) -> bool:
    """Paying what an order (or invoiced draft) owes: PAY_INVOICES at its location. A buyer that
    no longer has a role there still pays the orders it placed itself; a direct customer its own."""
    if location_id is None or location_id not in roles:
        return order_customer_id == customer_id
    return _may(roles, location_id, PAY_INVOICES)


def may_approve(roles: Roles, location_id: int) -> bool:
    """Approving or declining colleagues' checkouts over their spending limit: APPROVE_ORDERS."""
    return _may(roles, location_id, APPROVE_ORDERS)


def may_manage_contacts(roles: Roles, location_id: int) -> bool:
    """Inviting colleagues to the location and taking their role there away: MANAGE_CONTACTS."""
    return _may(roles, location_id, MANAGE_CONTACTS)


def sees_order(customer_id: int, roles: Roles, order: Order) -> bool:
    """A buyer sees the orders it placed and every order of the locations where it may VIEW_ALL_ORDERS."""
    return order.customer_id == customer_id or _may(roles, order.location_id, VIEW_ALL_ORDERS)


def visible_orders(customer_id: int, roles: Roles) -> ColumnElement[bool]:
    """sees_order as a WHERE clause on Order."""
    all_of = [location for location, grant in roles.items() if grant.may(VIEW_ALL_ORDERS)]
    return or_(Order.customer_id == customer_id, Order.location_id.in_(all_of))
