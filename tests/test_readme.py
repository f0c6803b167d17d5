"""The README reads right: every code fence is closed, and every GraphQL example is valid against
the Storefront or the Admin schema as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, print_ast, validate
from graphql.language import DocumentNode

from gateway.platform.settings import Settings
from resolvers import admin, storefront

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^\s*```(\w*)\s*$")


def _blocks() -> list[tuple[int, str, str]]:
    """(line, language, text) of each fenced block; fails on a fence left open."""
    blocks, open_at, language, body = [], None, "", []
    for number, line in enumerate(README.read_text().splitlines(), 1):
        fence = FENCE.match(line)
        if fence and open_at is None:
            open_at, language, body = number, fence.group(1), []
        elif fence:
            assert not fence.group(1), f"README line {number}: a fence opens inside the block of line {open_at}"
            blocks.append((open_at, language, "\n".join(body)))
            open_at = None
        elif open_at is not None:
            assert not line.startswith("## "), f"README line {number}: a heading inside the block of line {open_at}"
            body.append(line)
    assert open_at is None, f"README line {open_at}: the block is never closed"
    return blocks


def test_every_fence_is_closed() -> None:
    assert _blocks()


SCHEMAS = {}


def _schemas():
    if not SCHEMAS:
        settings = Settings()
        SCHEMAS["storefront"] = storefront.build(settings)._schema
        SCHEMAS["admin"] = admin.build(settings)._schema
    return SCHEMAS


GRAPHQL = [(line, text) for line, language, text in _blocks() if language == "graphql"]


@pytest.mark.parametrize(("line", "text"), GRAPHQL, ids=[f"line {line}" for line, _ in GRAPHQL])
def test_graphql_examples_are_valid(line: int, text: str) -> None:
    """Each operation of the block is valid in one of the two APIs."""
    for definition in parse(text).definitions:
        document = DocumentNode(definitions=(definition,))
        errors = {name: validate(schema, document) for name, schema in _schemas().items()}
        assert any(not found for found in errors.values()), (
            f"README line {line}: {print_ast(definition)[:200]}\n"
            + "\n".join(f"{name}: {[e.message for e in found]}" for name, found in errors.items())
        )
