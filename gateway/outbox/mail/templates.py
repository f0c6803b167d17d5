"""Email templates: plain text and HTML from string.Template files under templates/.

Each email is three files, <name>.subject.txt, <name>.txt and <name>.html. Values are
HTML-escaped for the HTML part. Subjects never carry secrets (a login code stays in the body,
out of mail-client notifications and server logs that record subjects).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

FOLDER = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def _template(filename: str) -> Template:
    return Template((FOLDER / filename).read_text(encoding="utf-8"))


def render(name: str, values: dict[str, str]) -> Rendered:
    """The email `name` filled with values; a missing value is a bug and raises KeyError."""
    escaped = {key: html.escape(value) for key, value in values.items()}
    return Rendered(
        subject=_template(f"{name}.subject.txt").substitute(values).strip(),
        text=_template(f"{name}.txt").substitute(values),
        html=_template(f"{name}.html").substitute(escaped),
    )
