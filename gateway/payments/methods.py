"""A customer's vaulted payment methods: adding, listing, finding, removing, the default one
(charging one is gateway/orders/ledger.py)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import PaymentMethod
from gateway.payments.provider import PaymentProvider, VaultError
from gateway.platform import clock, ids, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found


async def add(session: AsyncSession, provider: PaymentProvider, customer_id: int | None, token: str) -> PaymentMethod:
    """Vault token with the provider for the customer: we keep its reference, brand and last four digits."""
    if customer_id is None:
        raise login_required("Log in to add a payment method.", "token")
    problems = Problems()
    token = validation.text(problems, token, ("token",), required=True)
    problems.raise_if_any()
    try:
        vaulted = await provider.vault(token)
    except VaultError as error:
        raise DomainError.of("INVALID", str(error), "token") from None
    method = PaymentMethod(
        customer_id=customer_id, provider=provider.name, provider_reference=vaulted.reference,
        brand=vaulted.brand, last4=vaulted.last4,
    )
    session.add(method)
    await session.flush()
    return method


async def listed(session: AsyncSession, customer_id: int) -> list[PaymentMethod]:
    stmt = select(PaymentMethod).where(PaymentMethod.customer_id == customer_id, PaymentMethod.deleted_at.is_(None))
    return list((await session.scalars(stmt.order_by(PaymentMethod.id))).all())


async def find(session: AsyncSession, customer_id: int, method_gid: str | None) -> PaymentMethod:
    """The customer's live method; another customer's, a deleted or an unknown one is NOT_FOUND alike."""
    if method_gid is None:
        raise DomainError.of("PAYMENT_METHOD_REQUIRED", "Choose a payment method to pay with.", "paymentMethodId")
    method = await ids.lookup(session, PaymentMethod, method_gid)
    if method is None or method.customer_id != customer_id or method.deleted_at is not None:
        raise not_found("Payment method", "paymentMethodId")
    return method


def default_method_id(rows: list[PaymentMethod]) -> int | None:
    """Of a customer's methods: the live one chosen as default, else its oldest live one (so the
    first method added is the default, and removing the default passes it on)."""
    live = sorted((row for row in rows if row.deleted_at is None), key=lambda row: row.id)
    chosen = next((row for row in live if row.is_default), live[0] if live else None)
    return chosen.id if chosen else None


async def remove_method(session: AsyncSession, customer_id: int | None, method_gid: str) -> int:
    """Forget the method (kept, deleted, for the transactions that name it); its id."""
    method = await _own_method(session, customer_id, method_gid)
    method.deleted_at, method.is_default = clock.now(), False
    await session.flush()
    return method.id


async def set_default_method(session: AsyncSession, customer_id: int | None, method_gid: str) -> PaymentMethod:
    """Make the method the customer's default; one statement, so its other methods lose the flag at once."""
    method = await _own_method(session, customer_id, method_gid)
    await session.execute(
        update(PaymentMethod).where(PaymentMethod.customer_id == method.customer_id)
        .values(is_default=PaymentMethod.id == method.id)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(method)
    return method


async def _own_method(session: AsyncSession, customer_id: int | None, method_gid: str) -> PaymentMethod:
    if customer_id is None:
        raise login_required("Log in to manage payment methods.", "paymentMethodId")
    return await find(session, customer_id, method_gid)
