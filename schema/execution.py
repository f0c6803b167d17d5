"""graphql-core's executor with a short way for the commonest field: a scalar or enum read from an attribute.

Strawberry resolves such a field (no resolver, no permission or field extension) as getattr(source,
python_name), but graphql-core still makes a Path and a resolve Info for it, runs the resolver through
strawberry's wrappers, checks twice for an awaitable and completes the value through its type
dispatch: a few µs a field, and a catalog page has ~2,000 of them. Here execute_fields reads and
coerces it at once. Anything out of the ordinary (a missing attribute, null where the schema says
non-null, a value its scalar refuses) goes the long way, so errors are located and worded as before.
The rest of execute_fields is graphql-core's (3.3), unchanged.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, get_nullable_type, is_leaf_type, is_non_null_type
from graphql.execution.executor import gather_with_cancel
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# parent type name -> field name -> (attribute, coerce, non-null)
Leaves = dict[str, dict[str, tuple[str, Any, bool]]]


def attribute_leaves(schema: GraphQLSchema) -> Leaves:
    """The fields strawberry resolves by getattr alone whose type is a scalar or an enum."""
    leaves: Leaves = {}
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        for name, field in graphql_type.fields.items():
            definition = (field.extensions or {}).get("strawberry-definition")
            nullable = get_nullable_type(field.type)
            # _is_default marks strawberry's basic resolver: none of ours (plain), no exception handlers
            if (definition is None or field.args or not getattr(field.resolve, "_is_default", False)
                    or not definition.is_basic_field or not is_leaf_type(nullable)):
                continue
            leaves.setdefault(graphql_type.name, {})[name] = (
                definition.python_name, nullable.coerce_output_value, is_non_null_type(field.type),
            )
    return leaves


class AttributeLeavesContext(StrawberryGraphQLCoreExecutionContext):
    leaves: Leaves = {}  # per schema: execution_context_for

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        if manager is not None and manager.middlewares:  # an extension that wraps every resolver
            self.leaves = {}

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):  # noqa: ANN001, ANN201
        leaves = self.leaves.get(parent_type.name)
        if leaves is None:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        execute_field = self.execute_field
        try:
            for response_name, field_details_list in grouped_field_set.items():
                node = field_details_list[0].node
                leaf = None if node.arguments else leaves.get(node.name.value)
                if leaf is not None:
                    attribute, coerce, non_null = leaf
                    value = getattr(source_value, attribute, self)  # self: no such attribute
                    if value is None and not non_null:
                        results[response_name] = None
                        continue
                    if value is not None and value is not self:
                        try:
                            coerced = coerce(value)
                        except Exception:  # noqa: BLE001 - the long way reports it
                            coerced = None
                        if coerced is not None and coerced is not Undefined:
                            results[response_name] = coerced
                            continue
                result = execute_field(parent_type, source_value, field_details_list,
                                       Path(path, response_name, parent_type.name), position_context)
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()


def execution_context_for(schema: GraphQLSchema) -> type[AttributeLeavesContext]:
    """The execution context class for schema (strawberry's execution_context_class)."""
    return type("AttributeLeavesContext", (AttributeLeavesContext,), {"leaves": attribute_leaves(schema)})
