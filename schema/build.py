"""Schema extensions that every Schema gets: limits, caches and error masking."""

from __future__ import annotations

import strawberry
from graphql import FieldNode, GraphQLError, ValidationRule
from strawberry.schema.config import StrawberryConfig
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from gateway.platform.errors import DomainError
from gateway.platform.settings import Settings

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 5000
MASKED_MESSAGE = "Internal error. Quote the X-Request-ID response header to support."
LOGIN_MUTATIONS = frozenset({"requestLoginCode", "verifyLoginCode"})


class OneLoginMutation(ValidationRule):
    """At most one login mutation per document, so aliases cannot multiply code guesses or
    code requests. Counted over the whole document, fragments included."""

    def __init__(self, context) -> None:  # noqa: ANN001
        super().__init__(context)
        self.seen = 0

    def enter_field(self, node: FieldNode, *_args) -> None:  # noqa: ANN002
        if node.name.value in LOGIN_MUTATIONS:
            self.seen += 1
            if self.seen == 2:
                self.report_error(GraphQLError("A document may hold at most one login mutation.", node))


def should_mask(error: GraphQLError) -> bool:
    """Mask errors the user did not cause; keep validation errors and our ClientErrors."""
    original = error.original_error
    if original is None:
        return False  # parse and validation errors: about the query, safe to show
    if isinstance(original, (DomainError, GraphQLError)):
        return False
    return True


# The limits' rule classes, built once: strawberry's limiters create a new class per instance, and
# ValidationCache keys on (schema, document, rules), so per-request classes would never hit the cache.
LIMIT_RULES = (
    OneLoginMutation,
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)
NO_INTROSPECTION_RULES = tuple(DisableIntrospection().validation_rules)


def extensions(settings: Settings) -> list:
    """Factories, so each request gets fresh extension instances (the caches and rule classes are shared)."""
    rules = LIMIT_RULES if settings.introspection else LIMIT_RULES + NO_INTROSPECTION_RULES
    return [
        lambda: ParserCache(maxsize=1000),
        lambda: ValidationCache(maxsize=1000),
        lambda: AddValidationRules(list(rules)),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaskErrors(should_mask_error=should_mask, error_message=MASKED_MESSAGE),
    ]


# Field metadata of staff-only fields (a company's note, its stats): absent from a public schema.
STAFF_ONLY = {"staff_only": True}


class PublicSchema(strawberry.Schema):
    """A schema without the fields marked STAFF_ONLY: the Storefront API cannot even name them."""

    def get_fields(self, type_definition):  # noqa: ANN001, ANN201
        return [f for f in super().get_fields(type_definition) if not f.metadata.get("staff_only")]


def build_schema(
    settings: Settings, query: type, mutation: type, types: list[type] = (), *, public: bool = False
) -> strawberry.Schema:
    """A Schema with every extension above; production also hides field suggestions. A public
    schema leaves out the STAFF_ONLY fields."""
    schema_class = PublicSchema if public else strawberry.Schema
    return schema_class(
        query=query,
        mutation=mutation,
        types=types,
        extensions=extensions(settings),
        config=StrawberryConfig(disable_field_suggestions=settings.is_production),
    )
