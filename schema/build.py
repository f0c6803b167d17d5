"""Schema extensions that every Schema gets: limits, caches, error masking and quiet logs."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    ValidationRule,
    get_operation_ast,
    parse,
)
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.schema import validate_document

from gateway.platform import http_cache
from gateway.platform.bounded_cache import BoundedCache
from gateway.platform.errors import DomainError
from gateway.platform.front_door import (
    CODES,
    STATUS_BY_CODE,
    failure_message,
    failure_status,
)
from gateway.platform.settings import Settings
from schema.execution import execution_context_for

log = logging.getLogger("gateway.graphql")

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 3000
MAX_DOCUMENT_CHARS = 50_000  # checked by the HTTP view before parsing: comments and strings have no tokens
# Checked before validation, whose overlapping-fields rule compares every two fields that answer the
# same response path: 3,300 tokens of repeated nested selections kept it busy for 3 s. Fragments count
# once per spread.
MAX_FIELDS = 2000
MAX_SAME_PATH_PAIRS = 2000
# The parse and validation cache: documents up to CACHE_DOCUMENT_CHARS, at most CACHE_BUDGET_CHARS of
# document text in all (a parsed document takes 35 to 120 bytes per character: ~30 MB at most).
CACHE_DOCUMENT_CHARS = 10_000
CACHE_BUDGET_CHARS = 250_000
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


def masked(error: GraphQLError) -> GraphQLError:
    """The error as the client sees it: no internals, a code that says whose fault it is."""
    status = failure_status(error.original_error)
    return GraphQLError(
        failure_message(status), nodes=error.nodes, source=error.source, positions=error.positions,
        path=error.path, extensions={"code": CODES[status]},
    )


def failure_status_of(errors: list[GraphQLError]) -> int | None:
    """The HTTP status a result with masked errors answers with (503 over 500), None without any."""
    statuses = [STATUS_BY_CODE.get((e.extensions or {}).get("code")) for e in errors if e.original_error is None]
    return max((s for s in statuses if s and s >= 500), default=None)


class MaskUnexpected(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return masked(error)


class OperationNameRequired(CannotGetOperationTypeError):
    """Strawberry runs the first operation of a document when operationName is missing; the
    GraphQL-over-HTTP spec asks for a request error. Strawberry's view answers this one 400."""

    def __init__(self, count: int) -> None:
        super().__init__(None)
        self.count = count

    def as_http_error_reason(self) -> str:
        return f"The document holds {self.count} operations: name the one to run in operationName."


def selection_problem(document: DocumentNode) -> str | None:
    """What makes the document too big to validate: its fields with fragments expanded, or the
    pairs of fields that answer one response path (each pair is compared by validation). Walked
    with a stack, stopping at the first limit, so a fragment bomb costs MAX_FIELDS steps."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    fields = pairs = 0
    for definition in document.definitions:
        if not isinstance(definition, ExecutableDefinitionNode):
            continue
        answering: Counter[tuple[str, ...]] = Counter()
        stack = [(definition.selection_set, (), frozenset())]
        while stack:
            selection_set, path, expanding = stack.pop()
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    fields += 1
                    key = (*path, (selection.alias or selection.name).value)
                    pairs += answering[key]
                    answering[key] += 1
                    if fields > MAX_FIELDS:
                        return f"The document selects more than {MAX_FIELDS} fields (fragments counted where spread)."
                    if pairs > MAX_SAME_PATH_PAIRS:
                        return (f"The document repeats fields under the same response names too often "
                                f"(more than {MAX_SAME_PATH_PAIRS} pairs): merge the repeated selections.")
                    if selection.selection_set:
                        stack.append((selection.selection_set, key, expanding))
                elif isinstance(selection, InlineFragmentNode):
                    stack.append((selection.selection_set, path, expanding))
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    if name in fragments and name not in expanding:  # cycles: validation reports them
                        stack.append((fragments[name].selection_set, path, expanding | {name}))
    return None


def check(schema: Any, document: DocumentNode, rules: tuple) -> list[GraphQLError]:
    problem = selection_problem(document)
    if problem:
        return [GraphQLError(problem)]
    return validate_document(schema, document, rules)


# Parsing and validating an unseen document is CPU work of up to tens of milliseconds: it runs in
# these threads, so the event loop keeps answering other requests (and /healthz) meanwhile.
_workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="graphql-parse")


async def off_loop(work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return await asyncio.get_running_loop().run_in_executor(_workers, lambda: work(*args, **kwargs))
    except RecursionError:
        raise GraphQLError("The document is nested too deeply.") from None


@dataclass
class _Entry:
    document: DocumentNode
    validations: dict[tuple, list[GraphQLError]] = field(default_factory=dict)  # by (schema, rules)


class DocumentCache(BoundedCache):
    """Parsed documents and their validation results by query text, bounded by the characters of
    the texts it holds."""

    def __init__(self, max_document_chars: int, budget_chars: int) -> None:
        super().__init__(max_document_chars, budget_chars)

    @property
    def chars(self) -> int:
        return self.size

    def put(self, key: tuple, entry: _Entry) -> None:  # type: ignore[override]
        super().put(key, entry, len(key[0]))


DOCUMENTS = DocumentCache(CACHE_DOCUMENT_CHARS, CACHE_BUDGET_CHARS)


class CachedParseAndValidate(SchemaExtension):
    """Replaces strawberry's ParserCache and ValidationCache: one cache bounded by size, the
    selection limits before validation, and the work done off the event loop."""

    async def on_parse(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        key = (ctx.query, *sorted(ctx.parse_options.items()))
        self.entry = DOCUMENTS.get(key)
        if self.entry is None:
            self.entry = _Entry(await off_loop(parse, ctx.query, **ctx.parse_options))
            DOCUMENTS.put(key, self.entry)
        ctx.graphql_document = self.entry.document
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        operations = sum(isinstance(d, OperationDefinitionNode) for d in ctx.graphql_document.definitions)
        # strawberry keeps what the request named only here; its operation_name falls back to the first
        if operations > 1 and ctx._provided_operation_name is None:
            raise OperationNameRequired(operations)
        schema, rules = ctx.schema._schema, ctx.validation_rules
        errors = self.entry.validations.get((schema, rules))
        if errors is None:
            errors = self.entry.validations[schema, rules] = await off_loop(check, schema, ctx.graphql_document, rules)
        ctx.pre_execution_errors = errors
        yield


def root_fields(document: DocumentNode, operation: OperationDefinitionNode) -> set[str]:
    """The names of the fields an operation selects at its root, through fragments (a validated
    document: every spread fragment exists; cycles are refused by validation)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    names: set[str] = set()
    stack, spread = [operation.selection_set], set()
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                stack.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in spread:
                spread.add(selection.name.value)
                stack.append(fragments[selection.name.value].selection_set)
    return names


class RecordOperation(SchemaExtension):
    """Tells the HTTP view what runs (its kind and root fields), for the Cache-Control it answers
    with (gateway/platform/http_cache.py). Only documents that validated get this far."""

    async def on_execute(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        operation = get_operation_ast(ctx.graphql_document, ctx.operation_name)
        if operation is not None and hasattr(ctx.context, "operation"):
            selections = operation.selection_set.selections
            roots = (frozenset(s.name.value for s in selections)
                     if all(isinstance(s, FieldNode) for s in selections) else None)
            ctx.context.operation = http_cache.Operation(operation.operation.value, roots)
        yield


# The limits' rule classes, built once: strawberry's limiters create a new class per instance, and
# the validation cache keys on the rules, so per-request classes would never hit the cache.
LIMIT_RULES = (
    OneLoginMutation,
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)
NO_INTROSPECTION_RULES = tuple(DisableIntrospection().validation_rules)


def extensions(settings: Settings, after_recording: tuple = ()) -> list:
    """Factories, so each request gets fresh extension instances (the cache and rule classes are shared).
    after_recording: a schema's own, run once the operation is known (the Storefront's response cache)."""
    rules = LIMIT_RULES if settings.introspection else LIMIT_RULES + NO_INTROSPECTION_RULES
    return [
        CachedParseAndValidate,
        RecordOperation,
        *after_recording,
        lambda: AddValidationRules(list(rules)),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        MaskUnexpected,
    ]


# Field metadata of staff-only fields (a company's note, its stats): absent from a public schema.
STAFF_ONLY = {"staff_only": True}
PLAIN = "plain_resolver"


def plain(resolve: Callable[..., Any]) -> dict[str, Any]:
    """Field metadata: graphql-core calls resolve(source, info, **arguments) itself, where
    strawberry would convert the arguments and build an Info on every call. For fields resolved
    hundreds of times per request (a page's prices); info is graphql-core's (its .context is ours)."""
    return {PLAIN: resolve}


def install_plain_resolvers(schema: strawberry.Schema) -> None:
    for graphql_type in schema._schema.type_map.values():
        if isinstance(graphql_type, GraphQLObjectType):
            for graphql_field in graphql_type.fields.values():
                definition = (graphql_field.extensions or {}).get("strawberry-definition")
                resolve = definition.metadata.get(PLAIN) if definition is not None else None
                if resolve is not None:
                    graphql_field.resolve = resolve


class QuietSchema(strawberry.Schema):
    """Strawberry logs every error at ERROR with its traceback. Here a client's mistake (a document
    that does not validate, a ClientError) is one INFO line; only our failures are ERROR, once,
    with the traceback (the log line carries the request id)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        operation = getattr(execution_context, "operation_name", None) or "-"
        for error in errors:
            if should_mask(error):
                log.error("operation %s failed at %s: %s", operation, error.path, error, exc_info=error.original_error)
            else:
                log.info("operation %s refused: %s", operation, error.message)


class PublicSchema(QuietSchema):
    """A schema without the fields marked STAFF_ONLY: the Storefront API cannot even name them."""

    def get_fields(self, type_definition):  # noqa: ANN001, ANN201
        return [f for f in super().get_fields(type_definition) if not f.metadata.get("staff_only")]


def build_schema(
    settings: Settings, query: type, mutation: type, types: list[type] = (), *, public: bool = False,
    own_extensions: tuple = (),
) -> strawberry.Schema:
    """A Schema with every extension above; production also hides field suggestions. A public
    schema leaves out the STAFF_ONLY fields."""
    schema_class = PublicSchema if public else QuietSchema
    schema = schema_class(
        query=query,
        mutation=mutation,
        types=types,
        extensions=extensions(settings, own_extensions),
        config=StrawberryConfig(disable_field_suggestions=settings.is_production),
    )
    install_plain_resolvers(schema)
    schema.execution_context_class = execution_context_for(schema._schema)
    return schema
