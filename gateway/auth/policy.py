"""Who may see or do what: the API's access rules, in one place.

A caller is the merchant's staff (the Admin API, with a staff token) or a buyer on the Storefront
API (a customer, or anonymous). A buyer acts through its roles: {location id: role} over the
companies it is a contact of (viewer.location_roles), read on every request, so a role taken away
takes effect at once. Whatever a caller may not see answers exactly like something missing.

Schema types and resolvers ask these questions; they never compare ids or roles themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_

from gateway.db.models import Order

LOCATION_ADMIN = "LOCATION_ADMIN"  # of gateway/customers/contacts.py ROLES
# Staff roles, of staff accounts (the console) and staff tokens (scripts) alike: OWNER manages the
# staff, MANAGER runs the shop, VIEWER reads.
OWNER, MANAGER, VIEWER = STAFF_ROLES = ("OWNER", "MANAGER", "VIEWER")

Roles = Mapping[int, str]


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


def may_edit_location(role: str | None) -> bool:
    """Changing a location's addresses: its LOCATION_ADMIN only, never ORDERING_ONLY."""
    return role == LOCATION_ADMIN


def sees_order(customer_id: int, roles: Roles, order: Order) -> bool:
    """A buyer sees the orders it placed and every order of the locations it is LOCATION_ADMIN of."""
    return order.customer_id == customer_id or roles.get(order.location_id) == LOCATION_ADMIN


def visible_orders(customer_id: int, roles: Roles) -> ColumnElement[bool]:
    """sees_order as a WHERE clause on Order."""
    admin_of = [location for location, role in roles.items() if role == LOCATION_ADMIN]
    return or_(Order.customer_id == customer_id, Order.location_id.in_(admin_of))
