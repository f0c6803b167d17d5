"""node(id:) on the Admin API: every Node type of the Admin schema, by global id, through the lookup
of the Admin field that shows it (company(id:), Order.transactions, Customer.emails, ...). Staff of
every role read everything, so most are the row by id. Unknown, malformed or foreign ids answer null.

Payment methods and shopping lists (and their lines) are in the schema only as the Storefront
viewer's own lists (Customer.paymentMethods and shoppingLists, policy.is_viewer): the Admin API shows
them to nobody, so their ids answer null here too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from gateway.customers import customers
from gateway.customers import lists as customer_lists
from gateway.db import models as m
from gateway.platform import ids
from schema.catalog.types import Catalog, PriceList, Product, ProductVariant
from schema.customers.account_requests import AccountRequest
from schema.customers.addresses import CustomerAddress, CustomerEmail
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
from schema.orders.order import DraftOrder, Order, OrderTransaction
from schema.orders.returns import Fulfillment, Return
from schema.quotes import Quote, QuoteLine
from schema.relay import Node
from schema.webhooks import WebhookDelivery, WebhookSubscription

Lookup = Callable[[strawberry.Info, int], Awaitable[Node | None]]


async def admin_node(info: strawberry.Info, id: strawberry.ID) -> Node | None:
    parsed = ids.parse_gid(id)
    if parsed is None or parsed[0] not in ADMIN_NODES:
        return None
    return await ADMIN_NODES[parsed[0]](info, parsed[1])


def _row(model: type, convert: Callable[[Any], Node]) -> Lookup:
    """The row by id: what its Admin field (company(id:), Order.transactions, ...) shows staff."""

    async def lookup(info: strawberry.Info, pk: int) -> Node | None:
        row = await info.context.loaders.by_id(model).load(pk)
        return convert(row) if row is not None else None

    return lookup


async def _quote_line(info: strawberry.Info, pk: int) -> Node | None:
    """Quote.lines: priced in its quote's currency."""
    row = await info.context.loaders.by_id(m.QuoteLine).load(pk)
    quote = await info.context.loaders.by_id(m.Quote).load(row.quote_id) if row else None
    return QuoteLine.from_row(row, quote.currency) if quote else None


async def _customer_email(info: strawberry.Info, pk: int) -> Node | None:
    """Customer.emails: an email written to a customer's address (the outbox also holds webhooks
    and the merchant's own mail, which are no customer's email)."""
    message = await info.context.loaders.by_id(m.OutboxMessage).load(pk)
    if message is None:
        return None
    async with info.context.db.reader() as session:
        customer = await customers.by_email(session, message.recipient)
        if customer is None:
            return None
        emails, _recipient = customer_lists.customer_emails()  # by_email matched the recipient already
        row = await session.scalar(emails.where(m.OutboxMessage.id == pk))
    return CustomerEmail.from_row(row) if row is not None else None


async def _webhook_delivery(info: strawberry.Info, pk: int) -> Node | None:
    """WebhookSubscription.deliveries: an outbox message of a subscription."""
    row = await info.context.loaders.by_id(m.OutboxMessage).load(pk)
    return WebhookDelivery.from_row(row) if row is not None and row.webhook_subscription_id is not None else None


ADMIN_NODES: dict[str, Lookup] = {
    "Company": _row(m.Company, Company.from_row),
    "CompanyLocation": _row(m.CompanyLocation, CompanyLocation.from_row),
    "CompanyContact": _row(m.CompanyContact, CompanyContact.from_row),
    "CompanyContactRoleAssignment": _row(m.RoleAssignment, CompanyContactRoleAssignment.from_row),
    "CompanyRole": _row(m.CompanyRole, CompanyRole.from_row),
    "Customer": _row(m.Customer, Customer.from_row),
    "CustomerAddress": _row(m.CustomerAddress, CustomerAddress.from_row),
    "CustomerEmail": _customer_email,
    "CustomerGroup": _row(m.CustomerGroup, CustomerGroup.from_row),
    "PaymentTermsTemplate": _row(m.PaymentTermsTemplate, PaymentTermsTemplate.from_row),
    "AccountRequest": _row(m.AccountRequest, AccountRequest.from_row),
    "Product": _row(m.Product, Product.from_row),
    "ProductVariant": _row(m.ProductVariant, ProductVariant.from_row),
    "Catalog": _row(m.Catalog, Catalog.from_row),
    "PriceList": _row(m.PriceList, PriceList.from_row),
    "Order": _row(m.Order, Order.from_row),
    "OrderTransaction": _row(m.Transaction, OrderTransaction.from_row),
    "Fulfillment": _row(m.Fulfillment, Fulfillment.from_row),
    "Return": _row(m.Return, Return.from_row),
    "DraftOrder": _row(m.DraftOrder, DraftOrder.from_row),
    "ApprovalRequest": _row(m.ApprovalRequest, ApprovalRequest.from_row),
    "Quote": _row(m.Quote, Quote.from_row),
    "QuoteLine": _quote_line,
    "WebhookSubscription": _row(m.WebhookSubscription, WebhookSubscription.from_row),
    "WebhookDelivery": _webhook_delivery,
}
