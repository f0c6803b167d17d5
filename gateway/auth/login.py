"""Passwordless login with six-digit email codes (policy: DESIGN.md, "Passwordless login policy").

Codes live only as an HMAC-SHA256 keyed with SECRET_KEY. Every try is paid for from the email's
budget (gateway/auth/budget.py: 10 failures in a row, across codes) and from the code's own
MAX_TRIES, each with one atomic statement committed even when the answer is "wrong", so neither
aliases, new codes nor concurrent requests get more guesses. Known and unknown emails get the same
answers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox, shop
from gateway.auth import budget, sessions
from gateway.customers import customers
from gateway.db.engine import Database
from gateway.db.models import CompanyContact, Customer, CustomerSession, LoginCode, ShopSettings
from gateway.platform import clock, throttle, validation
from gateway.platform.errors import DomainError, Problems
from gateway.platform.settings import Settings

T = TypeVar("T")

CODE_TTL = timedelta(minutes=10)
MAX_TRIES = 5
WINDOW = timedelta(hours=1)
CODES_PER_EMAIL = 5  # per WINDOW
CODES_PER_ADDRESS = 20  # per WINDOW
SESSION_TTL = timedelta(days=30)
BUYER = "buyer"  # LoginCode.purpose of the Storefront's login


@dataclass(frozen=True)
class Login:
    token: str  # shown once; only its hash is stored
    expires_at: datetime
    customer: Customer


def code_hash(settings: Settings, email: str, code: str) -> str:
    """Keyed with the server secret and bound to the email, so a leaked table reveals nothing."""
    return hmac.new(settings.secret_key.encode(), f"{email}\n{code}".encode(), hashlib.sha256).hexdigest()


def _email(value: str) -> str:
    problems = Problems()
    email = validation.email(problems, value, ("email",))
    problems.raise_if_any()
    return email


async def request_code(session: AsyncSession, settings: Settings, email: str, client_address: str | None) -> None:
    """Queue a fresh code for email, replacing any earlier one. Throttled per email and per
    client address; otherwise the same outcome whether or not the email is known. A DISABLED
    customer's code is born dead and never mailed, so it gets no code yet the same answer. With
    registration CLOSED, an email with no customer gets a dead code too, and an email that says it
    has no account and how to ask for one: the same answer, the same rows, a different mail."""
    email = _email(email)
    customer = await customers.by_email(session, email)
    disabled = customer is not None and customer.status == "DISABLED"
    no_account = not _may_log_in(await shop.get(session), customer)
    row = await issue_code(session, settings, email, client_address, BUYER, deliver=not (disabled or no_account))
    if no_account:  # after the throttles and the dead code, like any other answer
        await outbox.enqueue(session, settings, email, "no_account", {
            "request_url": f"{settings.storefront_url}/account/request",
        }, drop_after=row.expires_at)


async def issue_code(
    session: AsyncSession, settings: Settings, email: str, client_address: str | None, purpose: str,
    *, deliver: bool, title: str = "login code",
) -> LoginCode:
    """The code machinery every login shares (buyers here, staff in gateway/auth/staff.py): the
    throttles, then a new code of this purpose replacing the older ones. A code not delivered is
    born dead, so an address that may not log in costs the same and answers the same."""
    await _throttle(session, email, client_address)
    now = clock.now()
    await session.execute(
        update(LoginCode)
        .where(LoginCode.email == email, LoginCode.purpose == purpose, LoginCode.consumed_at.is_(None))
        .values(consumed_at=now)
    )
    code = f"{secrets.randbelow(10**6):06d}"
    row = LoginCode(
        email=email, code_hash=code_hash(settings, email, code), client_address=client_address, purpose=purpose,
        created_at=now, expires_at=now + CODE_TTL, consumed_at=None if deliver else now,
    )
    session.add(row)
    if deliver:
        await outbox.enqueue_code(session, settings, email, code, row.expires_at, title)
    return row


def _may_log_in(settings: ShopSettings, customer: Customer | None) -> bool:
    """Whether a code login may end in a session: any email while registration is OPEN (a new one
    becomes a customer); with CLOSED only a customer the merchant made (not one that deleted itself)."""
    if settings.registration == "OPEN":
        return True
    return customer is not None and customer.status != "DELETED"


async def _throttle(session: AsyncSession, email: str, client_address: str | None) -> None:
    """THROTTLED, naming the limit and when to retry, once the email or the client address used up
    its hourly codes (gateway/platform/throttle.py: counted under a per-key lock on PostgreSQL; always email
    first, so two requests never wait on each other in a circle). The address limit is no fault of
    the email, so it names no field."""
    await throttle.check(
        session, f"login:email:{email}", LoginCode.created_at, LoginCode.email == email, CODES_PER_EMAIL, WINDOW,
        f"Too many login codes were requested for this email (at most {CODES_PER_EMAIL} an hour).", "email",
    )
    if client_address:
        await throttle.check(
            session, f"login:address:{client_address}", LoginCode.created_at,
            LoginCode.client_address == client_address, CODES_PER_ADDRESS, WINDOW,
            f"Too many login codes were requested from your network address (at most {CODES_PER_ADDRESS} "
            "an hour from one address).",
        )


async def verify_code(db: Database, settings: Settings, email: str, code: str) -> Login:
    """Trade a live code for a session token. Wrong, expired, used, replaced or dead codes, and
    disabled customers, all get one INVALID_CODE; TOO_MANY_ATTEMPTS once the email's budget is
    spent (from the try that spends it). Runs its own transaction: a wrong try must be counted even
    though the answer is an error."""
    email = _email(email)
    return await counted(db, lambda session: _attempt(session, settings, email, code.strip()))


async def counted(db: Database, attempt: Callable[[AsyncSession], Awaitable[T | DomainError]]) -> T:
    """attempt in its own transaction, committed even when its answer is an error (a wrong try must
    be counted); the error is raised after the commit. Buyers' and staff's code logins both."""
    async with db.transaction() as session:
        outcome = await attempt(session)
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


async def _attempt(session: AsyncSession, settings: Settings, email: str, code: str) -> Login | DomainError:
    right, invalid = await claim_code(session, settings, email, code, BUYER)
    if not right:
        return invalid
    now = clock.now()
    customer = await customers.by_email(session, email)
    if customer is not None and customer.status == "DISABLED":
        return invalid  # a failure like any other: the answer must not tell a disabled customer apart
    await budget.forget(session, email)  # the right code: whatever follows, the email starts over
    settings_row = await shop.get(session)
    if settings_row.access_mode == "B2B_ONLY" and not await _is_contact(session, customer):
        return DomainError.of("NOT_B2B_CUSTOMER", "This shop sells to business customers only.", "email")
    if not _may_log_in(settings_row, customer):  # registration closed since the code was sent
        return invalid
    if customer is None:  # self-registration (OPEN): a number from the series, the default group
        customer = await customers.find_or_create(session, email)
        await customers.register(session, settings_row, customer)
    customer.status = "ACTIVE"
    customer.last_login_at = now
    token = sessions.new_token()
    row = CustomerSession(
        token_hash=sessions.hash_token(token), customer_id=customer.id, created_at=now, expires_at=now + SESSION_TTL
    )
    session.add(row)
    await session.flush()
    return Login(token=token, expires_at=row.expires_at, customer=customer)


async def claim_code(
    session: AsyncSession, settings: Settings, email: str, code: str, purpose: str
) -> tuple[bool, DomainError]:
    """One try of email's live code of this purpose, paid for from the email's budget: (True, the
    error to answer should the caller refuse anyway) when it was right (the code is used up then),
    (False, the error) otherwise. TOO_MANY_ATTEMPTS raised while the email is locked."""
    now = clock.now()
    # Paid for first, as a failure: a locked email raises here, before its code is looked at, so
    # the answer says nothing about the code and the code stays as it was (nothing to commit).
    lock_if_wrong = await budget.spend(session, email, now)
    # One statement claims a try of the code: a code past MAX_TRIES, expired or used matches no row.
    tried = (
        await session.execute(
            update(LoginCode)
            .where(
                LoginCode.email == email, LoginCode.purpose == purpose, LoginCode.consumed_at.is_(None),
                LoginCode.expires_at > now, LoginCode.failed_attempts < MAX_TRIES,
            )
            .values(failed_attempts=LoginCode.failed_attempts + 1)
            .returning(LoginCode.id, LoginCode.code_hash)
        )
    ).first()
    invalid = (
        DomainError.of("INVALID_CODE", "The code is wrong or has expired. Ask for a new one.", "code")
        if lock_if_wrong is None else budget.too_many(lock_if_wrong)
    )
    if tried is None or not hmac.compare_digest(tried.code_hash, code_hash(settings, email, code)):
        return False, invalid
    await session.execute(  # used up; the right try does not count as a wrong one
        update(LoginCode)
        .where(LoginCode.id == tried.id)
        .values(consumed_at=now, failed_attempts=LoginCode.failed_attempts - 1)
    )
    return True, invalid


async def _is_contact(session: AsyncSession, customer: Customer | None) -> bool:
    if customer is None:
        return False
    contact = select(CompanyContact.id).where(CompanyContact.customer_id == customer.id).limit(1)
    return await session.scalar(contact) is not None


async def logout(session: AsyncSession, session_id: int | None) -> None:
    """Revoke the caller's session; without one there is nothing to end."""
    if session_id is not None:
        await session.execute(
            update(CustomerSession)
            .where(CustomerSession.id == session_id, CustomerSession.revoked_at.is_(None))
            .values(revoked_at=clock.now())
        )
