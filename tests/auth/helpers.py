"""Storefront login calls the login tests share."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from gateway.db.engine import Database
from gateway.db.models import OutboxMessage
from tests.helpers import GraphQLClient

ERRORS = "userErrors { field code message }"
REQUEST = f"mutation($email: String!) {{ requestLoginCode(email: $email) {{ {ERRORS} }} }}"
VERIFY = f"""mutation($email: String!, $code: String!) {{ verifyLoginCode(email: $email, code: $code) {{
    accessToken expiresAt customer {{ id email status lastLoginAt }} {ERRORS} }} }}"""
VIEWER = """{ viewer { id email status companyContacts { id company { name } }
    locations(first: 10) { nodes { id name } } selectedLocation { id name } } }"""
CODE_RE = re.compile(r"\b(\d{6})\b")


def code_in(text: str) -> str:
    match = CODE_RE.search(text)
    assert match, text
    return match.group(1)


async def request_code(storefront: GraphQLClient, email: str) -> dict[str, Any]:
    return (await storefront(REQUEST, email=email))["requestLoginCode"]


async def verify(storefront: GraphQLClient, email: str, code: str) -> dict[str, Any]:
    return (await storefront(VERIFY, email=email, code=code))["verifyLoginCode"]


async def mailed_code(db: Database, email: str) -> str:
    """The code in the newest email queued for this address (what the buyer reads)."""
    async with db.reader() as session:
        body = await session.scalar(
            select(OutboxMessage.body_text)
            .where(OutboxMessage.recipient == email.strip().lower())
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
    assert body is not None, f"no email to {email}"
    return code_in(body)


async def log_in(storefront: GraphQLClient, db: Database, email: str) -> str:
    """Request a code, read it from the email, verify it: the access token."""
    assert (await request_code(storefront, email))["userErrors"] == []
    payload = await verify(storefront, email, await mailed_code(db, email))
    assert payload["userErrors"] == [], payload
    return payload["accessToken"]


def as_viewer(storefront: GraphQLClient, token: str | None) -> GraphQLClient:
    return GraphQLClient(storefront.http, storefront.path, token)
