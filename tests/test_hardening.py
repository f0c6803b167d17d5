"""Validation is cached per document, and the limits still reject documents the cache has seen."""

from __future__ import annotations

import uuid

import pytest
import strawberry.schema.schema as strawberry_schema

from schema.build import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS


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
