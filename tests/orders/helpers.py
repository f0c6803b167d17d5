"""Checkout fixtures: Acme's buyer anna (tests/catalog/conftest.py) with a card, and helpers that set
the location's terms and the company's limits through the Admin API and check carts out."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from gateway.db.models import OutboxMessage
from tests.helpers import ERRORS, GraphQLClient


ORDER = """id name createdAt poNumber displayFinancialStatus location { id name }
    subtotal { amount currencyCode } total { amount } totalPaid { amount } totalOutstanding { amount }
    lineItems { sku title quantity unitPrice { amount } total { amount } priceSource variant { id } }
    paymentTerms { paymentTermsName paymentTermsType dueInDays overdue
      paymentSchedules { dueAt amount { amount } completedAt } }
    transactions { kind status amount { amount } }"""

CHECKOUT = f"""mutation($cart: ID!, $method: ID, $key: String!) {{
    checkoutComplete(cartId: $cart, paymentMethodId: $method, idempotencyKey: $key) {{
      order {{ {ORDER} }} draftOrder {{ id status poNumber subtotal {{ amount }} location {{ id }}
        lineItems {{ sku quantity total {{ amount }} }} }}
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
    return (await buyer(CHECKOUT, cart=cart, method=method, key=idempotency_key or key()))["checkoutComplete"]


async def pay(
    buyer: GraphQLClient, order: str, method: str, amount: str | None = None, idempotency_key: str | None = None
) -> dict:
    return (await buyer(PAY, order=order, method=method, amount=amount, key=idempotency_key or key()))["orderPay"]


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
