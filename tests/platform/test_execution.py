"""schema/execution.py reads scalar and enum fields straight from attributes: the same answers and the
same errors, at the same paths, as graphql-core's long way."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import pytest
import strawberry
from strawberry.permission import BasePermission

from schema.execution import AttributeLeavesContext, attribute_leaves, execution_context_for


@strawberry.enum
class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Never(BasePermission):
    message = "not for you"

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:  # noqa: ANN401
        return False


@strawberry.type
class Item:
    name: str
    count: int
    price: Decimal
    color: Color
    note: str | None
    secret: str = strawberry.field(default="hidden", permission_classes=[Never])

    @strawberry.field
    def shout(self, suffix: str = "!") -> str:
        return self.name.upper() + suffix


class Broken:
    """An object that does not hold what its type promises."""

    name = None  # non-null in the schema
    count = "many"  # not an Int
    price = Decimal("1.50")
    color = Color.RED
    note = None


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(name="bolt", count=3, price=Decimal("10.05"), color=Color.BLUE, note=None),
                Item(name="nut", count=0, price=Decimal("0.5"), color=Color.RED, note="M8")]

    @strawberry.field
    def broken(self) -> list[Item | None]:
        return [Broken()]  # type: ignore[list-item]


def schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    plain, short = strawberry.Schema(query=Query), strawberry.Schema(query=Query)
    short.execution_context_class = execution_context_for(short._schema)
    return plain, short


def test_only_fields_read_by_getattr_with_a_leaf_type_take_the_short_way() -> None:
    leaves = attribute_leaves(strawberry.Schema(query=Query)._schema)
    assert set(leaves["Item"]) == {"name", "count", "price", "color", "note"}  # not shout (a resolver), not secret
    assert "Query" not in leaves  # items and broken have resolvers
    assert leaves["Item"]["note"][0] == "note" and leaves["Item"]["note"][2] is False
    assert leaves["Item"]["count"][2] is True


@pytest.mark.parametrize("document", [
    "{ items { name count price color note shout } }",
    "{ items { n: name ...F c: count price @skip(if: true) color @include(if: false) } } fragment F on Item { note name }",
    "{ items { name secret } }",  # a permission error, located at the path
    "{ broken { name } }",  # null where non-null: the item is nulled, the error located
    "{ broken { count } }",  # a value Int refuses
    "{ broken { price color note } }",
    "{ items { __typename name } }",
])
async def test_answers_and_errors_are_those_of_the_long_way(document: str) -> None:
    plain, short = schemas()
    expected, got = await plain.execute(document), await short.execute(document)
    assert got.data == expected.data
    assert [(e.message, e.path) for e in got.errors or ()] == [(e.message, e.path) for e in expected.errors or ()]


async def test_the_short_way_is_taken(monkeypatch) -> None:
    """A field answered the short way never reaches execute_field: only items, shout and secret do."""
    _, short = schemas()
    reached: list[str] = []
    original = AttributeLeavesContext.execute_field

    def spy(self, parent_type, source, field_details_list, path, position_context):  # noqa: ANN001, ANN202
        reached.append(field_details_list[0].node.name.value)
        return original(self, parent_type, source, field_details_list, path, position_context)

    monkeypatch.setattr(AttributeLeavesContext, "execute_field", spy)
    result = await short.execute("{ items { name count price color note shout } }")
    assert result.errors is None and result.data["items"][0] == {
        "name": "bolt", "count": 3, "price": "10.05", "color": "BLUE", "note": None, "shout": "BOLT!"}
    assert sorted(reached) == ["items", "shout", "shout"]
