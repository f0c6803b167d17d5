"""Storefront catalog documents answered from the shared response cache (gateway/catalog/response_cache.py).

Only a query whose every root field is catalog data is looked up or stored: a document with viewer,
cart, order, node (a node may be a cart) or a mutation runs every time. A hit skips execution; the
answer's bytes go out as they were stored. Answers with errors are never stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
from graphql import ExecutionResult, FieldNode, OperationType, get_operation_ast
from strawberry.extensions import SchemaExtension

from gateway.catalog import response_cache
from schema.catalog.pricing import buyer_of

CATALOG_ROOT_FIELDS = frozenset({"products", "product", "shop", "__typename"})


def cacheable(document: Any, operation_name: str | None) -> bool:  # noqa: ANN401
    operation = get_operation_ast(document, operation_name)
    return (
        operation is not None and operation.operation == OperationType.QUERY
        and all(isinstance(s, FieldNode) and s.name.value in CATALOG_ROOT_FIELDS
                for s in operation.selection_set.selections)
    )


class CachedCatalogAnswers(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        context = ctx.context
        cache: response_cache.ResponseCache | None = getattr(context, "response_cache", None)
        key = None
        if cache is not None and ctx.graphql_document is not None and cacheable(ctx.graphql_document, ctx.operation_name):
            shop = await context.shop()  # read with the viewer's session, or alone: the version comes with it
            price_context = response_cache.price_context(await buyer_of(context), context.customer_id)
            key = response_cache.key(shop.catalog_version, ctx.query, ctx.operation_name, ctx.variables, price_context)
            stored = cache.get(key)
            if stored is not None:
                ctx.result = ExecutionResult(data=orjson.Fragment(stored))
                key = None
        yield
        result = ctx.result
        if key is not None and isinstance(result, ExecutionResult) and not result.errors and result.data is not None:
            cache.put(key, orjson.dumps(result.data))
