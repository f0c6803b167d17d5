"""node(id:): any object by its global id. Unknown, malformed or foreign ids answer null."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from gateway.db import models as m
from gateway.platform import ids
from schema.catalog.types import Catalog, PriceList, Product, ProductVariant
from schema.customers.account_requests import AccountRequest
from schema.customers.groups import CustomerGroup
from schema.customers.register import (
    Company,
    CompanyContact,
    CompanyContactRoleAssignment,
    CompanyLocation,
    Customer,
    PaymentTermsTemplate,
)
from schema.customers.roles import CompanyRole
from schema.orders.approvals import ApprovalRequest
from schema.orders.order import DraftOrder, Order
from schema.orders.returns import Return
from schema.quotes import Quote
from schema.relay import Node
from schema.webhooks import WebhookSubscription

ADMIN_NODES: dict[str, tuple[type, Callable[[Any], Node]]] = {
    "Company": (m.Company, Company.from_row),
    "CompanyLocation": (m.CompanyLocation, CompanyLocation.from_row),
    "CompanyContact": (m.CompanyContact, CompanyContact.from_row),
    "CompanyContactRoleAssignment": (m.RoleAssignment, CompanyContactRoleAssignment.from_row),
    "Customer": (m.Customer, Customer.from_row),
    "PaymentTermsTemplate": (m.PaymentTermsTemplate, PaymentTermsTemplate.from_row),
    "Product": (m.Product, Product.from_row),
    "ProductVariant": (m.ProductVariant, ProductVariant.from_row),
    "Catalog": (m.Catalog, Catalog.from_row),
    "PriceList": (m.PriceList, PriceList.from_row),
    "Order": (m.Order, Order.from_row),
    "DraftOrder": (m.DraftOrder, DraftOrder.from_row),
    "Return": (m.Return, Return.from_row),

    "WebhookSubscription": (m.WebhookSubscription, WebhookSubscription.from_row),
    "AccountRequest": (m.AccountRequest, AccountRequest.from_row),
    "CompanyRole": (m.CompanyRole, CompanyRole.from_row),
    "ApprovalRequest": (m.ApprovalRequest, ApprovalRequest.from_row),
    "Quote": (m.Quote, Quote.from_row),
    "CustomerGroup": (m.CustomerGroup, CustomerGroup.from_row),
}


async def admin_node(info: strawberry.Info, id: strawberry.ID) -> Node | None:
    parsed = ids.parse_gid(id)
    if parsed is None or parsed[0] not in ADMIN_NODES:
        return None
    model, convert = ADMIN_NODES[parsed[0]]
    row = await info.context.loaders.by_id(model).load(parsed[1])
    return convert(row) if row is not None else None
