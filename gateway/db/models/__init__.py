"""All models, imported so Base.metadata knows every table."""

from gateway.db.models.account_requests import AccountRequest
from gateway.db.models.auth import (
    CustomerSession,
    LoginBudget,
    LoginCode,
    StaffMember,
    StaffSession,
    StaffToken,
    StorefrontToken,
)
from gateway.db.models.base import Base
from gateway.db.models.carts import Cart, CartLine
from gateway.db.models.catalog import (
    Catalog,
    PriceList,
    PriceListPrice,
    Product,
    ProductVariant,
    QuantityPriceBreak,
    QuantityRule,
    catalog_customer_groups,
    catalog_locations,
    catalog_products,
)
from gateway.db.models.companies import Company, CompanyLocation, IssuedCustomerNumber
from gateway.db.models.customers import (
    CompanyContact,
    Customer,
    CustomerAddress,
    CustomerGroup,
    RoleAssignment,
    customer_group_members,
)
from gateway.db.models.governance import (
    ApprovalRequest,
    CompanyRole,
    Quote,
    QuoteLine,
    ShoppingList,
    ShoppingListLine,
)
from gateway.db.models.mail import OutboxMessage
from gateway.db.models.orders import (
    DraftOrder,
    DraftOrderLine,
    IdempotencyKey,
    Order,
    OrderLine,
    PaymentCustomer,
    PaymentEvent,
    PaymentMethod,
    PaymentSchedule,
    Transaction,
)
from gateway.db.models.persisted_queries import PersistedQuery
from gateway.db.models.returns import Fulfillment, FulfillmentLine, Return, ReturnLine
from gateway.db.models.shop import PaymentTermsTemplate, ShopSettings
from gateway.db.models.totals import DeliveryMethod, TaxRate
from gateway.db.models.webhooks import WebhookSubscription

__all__ = [
    "Base", "Cart", "CartLine", "Catalog", "Company", "CompanyContact", "CompanyLocation",
    "Customer", "CustomerSession", "LoginCode", "OutboxMessage", "PaymentTermsTemplate",
    "PersistedQuery", "PriceList", "PriceListPrice", "Product", "ProductVariant", "QuantityPriceBreak",
    "QuantityRule", "RoleAssignment", "ShopSettings", "StaffMember", "StaffSession", "StaffToken", "catalog_locations",
    "catalog_products",
    # checkout and orders
    "DraftOrder", "DraftOrderLine", "IdempotencyKey", "Order", "OrderLine", "PaymentCustomer", "PaymentEvent",
    "PaymentMethod", "PaymentSchedule", "Transaction",
    # fulfillments and returns
    "Fulfillment", "FulfillmentLine", "Return", "ReturnLine",

    # webhooks and account requests
    "AccountRequest", "WebhookSubscription",
    # customer numbers never reused
    "IssuedCustomerNumber",
    # the login budget and server-side storefronts
    "LoginBudget", "StorefrontToken",
    # tax, shipping
    "DeliveryMethod", "TaxRate",
    # buyer governance and quotes
    "ApprovalRequest", "CompanyRole", "Quote", "QuoteLine", "ShoppingList", "ShoppingListLine",
    # customer groups and direct customers
    "CustomerAddress", "CustomerGroup", "catalog_customer_groups", "customer_group_members",
]
