"""The Storefront API schema (/graphql): what buyers and storefront apps call.

Sections belong to features: keep each feature's fields together.
"""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from gateway.settings import Settings
from resolvers import shop as shop_r
from schema.hardening import extensions


@strawberry.type
class Query:
    shop = strawberry.field(resolver=shop_r.shop)
    # -- login and viewer --
    # -- catalog and carts --


@strawberry.type
class Mutation:
    # -- login and viewer --
    # -- catalog and carts --
    pass


def build(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        extensions=extensions(settings),
        config=StrawberryConfig(disable_field_suggestions=settings.is_production),
    )
