"""Error codes are enums per feature: every code the domain raises is listed in its feature's enum
(or the shared ErrorCode), and docs/error-codes.md is generated from those enums."""

from __future__ import annotations

import ast
import importlib
import sys
from enum import StrEnum
from pathlib import Path

import pytest

from gateway.platform.errors import ErrorCode

ROOT = Path(__file__).resolve().parents[2]
RAISING = ("of", "add", "Problem")  # DomainError.of, Problems.add, Problem(...)


def _codes(path: Path) -> set[str]:
    """The literal codes raised in a module: the first argument of DomainError.of, Problems.add, Problem."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in RAISING and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def _feature_enum(path: Path) -> set[str]:
    """ErrorCode's values and, inside a feature package with an errors.py, that enum's."""
    allowed = {code.value for code in ErrorCode}
    package = path.relative_to(ROOT / "gateway").parts[0]
    if (ROOT / "gateway" / package / "errors.py").is_file():
        module = importlib.import_module(f"gateway.{package}.errors")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and value.__module__ == module.__name__:
                allowed |= {code.value for code in value}
    return allowed


MODULES = sorted(p for p in (ROOT / "gateway").rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_every_code_raised_is_in_its_features_enum(path: Path) -> None:
    unknown = _codes(path) - _feature_enum(path)
    assert not unknown, f"{path.relative_to(ROOT)} raises {sorted(unknown)}: add them to its feature's errors.py"


def test_the_documented_list_is_generated_from_the_enums() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import error_codes
    finally:
        sys.path.pop(0)
    assert (ROOT / "docs" / "error-codes.md").read_text() == error_codes.render(), (
        "run .venv/bin/python tools/error_codes.py"
    )
