"""A customer's vaulted payment methods: the provider's customer they hang on, adding one (or a
SetupIntent for the browser to add it), listing, finding, removing, the default one (charging one
is gateway/orders/ledger.py)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.db.models import Customer, PaymentCustomer, PaymentMethod
from gateway.payments.provider import PaymentProvider, ProviderUnavailable, VaultError
from gateway.platform import clock, ids, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found


async def add(session: AsyncSession, provider: PaymentProvider, customer_id: int | None, token: str) -> PaymentMethod:
    """Vault token with the provider for the customer: we keep its reference, brand and last four digits."""
    if customer_id is None:
        raise login_required("Log in to add a payment method.", "token")
    problems = Problems()
    token = validation.text(problems, token, ("token",), required=True)
    problems.raise_if_any()
    reference = await provider_customer(session, provider, customer_id, "token")
    try:
        vaulted = await provider.vault(token, reference)
    except VaultError as error:
        raise DomainError.of("INVALID", str(error), "token") from None
    except ProviderUnavailable:
        raise unavailable("token") from None
    method = PaymentMethod(
        customer_id=customer_id, provider=provider.name, provider_reference=vaulted.reference,
        brand=vaulted.brand, last4=vaulted.last4,
    )
    session.add(method)
    await session.flush()
    return method


async def setup(session: AsyncSession, provider: PaymentProvider, customer_id: int | None) -> str:
    """A SetupIntent's client secret: the storefront collects the card with it in the browser
    (Stripe.js), so card data never reaches us, then adds the resulting method with paymentMethodAdd."""
    if customer_id is None:
        raise login_required("Log in to add a payment method.")
    reference = await provider_customer(session, provider, customer_id)
    try:
        return await provider.setup(reference)
    except ProviderUnavailable:
        raise unavailable() from None


async def provider_customer(session: AsyncSession, provider: PaymentProvider, customer_id: int, *field: str) -> str:
    """The provider's customer for the buyer, made at the provider the first time it is needed (its
    idempotency key makes a concurrent second request get the same one; the row is unique too)."""
    stmt = select(PaymentCustomer.reference).where(
        PaymentCustomer.customer_id == customer_id, PaymentCustomer.provider == provider.name
    )
    if (reference := await session.scalar(stmt)) is not None:
        return reference
    email = await session.scalar(select(Customer.email).where(Customer.id == customer_id))
    try:
        reference = await provider.create_customer(customer_id, email or "")
    except ProviderUnavailable:
        raise unavailable(*field) from None
    try:
        async with session.begin_nested():
            session.add(PaymentCustomer(customer_id=customer_id, provider=provider.name, reference=reference))
    except IntegrityError:  # a concurrent request stored it first
        return await session.scalar(stmt)
    return reference


def unavailable(*field: str) -> DomainError:
    return DomainError.of(
        "PAYMENT_PROVIDER_UNAVAILABLE", "The payment provider did not answer; try again in a moment.", *field
    )


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
