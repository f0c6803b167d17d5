"""Checkout fixtures: Acme's buyer anna (tests/catalog/conftest.py) with a card, and helpers that set
the location's terms and the company's limits through the Admin API and check carts out."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from gateway.db.models import OutboxMessage
from tests.helpers import ERRORS, GraphQLClient


TAX_LINES = "taxLines { title rate amount { amount } }"
ORDER = f"""id name createdAt poNumber displayFinancialStatus location {{ id name }} cancelledAt
    subtotal {{ amount currencyCode }} total {{ amount }} totalPaid {{ amount }} totalOutstanding {{ amount }}
    shippingLine {{ title price {{ amount }} }} {TAX_LINES} totalTax {{ amount }} taxesIncluded taxNote
    lineItems {{ sku title quantity unitPrice {{ amount }} total {{ amount }} priceSource variant {{ id }} {TAX_LINES} }}"""
ORDER_TERMS = """
    paymentTerms { paymentTermsName paymentTermsType dueInDays overdue
      paymentSchedules { dueAt amount { amount } completedAt } }
    transactions { kind status amount { amount } }"""
ORDER = ORDER + ORDER_TERMS

DRAFT = f"""id status poNumber subtotal {{ amount }} location {{ id }} shippingLine {{ title price {{ amount }} }}
    {TAX_LINES} totalTax {{ amount }} taxesIncluded taxNote total {{ amount }}
    lineItems {{ sku quantity total {{ amount }} {TAX_LINES} }}"""

CHECKOUT = f"""mutation($cart: ID!, $method: ID, $key: String!) {{
    checkoutComplete(cartId: $cart, paymentMethodId: $method, idempotencyKey: $key) {{
      order {{ {ORDER} }} draftOrder {{ {DRAFT} }}
      amountCharged {{ amount currencyCode }} {ERRORS} }} }}"""

PAY = f"""mutation($order: ID!, $method: ID!, $amount: Decimal, $key: String!) {{
    orderPay(orderId: $order, paymentMethodId: $method, amount: $amount, idempotencyKey: $key) {{
      order {{ {ORDER} }} transaction {{ kind amount {{ amount }} }} {ERRORS} }} }}"""

ADD_METHOD = f"""mutation($token: String!) {{ paymentMethodAdd(token: $token) {{
    paymentMethod {{ id brand last4 }} {ERRORS} }} }}"""

READ_ORDER = f"query($id: ID!) {{ order(id: $id) {{ {ORDER} }} }}"

CART_CREATE = f"""mutation($input: CartInput!) {{ cartCreate(input: $input) {{
    cart {{ id subtotal {{ amount }} }} {ERRORS} }} }}"""

LOCATION_UPDATE = f"""mutation($id: ID!, $input: CompanyLocationInput!) {{
    companyLocationUpdate(companyLocationId: $id, input: $input) {{ {ERRORS} }} }}"""

COMPANY_UPDATE = f"""mutation($id: ID!, $input: CompanyInput!) {{
    companyUpdate(companyId: $id, input: $input) {{ {ERRORS} }} }}"""


def key() -> str:
    return uuid.uuid4().hex


async def add_card(buyer: GraphQLClient, token: str = "tok_visa") -> str:
    payload = (await buyer(ADD_METHOD, token=token))["paymentMethodAdd"]
    assert payload["userErrors"] == []
    return payload["paymentMethod"]["id"]


async def new_cart(buyer: GraphQLClient, variant: dict, quantity: int = 1, **extra: Any) -> str:
    lines = [{"variantId": variant["id"], "quantity": quantity}]
    payload = (await buyer(CART_CREATE, input={"lines": lines, **extra}))["cartCreate"]
    assert payload["userErrors"] == []
    return payload["cart"]["id"]


async def checkout(
    buyer: GraphQLClient, cart: str, method: str | None = None, idempotency_key: str | None = None
) -> dict:
    """checkoutComplete's payload; the order's (or draft's) totals are checked to add up."""
    payload = (await buyer(CHECKOUT, cart=cart, method=method, key=idempotency_key or key()))["checkoutComplete"]
    if payload["order"]:
        assert_consistent(payload["order"])
        assert Decimal(payload["amountCharged"]["amount"]) == Decimal(payload["order"]["totalPaid"]["amount"])
    if payload["draftOrder"]:
        assert_consistent(payload["draftOrder"])
    return payload


async def pay(
    buyer: GraphQLClient, order: str, method: str, amount: str | None = None, idempotency_key: str | None = None
) -> dict:
    payload = (await buyer(PAY, order=order, method=method, amount=amount, key=idempotency_key or key()))["orderPay"]
    if payload["order"]:
        assert_consistent(payload["order"])
    return payload


def _amount(money: dict | None) -> Decimal:
    return Decimal(money["amount"]) if money else Decimal(0)


def assert_consistent(order: dict) -> None:
    """The invariants of an order's (or draft's) money as the API shows it: subtotal = sum of the
    lines; total tax = sum of the tax lines, of which the lines' own tax is all but the shipping's;
    total = subtotal + shipping + tax (tax inside when taxesIncluded); paid + outstanding = total
    while not cancelled."""
    lines = order["lineItems"]
    subtotal, total, tax = _amount(order["subtotal"]), _amount(order["total"]), _amount(order["totalTax"])
    assert subtotal == sum(_amount(line["total"]) for line in lines), order
    assert tax == sum(_amount(t["amount"]) for t in order["taxLines"]), order
    line_tax = sum(_amount(t["amount"]) for line in lines for t in line["taxLines"])
    assert 0 <= tax - line_tax, order  # the rest is the shipping's tax
    shipping = _amount(order["shippingLine"]["price"]) if order["shippingLine"] else Decimal(0)
    if tax - line_tax:
        assert shipping > 0, order
    assert total == subtotal + shipping + (0 if order["taxesIncluded"] else tax), order
    if "totalPaid" in order and not order.get("cancelledAt"):
        assert _amount(order["totalPaid"]) + _amount(order["totalOutstanding"]) == total, order


async def set_terms(admin: GraphQLClient, location: str, terms: str | None, **config: Any) -> None:
    """Give the location the payment terms template named terms (None: pay now), plus config."""
    templates = (await admin("{ paymentTermsTemplates { id name } }"))["paymentTermsTemplates"]
    ids = {t["name"]: t["id"] for t in templates}
    config["paymentTermsTemplateId"] = ids[terms] if terms else None
    payload = (await admin(LOCATION_UPDATE, id=location, input={"buyerExperienceConfiguration": config}))
    assert payload["companyLocationUpdate"]["userErrors"] == []


async def set_company(admin: GraphQLClient, **values: Any) -> None:
    companies = (await admin("{ companies(first: 1) { nodes { id } } }"))["companies"]["nodes"]
    payload = await admin(COMPANY_UPDATE, id=companies[0]["id"], input=values)
    assert payload["companyUpdate"]["userErrors"] == []


async def mails_to(db, recipient: str) -> list[OutboxMessage]:  # noqa: ANN001
    async with db.reader() as session:
        stmt = select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)
        rows = await session.scalars(stmt)
        return list(rows.all())
