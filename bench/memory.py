"""Strawberry alone: a schema of plain types whose resolvers return objects built beforehand.

Executing the benchmark's query against it measures what GraphQL execution itself costs, so
the gateway's own layers (HTTP, auth, SQL, pricing) show as a ratio to it rather than a guess.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry


@strawberry.type
class Money:
    amount: Decimal
    currency_code: str


@strawberry.type
class QuantityRule:
    minimum: int
    maximum: int | None
    increment: int


@strawberry.type
class QuantityPriceBreak:
    minimum_quantity: int
    price: Money


@strawberry.type
class PriceSource:
    catalog_id: strawberry.ID | None
    catalog_title: str | None
    rule: str


@strawberry.type
class ProductVariant:
    id: strawberry.ID
    sku: str
    title: str
    available_for_sale: bool
    price: Money | None
    quantity_rule: QuantityRule
    price_breaks: list[QuantityPriceBreak]
    price_source: PriceSource | None


@strawberry.type
class Product:
    id: strawberry.ID
    handle: str
    title: str
    variants: list[ProductVariant]


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge:
    cursor: str
    node: Product


@strawberry.type
class ProductConnection:
    edges: list[Edge]
    page_info: PageInfo


@strawberry.type
class CartLine:
    id: strawberry.ID
    quantity: int
    unit_price: Money | None
    total: Money | None
    variant: ProductVariant


@strawberry.type
class Cart:
    id: strawberry.ID
    checkout_mode: str
    subtotal: Money
    amount_due_now: Money
    lines: list[CartLine]


@strawberry.type
class UserError:
    field: list[str] | None
    code: str
    message: str


@strawberry.type
class CartPayload:
    cart: Cart | None
    user_errors: list[UserError]


@strawberry.input
class CartLineInput:
    variant_id: strawberry.ID
    quantity: int = 1


@strawberry.input
class CartInput:
    lines: list[CartLineInput]


def _money(data: dict | None) -> Money | None:
    return Money(amount=Decimal(data["amount"]), currency_code=data["currencyCode"]) if data else None


def _variant(v: dict) -> ProductVariant:
    rule, source = v.get("quantityRule"), v.get("priceSource")
    return ProductVariant(
        id=v["id"], sku=v.get("sku", ""), title=v.get("title", ""), available_for_sale=v.get("availableForSale", True),
        price=_money(v.get("price")),
        quantity_rule=QuantityRule(**rule) if rule else QuantityRule(minimum=1, maximum=None, increment=1),
        price_breaks=[QuantityPriceBreak(minimum_quantity=b["minimumQuantity"], price=_money(b["price"]))
                      for b in v.get("priceBreaks", [])],
        price_source=PriceSource(catalog_id=source["catalogId"], catalog_title=source["catalogTitle"],
                                 rule=source["rule"]) if source else None,
    )


def build(products: dict[str, Any], cart: dict[str, Any]) -> strawberry.Schema:
    """A schema answering the two benchmark operations with the objects of the real answers."""
    connection = ProductConnection(
        edges=[Edge(cursor=e["cursor"], node=Product(id=e["node"]["id"], handle=e["node"]["handle"],
                                                   title=e["node"]["title"],
                                                   variants=[_variant(v) for v in e["node"]["variants"]]))
               for e in products["edges"]],
        page_info=PageInfo(has_next_page=products["pageInfo"]["hasNextPage"],
                           end_cursor=products["pageInfo"]["endCursor"]),
    )
    payload = CartPayload(
        cart=Cart(
            id=cart["id"], checkout_mode=cart["checkoutMode"], subtotal=_money(cart["subtotal"]),
            amount_due_now=_money(cart["amountDueNow"]),
            lines=[CartLine(id=ln["id"], quantity=ln["quantity"], unit_price=_money(ln["unitPrice"]),
                            total=_money(ln["total"]), variant=_variant(ln["variant"])) for ln in cart["lines"]],
        ),
        user_errors=[],
    )

    @strawberry.type
    class Query:
        @strawberry.field
        async def products(self, first: int | None = None) -> ProductConnection:
            return connection

    @strawberry.type
    class Mutation:
        @strawberry.mutation
        async def cart_create(self, input: CartInput) -> CartPayload:
            return payload

    return strawberry.Schema(query=Query, mutation=Mutation)
