"""The Admin API schema (/admin/graphql): the merchant's register, catalogs and settings."""

from __future__ import annotations

from collections.abc import AsyncIterator

import strawberry
from graphql import GraphQLError, OperationDefinitionNode, get_operation_ast
from strawberry.extensions import SchemaExtension

from gateway.auth import policy

from gateway.platform.settings import Settings
from resolvers import nodes as nodes_r
from resolvers import quotes as quotes_r
from resolvers import shop as shop_r
from resolvers import webhooks as webhooks_r
from resolvers.auth import login as auth_r
from resolvers.auth import staff as staff_r
from resolvers.catalog import admin as catalog_r
from resolvers.customers import account_requests as account_requests_r
from resolvers.customers import groups as groups_r
from resolvers.customers import importer as transfer_r
from resolvers.customers import register as register_r
from resolvers.orders import approvals as approvals_r
from resolvers.orders import orders as orders_r
from resolvers.orders import returns as returns_r
from resolvers.orders import totals as totals_r
from schema.build import build_schema, root_fields
from schema.catalog.types import Catalog, PriceList, Product, ProductVariant
from schema.customers.account_requests import AccountRequest
from schema.customers.roles import CompanyRole
from schema.orders.approvals import ApprovalRequest
from schema.quotes import Quote
from schema.customers.groups import CustomerGroup
from schema.customers.register import (
    Company,
    CompanyContact,
    CompanyContactRoleAssignment,
    CompanyLocation,
    Customer,
    PaymentTermsTemplate,
)
from schema.errors import ERROR_CODES
from schema.orders.order import DraftOrder, Order
from schema.orders.returns import Return
from schema.webhooks import WebhookSubscription


@strawberry.type
class Query:
    shop = strawberry.field(resolver=shop_r.shop)
    customer_number_series = strawberry.field(resolver=shop_r.customer_number_series)
    payment_terms_templates = strawberry.field(resolver=shop_r.payment_terms_templates)
    companies = strawberry.field(resolver=register_r.companies_query)
    company = strawberry.field(resolver=register_r.company)
    customers = strawberry.field(resolver=register_r.customers_query)
    company_roles = strawberry.field(resolver=register_r.company_roles_query)
    customer = strawberry.field(resolver=register_r.customer)
    products = strawberry.field(resolver=catalog_r.products_query)
    catalogs = strawberry.field(resolver=catalog_r.catalogs_query)
    node = strawberry.field(resolver=nodes_r.admin_node)
    # -- checkout and orders --
    orders = strawberry.field(resolver=orders_r.admin_orders)
    draft_orders = strawberry.field(resolver=orders_r.admin_draft_orders)
    draft_order = strawberry.field(resolver=orders_r.admin_draft_order)
    approval_requests = strawberry.field(resolver=approvals_r.admin_approval_requests)
    quotes = strawberry.field(resolver=quotes_r.admin_quotes)
    # -- fulfillments and returns --
    returns = strawberry.field(resolver=returns_r.admin_returns)
    # -- tax and shipping --
    delivery_methods = strawberry.field(resolver=totals_r.delivery_methods)
    tax_rates = strawberry.field(resolver=totals_r.tax_rates)

    # -- webhooks --
    webhook_subscriptions = strawberry.field(resolver=webhooks_r.webhook_subscriptions)
    webhook_subscription = strawberry.field(resolver=webhooks_r.webhook_subscription)
    # -- account requests --
    account_requests = strawberry.field(resolver=account_requests_r.account_requests_query)
    account_request = strawberry.field(resolver=account_requests_r.account_request)

    # -- register import and export --
    register_export = strawberry.field(resolver=transfer_r.register_export)
    customers_export = strawberry.field(resolver=transfer_r.customers_export)
    # -- customer groups --
    customer_groups = strawberry.field(resolver=groups_r.customer_groups_query)
    customer_group = strawberry.field(resolver=groups_r.customer_group)

    # -- staff --
    staff_members = strawberry.field(resolver=staff_r.staff_members)


@strawberry.type
class Mutation:
    company_create = strawberry.mutation(resolver=register_r.company_create)
    company_update = strawberry.mutation(resolver=register_r.company_update)
    company_delete = strawberry.mutation(resolver=register_r.company_delete)
    company_assign_main_contact = strawberry.mutation(resolver=register_r.company_assign_main_contact)
    company_location_create = strawberry.mutation(resolver=register_r.company_location_create)
    company_location_update = strawberry.mutation(resolver=register_r.company_location_update)
    company_location_delete = strawberry.mutation(resolver=register_r.company_location_delete)
    company_contact_create = strawberry.mutation(resolver=register_r.company_contact_create)
    company_contact_update = strawberry.mutation(resolver=register_r.company_contact_update)
    company_contact_delete = strawberry.mutation(resolver=register_r.company_contact_delete)
    company_contact_assign_role = strawberry.mutation(resolver=register_r.company_contact_assign_role)
    company_contact_revoke_role = strawberry.mutation(resolver=register_r.company_contact_revoke_role)
    company_role_create = strawberry.mutation(resolver=register_r.company_role_create)
    company_role_update = strawberry.mutation(resolver=register_r.company_role_update)
    customer_update = strawberry.mutation(resolver=register_r.customer_update)
    customer_create = strawberry.mutation(resolver=register_r.customer_create)
    customer_delete = strawberry.mutation(resolver=register_r.customer_delete)
    customer_invite = strawberry.mutation(resolver=auth_r.customer_invite)
    product_create = strawberry.mutation(resolver=catalog_r.product_create)
    product_update = strawberry.mutation(resolver=catalog_r.product_update)
    product_delete = strawberry.mutation(resolver=catalog_r.product_delete)
    product_variant_delete = strawberry.mutation(resolver=catalog_r.product_variant_delete)
    catalog_create = strawberry.mutation(resolver=catalog_r.catalog_create)
    catalog_update = strawberry.mutation(resolver=catalog_r.catalog_update)
    catalog_delete = strawberry.mutation(resolver=catalog_r.catalog_delete)
    catalog_context_update = strawberry.mutation(resolver=catalog_r.catalog_context_update)
    price_list_fixed_prices_add = strawberry.mutation(resolver=catalog_r.price_list_fixed_prices_add)
    price_list_fixed_prices_delete = strawberry.mutation(resolver=catalog_r.price_list_fixed_prices_delete)
    inventory_set = strawberry.mutation(resolver=catalog_r.inventory_set)
    shop_update = strawberry.mutation(resolver=shop_r.shop_update)
    # -- checkout and orders --
    draft_order_complete = strawberry.mutation(resolver=orders_r.draft_order_complete)
    order_mark_as_paid = strawberry.mutation(resolver=orders_r.order_mark_as_paid)
    order_cancel = strawberry.mutation(resolver=orders_r.order_cancel)
    order_refund = strawberry.mutation(resolver=orders_r.order_refund)
    draft_order_invoice_send = strawberry.mutation(resolver=orders_r.draft_order_invoice_send)
    draft_order_delete = strawberry.mutation(resolver=orders_r.draft_order_delete)
    draft_order_update = strawberry.mutation(resolver=orders_r.draft_order_update)
    # -- tax and shipping --
    delivery_method_create = strawberry.mutation(resolver=totals_r.delivery_method_create)
    delivery_method_delete = strawberry.mutation(resolver=totals_r.delivery_method_delete)
    tax_rate_set = strawberry.mutation(resolver=totals_r.tax_rate_set)
    # -- quotes --
    quote_update = strawberry.mutation(resolver=quotes_r.quote_update)
    quote_send = strawberry.mutation(resolver=quotes_r.quote_send)
    # -- fulfillments and returns --
    order_fulfill = strawberry.mutation(resolver=returns_r.order_fulfill)
    return_approve = strawberry.mutation(resolver=returns_r.return_approve)
    return_decline = strawberry.mutation(resolver=returns_r.return_decline)
    return_close = strawberry.mutation(resolver=returns_r.return_close)

    # -- webhooks --
    webhook_subscription_create = strawberry.mutation(resolver=webhooks_r.webhook_subscription_create)
    webhook_subscription_delete = strawberry.mutation(resolver=webhooks_r.webhook_subscription_delete)
    # -- account requests --
    account_request_approve = strawberry.mutation(resolver=account_requests_r.account_request_approve)
    account_request_decline = strawberry.mutation(resolver=account_requests_r.account_request_decline)

    # -- register import and export --
    register_import = strawberry.mutation(resolver=transfer_r.register_import)
    # -- customer groups and direct customers --
    customer_group_create = strawberry.mutation(resolver=groups_r.customer_group_create)
    customer_group_update = strawberry.mutation(resolver=groups_r.customer_group_update)
    customer_group_delete = strawberry.mutation(resolver=groups_r.customer_group_delete)
    customer_group_add_customers = strawberry.mutation(resolver=groups_r.customer_group_add_customers)
    customer_group_remove_customers = strawberry.mutation(resolver=groups_r.customer_group_remove_customers)

    # -- staff (OWNER only: STAFF_MUTATIONS) --
    staff_member_create = strawberry.mutation(resolver=staff_r.staff_member_create)
    staff_member_update = strawberry.mutation(resolver=staff_r.staff_member_update)


# Types reachable only through node(id:) must be named so the schema knows them.
NODE_TYPES = [
    Company, CompanyLocation, CompanyContact, CompanyContactRoleAssignment, Customer, PaymentTermsTemplate,
    Product, ProductVariant, Catalog, PriceList, Order, DraftOrder,
    Return,

    WebhookSubscription, AccountRequest,
    CompanyRole, ApprovalRequest, Quote,
    CustomerGroup,
]


class StaffRoles(SchemaExtension):
    """The one check of staff roles (gateway/auth/policy.py), for every Admin API caller (a token,
    a console session, a console page run in-process): a VIEWER runs no mutation, only an OWNER
    the STAFF_MUTATIONS. Refused as a document that does not validate, before anything runs."""

    async def on_validate(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        if not ctx.pre_execution_errors:  # the document validated (a new list: the cache keeps that one)
            operation = get_operation_ast(ctx.graphql_document, ctx._provided_operation_name)
            if problem := refusal(ctx.context.caller, ctx.graphql_document, operation):
                ctx.pre_execution_errors = [GraphQLError(problem, extensions={"code": "FORBIDDEN"})]
        yield


def refusal(caller: policy.Caller, document, operation: OperationDefinitionNode | None) -> str | None:  # noqa: ANN001
    if operation is None or operation.operation.value != "mutation":
        return None
    if not policy.may_change_shop(caller):
        return f"A {caller.staff_role} reads only: it may not run mutations."
    fields = root_fields(document, operation)
    if fields & STAFF_MUTATIONS and not policy.may_manage_staff(caller):
        return "Only an OWNER manages staff accounts."
    return None


STAFF_MUTATIONS = frozenset({"staffMemberCreate", "staffMemberUpdate"})


def build(settings: Settings) -> strawberry.Schema:
    return build_schema(settings, Query, Mutation, [*NODE_TYPES, *ERROR_CODES], own_extensions=(StaffRoles,))
