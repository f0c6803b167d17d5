"""Validation is cached per document, the limits still reject documents the cache has seen, and the
cache cannot be filled with large documents."""

from __future__ import annotations

import gc
import tracemalloc
import uuid

import pytest
import strawberry.schema.schema as strawberry_schema

from schema.build import (
    CACHE_BUDGET_CHARS,
    CACHE_DOCUMENT_CHARS,
    DOCUMENTS,
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_DOCUMENT_CHARS,
    MAX_TOKENS,
    DocumentCache,
)


@pytest.fixture
def validations(monkeypatch) -> list:
    """Records each document graphql-core validates (ValidationCache skips it on a hit)."""
    calls: list = []
    validate = strawberry_schema.validate

    def counting(schema, document, rules):  # noqa: ANN001, ANN202
        calls.append(document)
        return validate(schema, document, rules)

    monkeypatch.setattr(strawberry_schema, "validate", counting)
    return calls


def fresh(document: str) -> str:
    """The document with a unique comment, so no earlier test's cache entry answers for it."""
    return f"{document}\n# {uuid.uuid4()}"


def errors(response) -> list[str]:  # noqa: ANN001
    return [e["message"] for e in response.json().get("errors") or []]


async def test_a_repeated_document_is_validated_once(storefront, validations) -> None:
    query = fresh("{ shop { name } }")
    for _ in range(3):
        assert errors(await storefront.post(query)) == []
    assert len(validations) == 1


async def test_too_deep_is_rejected_every_time(storefront, validations) -> None:
    nested = "id"
    for _ in range(MAX_DEPTH // 2 + 1):
        nested = f"variants {{ product {{ {nested} }} }}"
    query = fresh(f"{{ products(first: 1) {{ edges {{ node {{ {nested} }} }} }} }}")
    for _ in range(2):
        assert any("exceeds maximum operation depth" in m for m in errors(await storefront.post(query)))
    assert len(validations) == 1


async def test_too_many_aliases_are_rejected_every_time(storefront) -> None:
    query = fresh("{ " + " ".join(f"a{i}: shop {{ name }}" for i in range(MAX_ALIASES + 1)) + " }")
    for _ in range(2):
        assert errors(await storefront.post(query)) == [f"{MAX_ALIASES + 1} aliases found. Allowed: {MAX_ALIASES}"]
    assert errors(await storefront.post(fresh("{ " + " ".join(
        f"a{i}: shop {{ name }}" for i in range(MAX_ALIASES)) + " }"))) == []


async def test_too_many_tokens_are_rejected_every_time(storefront) -> None:
    query = fresh("{ shop { " + "name " * MAX_TOKENS + "} }")
    for _ in range(2):
        assert errors(await storefront.post(query)) == [
            f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted."
        ]


async def test_two_login_mutations_are_rejected_every_time(storefront) -> None:
    login = 'requestLoginCode(email: "a@b.test") { userErrors { code } }'
    query = fresh(f"mutation {{ a: {login} b: {login} }}")
    for _ in range(2):
        assert errors(await storefront.post(query)) == ["A document may hold at most one login mutation."]


async def test_memory_stays_flat_over_50_distinct_large_documents(storefront) -> None:
    """Large documents are parsed for their request and let go: strawberry's caches kept 1,000 of
    any size (28 documents of 10 MB took the process from 274 MB to 909 MB)."""
    def large(i: int) -> str:
        """A long comment, a long string, or as many tokens as allowed (unused fragments)."""
        filler = "x" * (MAX_DOCUMENT_CHARS - 200)
        return fresh([
            "{ shop { name } }\n#" + filler,
            f'query($a: String = "{filler}") {{ shop {{ name }} }}',
            "{ shop { name } } " + " ".join(f"fragment F{n} on Shop {{ name }}" for n in range(MAX_TOKENS // 7 - 2)),
        ][i % 3])

    async def run(documents: range) -> None:
        for i in documents:
            assert (await storefront.post(large(i))).status_code == 200

    await run(range(4))  # warm: pools, loaders, first-call caches
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        await run(range(50))
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # Cached, the 50 hold about 25 MB (a dense parsed document takes ~120 bytes per character).
    assert grown < 3_000_000, grown


def test_the_cache_holds_a_bounded_number_of_characters() -> None:
    cache = DocumentCache(max_document_chars=100, budget_chars=1000)
    for i in range(100):
        cache.put((f"{i:03}" + "q" * 97,), object())
    assert cache.chars == 1000 and len(cache.entries) == 10
    assert cache.get(("099" + "q" * 97,)) is not None and cache.get(("000" + "q" * 97,)) is None
    cache.put(("big" * 40,), object())  # over max_document_chars: never kept
    assert cache.get(("big" * 40,)) is None and cache.chars == 1000


async def test_only_small_documents_are_cached(storefront) -> None:
    small, large = fresh("{ shop { name } }"), fresh("{ shop { name } }\n#" + "x" * CACHE_DOCUMENT_CHARS)
    for query in (small, large):
        assert errors(await storefront.post(query)) == []
    cached = {key[0] for key in DOCUMENTS.entries}
    assert small in cached and large not in cached
    assert DOCUMENTS.chars <= CACHE_BUDGET_CHARS
