"""Email templates: plain text and HTML from string.Template files under templates/.

Each email is three files, <name>.subject.txt, <name>.txt and <name>.html. Values are
HTML-escaped for the HTML part.

A value named secret (a login code) is one-time: it is stored between two marks, so that the
sender can take the marks out (reveal) and the outbox can erase what is between them once the
email is done with (erase), leaving the rest of the email as its delivery log. The marks are
private-use characters that no value can carry in (they are taken out of every value). A code
may stand in the subject: mail apps offer to copy a code from there, and it is erased with the body.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

FOLDER = Path(__file__).parent / "templates"
OPEN, CLOSE = "\ue000", "\ue001"
_MARKS = {ord(OPEN): None, ord(CLOSE): None}
_SECRET = re.compile(f"{OPEN}[^{CLOSE}]*(?:{CLOSE}|$)")  # or cut short by a subject's length
ERASED = "[erased]"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def _template(filename: str) -> Template:
    return Template((FOLDER / filename).read_text(encoding="utf-8"))


def render(name: str, values: dict[str, str], secret: Collection[str] = ()) -> Rendered:
    """The email `name` filled with values, those named in secret marked for erasing; a missing
    value is a bug and raises KeyError."""
    plain = {key: value.translate(_MARKS) for key, value in values.items()}
    escaped = {key: html.escape(value) for key, value in plain.items()}
    for key in secret:
        plain[key], escaped[key] = f"{OPEN}{plain[key]}{CLOSE}", f"{OPEN}{escaped[key]}{CLOSE}"
    return Rendered(
        subject=_template(f"{name}.subject.txt").substitute(plain).strip(),
        text=_template(f"{name}.txt").substitute(plain),
        html=_template(f"{name}.html").substitute(escaped),
    )


def reveal(stored: str) -> str:
    """What the recipient reads: the secrets without their marks."""
    return stored.translate(_MARKS)


def erase(stored: str) -> str:
    """The stored text with every secret replaced by ERASED."""
    return _SECRET.sub(ERASED, stored)
