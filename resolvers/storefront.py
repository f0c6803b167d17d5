"""The Storefront API schema (/graphql): what buyers and storefront apps call. The root fields are
attached to their resolvers here; every type they answer with is in schema/.

Sections belong to features: keep each feature's fields together.
"""

from __future__ import annotations

import strawberry

from gateway.platform.settings import Settings
from resolvers import payments as payments_r
from resolvers import quotes as quotes_r
from resolvers import shop as shop_r
from resolvers import storefront_nodes as nodes_r
from resolvers.account import colleagues as colleagues_r
from resolvers.account import deletion as deletion_r
from resolvers.account import profile as account_r
from resolvers.auth import login as auth_r
from resolvers.auth import viewer as viewer_r
from resolvers.catalog import storefront as catalog_r
from resolvers.customers import account_requests as account_requests_r
from resolvers.customers import addresses as addresses_r
from resolvers.orders import approvals as approvals_r
from resolvers.orders import carts as carts_r
from resolvers.orders import checkout as checkout_r
from resolvers.orders import orders as orders_r
from resolvers.orders import quick_order as quick_order_r
from resolvers.orders import returns as returns_r
from schema.build import build_schema
from schema.catalog.response_cache import CachedCatalogAnswers
from schema.errors import ERROR_CODES


@strawberry.type
class Query:
    shop = strawberry.field(resolver=shop_r.shop)
    # -- login and viewer --
    viewer = strawberry.field(resolver=viewer_r.viewer)
    # -- catalog and carts --
    products = strawberry.field(resolver=catalog_r.products)
    product = strawberry.field(resolver=catalog_r.product)
    cart = strawberry.field(resolver=carts_r.cart)
    node = strawberry.field(resolver=nodes_r.storefront_node)
    # -- checkout and orders --
    order = strawberry.field(resolver=orders_r.order)


@strawberry.type
class Mutation:
    # -- login and viewer --
    request_login_code = strawberry.mutation(resolver=auth_r.request_login_code)
    verify_login_code = strawberry.mutation(resolver=auth_r.verify_login_code)
    logout = strawberry.mutation(resolver=auth_r.logout)
    select_location = strawberry.mutation(resolver=viewer_r.select_location)
    # -- catalog and carts --
    cart_create = strawberry.mutation(resolver=carts_r.cart_create)
    cart_lines_add = strawberry.mutation(resolver=carts_r.cart_lines_add)
    cart_lines_update = strawberry.mutation(resolver=carts_r.cart_lines_update)
    cart_lines_remove = strawberry.mutation(resolver=carts_r.cart_lines_remove)
    cart_update = strawberry.mutation(resolver=carts_r.cart_update)
    cart_select_delivery_method = strawberry.mutation(resolver=carts_r.cart_select_delivery_method)
    cart_buyer_identity_update = strawberry.mutation(resolver=carts_r.cart_buyer_identity_update)
    # -- checkout and orders --
    checkout_complete = strawberry.mutation(resolver=checkout_r.checkout_complete)
    order_pay = strawberry.mutation(resolver=orders_r.order_pay)
    order_reorder = strawberry.mutation(resolver=orders_r.order_reorder)
    draft_order_pay = strawberry.mutation(resolver=orders_r.draft_order_pay)
    orders_pay = strawberry.mutation(resolver=orders_r.orders_pay)
    # -- buyer governance: approvals over a spending limit, colleagues --
    approval_request_approve = strawberry.mutation(resolver=approvals_r.approval_request_approve)
    approval_request_decline = strawberry.mutation(resolver=approvals_r.approval_request_decline)
    approval_request_to_cart = strawberry.mutation(resolver=approvals_r.approval_request_to_cart)
    company_location_contact_invite = strawberry.mutation(resolver=colleagues_r.company_location_contact_invite)
    company_location_contact_remove = strawberry.mutation(resolver=colleagues_r.company_location_contact_remove)
    # -- quotes --
    quote_request_create = strawberry.mutation(resolver=quotes_r.quote_request_create)
    quote_accept = strawberry.mutation(resolver=quotes_r.quote_accept)
    quote_decline = strawberry.mutation(resolver=quotes_r.quote_decline)
    # -- quick order and shopping lists --
    cart_lines_add_from_csv = strawberry.mutation(resolver=quick_order_r.cart_lines_add_from_csv)
    shopping_list_create = strawberry.mutation(resolver=quick_order_r.shopping_list_create)
    shopping_list_update = strawberry.mutation(resolver=quick_order_r.shopping_list_update)
    shopping_list_delete = strawberry.mutation(resolver=quick_order_r.shopping_list_delete)
    shopping_list_lines_add = strawberry.mutation(resolver=quick_order_r.shopping_list_lines_add)
    shopping_list_lines_remove = strawberry.mutation(resolver=quick_order_r.shopping_list_lines_remove)
    shopping_list_to_cart = strawberry.mutation(resolver=quick_order_r.shopping_list_to_cart)
    # -- payment methods --
    payment_method_add = strawberry.mutation(resolver=payments_r.payment_method_add)
    payment_method_setup_create = strawberry.mutation(resolver=payments_r.payment_method_setup_create)
    payment_method_remove = strawberry.mutation(resolver=payments_r.payment_method_remove)
    payment_method_set_default = strawberry.mutation(resolver=payments_r.payment_method_set_default)
    # -- the buyer's account --
    customer_update = strawberry.mutation(resolver=account_r.customer_update)
    company_location_update_address = strawberry.mutation(resolver=account_r.company_location_update_address)
    customer_delete = strawberry.mutation(resolver=deletion_r.customer_delete)
    customer_address_create = strawberry.mutation(resolver=addresses_r.customer_address_create)
    customer_address_update = strawberry.mutation(resolver=addresses_r.customer_address_update)
    customer_address_delete = strawberry.mutation(resolver=addresses_r.customer_address_delete)
    # -- returns --
    order_request_return = strawberry.mutation(resolver=returns_r.order_request_return)
    # -- account requests --
    company_account_request = strawberry.mutation(resolver=account_requests_r.company_account_request)


def build(settings: Settings) -> strawberry.Schema:
    return build_schema(settings, Query, Mutation, ERROR_CODES, public=True, own_extensions=(CachedCatalogAnswers,))
