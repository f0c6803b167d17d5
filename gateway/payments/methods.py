"""A customer's vaulted payment methods, and charging one of them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import PaymentMethod
from gateway.payments.provider import Charge, PaymentProvider, VaultError
from gateway.platform import ids, validation
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


async def charge(
    provider: PaymentProvider, method: PaymentMethod, amount: int, currency: str, idempotency_key: str
) -> Charge:
    """Charge the method; a decline is PAYMENT_DECLINED with the provider's reason, and the caller's
    transaction rolls back whole."""
    result = await provider.charge(method.provider_reference, amount, currency, idempotency_key)
    if not result.succeeded:
        raise DomainError.of(
            "PAYMENT_DECLINED", f"{result.message} ({result.declined_code})", "paymentMethodId"
        )
    return result
