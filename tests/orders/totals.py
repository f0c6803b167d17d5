"""Admin API helpers for tax, shipping and stock, and the cart as the buyer reads its totals."""

from __future__ import annotations

from typing import Any

from tests.helpers import ERRORS, GraphQLClient
from tests.orders.helpers import LOCATION_UPDATE, TAX_LINES

SHOP_UPDATE = f"""mutation($input: ShopInput!) {{ shopUpdate(input: $input) {{
    shop {{ countryCode pricesIncludeTax }} {ERRORS} }} }}"""

TAX_RATE_SET = f"""mutation($country: String!, $rate: Decimal!, $title: String) {{
    taxRateSet(countryCode: $country, rate: $rate, title: $title) {{ taxRate {{ countryCode rate title }} {ERRORS} }} }}"""

DELIVERY_METHOD_CREATE = f"""mutation($input: DeliveryMethodInput!) {{ deliveryMethodCreate(input: $input) {{
    deliveryMethod {{ id title price {{ amount currencyCode }} countryCodes freeAbove {{ amount }} }} {ERRORS} }} }}"""

INVENTORY_SET = f"""mutation($id: ID!, $quantity: Int!, $policy: InventoryPolicy) {{
    inventorySet(variantId: $id, quantity: $quantity, policy: $policy) {{
      productVariant {{ id sku inventoryQuantity inventoryPolicy availableForSale }} {ERRORS} }} }}"""

CART_TOTALS = f"""id subtotal {{ amount }} {TAX_LINES} totalTax {{ amount }} taxesIncluded taxNote total {{ amount }}
    amountDueNow {{ amount }} deliveryMethods {{ id title price {{ amount }} }} deliveryMethod {{ id title price {{ amount }} }}"""

READ_CART = f"query($id: ID!) {{ cart(id: $id) {{ {CART_TOTALS} }} }}"

SELECT_DELIVERY = f"""mutation($cart: ID!, $method: ID!) {{
    cartSelectDeliveryMethod(cartId: $cart, deliveryMethodId: $method) {{ cart {{ {CART_TOTALS} }} {ERRORS} }} }}"""


def address(country: str) -> dict[str, str]:
    return {"address1": "Main Street 1", "city": "Town", "countryCode": country}


async def shop_update(admin: GraphQLClient, **values: Any) -> None:
    payload = (await admin(SHOP_UPDATE, input=values))["shopUpdate"]
    assert payload["userErrors"] == []


async def tax_rate(admin: GraphQLClient, country: str, rate: str, title: str | None = None) -> None:
    payload = (await admin(TAX_RATE_SET, country=country, rate=rate, title=title))["taxRateSet"]
    assert payload["userErrors"] == []


async def locate(admin: GraphQLClient, location: str, country: str, **values: Any) -> None:
    """Ship the location to country (and set values, such as taxId or taxExempt)."""
    payload = await admin(LOCATION_UPDATE, id=location, input={"shippingAddress": address(country), **values})
    assert payload["companyLocationUpdate"]["userErrors"] == []


async def delivery_method(admin: GraphQLClient, title: str, price: str, *countries: str, free_above: str | None = None) -> str:
    data = {"title": title, "price": price, "countryCodes": list(countries), "freeAbove": free_above}
    payload = (await admin(DELIVERY_METHOD_CREATE, input=data))["deliveryMethodCreate"]
    assert payload["userErrors"] == []
    return payload["deliveryMethod"]["id"]


async def inventory(admin: GraphQLClient, variant: str, quantity: int, policy: str | None = "DENY") -> dict:
    payload = (await admin(INVENTORY_SET, id=variant, quantity=quantity, policy=policy))["inventorySet"]
    assert payload["userErrors"] == []
    return payload["productVariant"]


async def read_cart(buyer: GraphQLClient, cart: str) -> dict:
    return (await buyer(READ_CART, id=cart))["cart"]


async def select_delivery(buyer: GraphQLClient, cart: str, method: str) -> dict:
    return (await buyer(SELECT_DELIVERY, cart=cart, method=method))["cartSelectDeliveryMethod"]
