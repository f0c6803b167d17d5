"""Write docs/error-codes.md from the error code enums (.venv/bin/python tools/error_codes.py); a test keeps it current."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOC = ROOT / "docs" / "error-codes.md"


def render() -> str:
    from schema.errors import ERROR_CODES

    shared = {member.value for member in ERROR_CODES[0]}
    out = [
        "# Error codes",
        "",
        "Generated from the enums by `.venv/bin/python tools/error_codes.py`; do not edit. Every mutation answers",
        "`userErrors { field code message }`; `code` is a String on the wire, one of its feature's enum",
        "(also in the GraphQL schema). Query arguments a client got wrong (a bad cursor, a page too large)",
        "answer a GraphQL error whose `extensions.code` is one of ErrorCode.",
        "",
    ]
    for enum in ERROR_CODES:
        definition = enum.__strawberry_definition__
        own = [m.value for m in enum if m.value not in shared or enum is ERROR_CODES[0]]
        out += [f"## {definition.name}", "", definition.description or "", ""]
        if enum is not ERROR_CODES[0]:
            out += ["ErrorCode's, and:", ""]
        out += [", ".join(f"`{code}`" for code in own), ""]
    return "\n".join(out)


if __name__ == "__main__":
    DOC.write_text(render())
    print(f"wrote {DOC.relative_to(ROOT)}")
