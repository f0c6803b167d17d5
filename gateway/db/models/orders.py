"""Orders and what pays them: lines and payment schedules kept as snapshots, transactions,
vaulted payment methods, idempotency keys, and draft orders awaiting the merchant's approval."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    select,
    text,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column

from gateway.db.models.base import PK, Base, Timestamps, pk_column
from gateway.platform import clock

MONEY = BigInteger  # minor units


class Order(Timestamps, Base):
    """What a buyer ordered, frozen at checkout; paid_amount moves only under the row's lock."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("paid_amount >= 0 AND paid_amount <= total", name="paid_within_total"),
        CheckConstraint(
            "financial_status in ('PENDING','PARTIALLY_PAID','PAID','VOIDED','REFUNDED')", name="financial_status"
        ),
    )
    id: Mapped[int] = pk_column()
    name: Mapped[str | None] = mapped_column(String(20), unique=True)  # "#1001": set once the id is known
    customer_id: Mapped[int | None] = mapped_column(PK, ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    company_id: Mapped[int | None] = mapped_column(PK, ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    location_id: Mapped[int | None] = mapped_column(
        PK, ForeignKey("company_locations.id", ondelete="SET NULL"), index=True
    )
    currency: Mapped[str] = mapped_column(String(3))
    # A guest's email (its order has no customer); a customer's order is written to the customer's.
    email: Mapped[str | None] = mapped_column(String(254))
    po_number: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    shipping_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    billing_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    financial_status: Mapped[str] = mapped_column(String(20))
    payment_terms_name: Mapped[str | None] = mapped_column(String(100))
    payment_terms_type: Mapped[str | None] = mapped_column(String(10))  # RECEIPT | NET | FIXED
    payment_terms_due_in_days: Mapped[int | None]
    subtotal: Mapped[int] = mapped_column(MONEY)
    total: Mapped[int] = mapped_column(MONEY)
    paid_amount: Mapped[int] = mapped_column(MONEY, default=0)
    # Given back (refunds), at most paid_amount; what is outstanding stays total - paid_amount.
    refunded_amount: Mapped[int] = mapped_column(MONEY, default=0, server_default="0")
    cancelled_at: Mapped[datetime | None]
    # UNFULFILLED | PARTIALLY_FULFILLED | FULFILLED, set by orderFulfill under the order's lock.
    fulfillment_status: Mapped[str] = mapped_column(
        String(20), default="UNFULFILLED", server_default="UNFULFILLED"
    )


class LineSnapshot:
    """A line as it was priced: kept even when the variant is later changed or deleted."""

    variant_id: Mapped[int | None] = mapped_column(PK, ForeignKey("product_variants.id", ondelete="SET NULL"))
    sku: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(255))
    quantity: Mapped[int]
    unit_price: Mapped[int] = mapped_column(MONEY)
    total: Mapped[int] = mapped_column(MONEY)
    price_source: Mapped[str] = mapped_column(String(20))  # FIXED | PRICE_BREAK | PERCENTAGE | BASE
    catalog_title: Mapped[str | None] = mapped_column(String(255))


class OrderLine(LineSnapshot, Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = pk_column()
    order_id: Mapped[int] = mapped_column(PK, ForeignKey("orders.id", ondelete="CASCADE"), index=True)


class PaymentSchedule(Base):
    __tablename__ = "payment_schedules"
    id: Mapped[int] = pk_column()
    order_id: Mapped[int] = mapped_column(PK, ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime]
    amount: Mapped[int] = mapped_column(MONEY)
    completed_at: Mapped[datetime | None]
    # The collection worker's marks (gateway/orders/collection.py), each set once by a conditional
    # UPDATE, so every instance's worker charges and reminds once per schedule.
    auto_charged_at: Mapped[datetime | None]
    reminder_sent_at: Mapped[datetime | None]
    overdue_notice_sent_at: Mapped[datetime | None]


class PaymentCustomer(Base):
    """The provider's customer for a buyer (a Stripe Customer), made when first needed."""

    __tablename__ = "payment_customers"
    __table_args__ = (UniqueConstraint("customer_id", "provider"),)
    id: Mapped[int] = pk_column()
    customer_id: Mapped[int] = mapped_column(PK, ForeignKey("customers.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class PaymentMethod(Base):
    """A provider's vaulted card: we keep its reference, brand and last four digits, never the card."""

    __tablename__ = "payment_methods"
    id: Mapped[int] = pk_column()
    customer_id: Mapped[int] = mapped_column(PK, ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    provider_reference: Mapped[str] = mapped_column(String(255))
    brand: Mapped[str] = mapped_column(String(20))
    last4: Mapped[str] = mapped_column(String(4))
    # The customer's chosen default; while none of its live methods is chosen, its oldest is the default.
    is_default: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    deleted_at: Mapped[datetime | None]
    # The provider's customer it hangs on, read with the method (a charge needs both, in one statement).
    customer_reference: Mapped[str | None] = column_property(
        select(PaymentCustomer.reference).where(
            PaymentCustomer.customer_id == customer_id, PaymentCustomer.provider == provider
        ).scalar_subquery()
    )


class PaymentEvent(Base):
    """A provider's event (a Stripe webhook) handled once: the row commits with what it booked."""

    __tablename__ = "payment_events"
    __table_args__ = (UniqueConstraint("provider", "event_id"),)
    id: Mapped[int] = pk_column()
    provider: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(255))  # what it did, for whoever looks into a payment
    received_at: Mapped[datetime] = mapped_column(default=clock.now)


class Transaction(Base):
    __tablename__ = "transactions"
    __table_args__ = (
        CheckConstraint("kind in ('SALE','DEPOSIT','PAYMENT','REFUND')", name="kind"),
        # A provider's charge or refund is booked once per order, whoever books it first (the
        # request, its retry, or the provider's event): gateway/orders/ledger.py.
        UniqueConstraint("order_id", "provider_reference", name="uq_transactions_order_reference"),
    )
    id: Mapped[int] = pk_column()
    order_id: Mapped[int] = mapped_column(PK, ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))  # SUCCESS (declined charges change nothing)
    provider_reference: Mapped[str | None] = mapped_column(String(255))
    payment_method_id: Mapped[int | None] = mapped_column(PK, ForeignKey("payment_methods.id", ondelete="SET NULL"))
    # A refund: the charge (SALE, DEPOSIT or PAYMENT) it gives back part of, its reason, and the
    # merchant's idempotency key with a digest of the request it was made for (orderRefund).
    refunded_transaction_id: Mapped[int | None] = mapped_column(PK, ForeignKey("transactions.id"))
    note: Mapped[str | None] = mapped_column(String(500))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class IdempotencyKey(Base):
    """The first answer to a money-moving request, replayed for the same key and arguments. A guest's
    (customer_id NULL) key is unique by itself: NULLs never clash in the customer's unique constraint."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("customer_id", "key"),
        Index("uq_idempotency_keys_guest_key", "key", unique=True,
              postgresql_where=text("customer_id IS NULL"), sqlite_where=text("customer_id IS NULL")),
    )
    id: Mapped[int] = pk_column()
    customer_id: Mapped[int | None] = mapped_column(PK, ForeignKey("customers.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    scope: Mapped[str] = mapped_column(String(40))  # the operation, e.g. checkoutComplete
    request_hash: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)


class DraftOrder(Timestamps, Base):
    __tablename__ = "draft_orders"
    __table_args__ = (CheckConstraint("status in ('OPEN','INVOICE_SENT','COMPLETED')", name="status"),)
    id: Mapped[int] = pk_column()
    status: Mapped[str] = mapped_column(String(20), default="OPEN", index=True)
    customer_id: Mapped[int | None] = mapped_column(PK, ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    company_id: Mapped[int | None] = mapped_column(PK, ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    location_id: Mapped[int | None] = mapped_column(PK, ForeignKey("company_locations.id", ondelete="SET NULL"))
    currency: Mapped[str] = mapped_column(String(3))
    po_number: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    shipping_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    billing_address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    subtotal: Mapped[int] = mapped_column(MONEY)
    order_id: Mapped[int | None] = mapped_column(PK, ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    completed_at: Mapped[datetime | None]


class DraftOrderLine(LineSnapshot, Base):
    __tablename__ = "draft_order_lines"
    id: Mapped[int] = pk_column()
    draft_order_id: Mapped[int] = mapped_column(PK, ForeignKey("draft_orders.id", ondelete="CASCADE"), index=True)
