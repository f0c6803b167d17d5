"""checkoutComplete: the cart becomes an order (or a draft order) on the location's terms.

By the location's set-up (gateway/orders/carts.py:checkout_mode):
- PAY_NOW: the total is charged; a decline answers PAYMENT_DECLINED and makes no order.
- NET_TERMS: nothing is charged; the order is PENDING with one payment schedule due by the template.
- DEPOSIT: the deposit is charged now; the order is PARTIALLY_PAID, the rest on the schedule.
- DRAFT_FOR_APPROVAL: a draft order OPEN for the merchant, who is emailed.
Orders on terms lock the company row first, so the terms, overdue and credit checks hold under
concurrent checkouts. The cart is consumed by one conditional statement: a second checkout of it
answers ALREADY_COMPLETED. Everything, the emails included, commits in one transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.db.engine import keep
from gateway.db.models import (
    Customer,
    DraftOrder,
    DraftOrderLine,
    PaymentTermsTemplate,
    ShopSettings,
)
from gateway.orders import carts, idempotency, ledger, orders
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.payments import PaymentProvider, methods
from gateway.platform import money, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found
from gateway.platform.settings import Settings

ON_TERMS = ("NET_TERMS", "DEPOSIT")


async def complete(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, shop: ShopSettings,
    customer_id: int | None, cart_gid: str, method_gid: str | None, key: str,
) -> dict[str, Any]:
    """Check the cart out once per idempotency key: {order_id, draft_order_id, amount_charged, currency}."""
    if customer_id is None:
        raise login_required("Log in to check out.", "cartId")
    arguments = {"cartId": cart_gid, "paymentMethodId": method_gid}

    async def work() -> dict[str, Any]:
        return await _complete(session, settings, provider, shop, customer_id, cart_gid, method_gid, key)

    return await idempotency.once(session, customer_id, key, "checkoutComplete", arguments, work)


async def _complete(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, shop: ShopSettings,
    customer_id: int, cart_gid: str, method_gid: str | None, key: str,
) -> dict[str, Any]:
    # Statements are counted (tests/orders/test_checkout_statements.py): the cart is read with its
    # location, terms and buyer, and with whether anyone subscribes to webhooks; the shop's settings
    # come from the request, so the confirmation email reads none of them again.
    cart, read_with = await carts.find_with(session, customer_id, cart_gid, webhooks.any_active())
    if cart is None:
        raise not_found("Cart", "cartId")
    webhooks.note_active(session, read_with[0])
    keep(session, await session.merge(shop, load=False))
    if not await carts.mark_completed(session, cart):
        raise DomainError.of("ALREADY_COMPLETED", "This cart has been checked out already.", "cartId")
    view = await carts.view(session, shop, cart)
    _check_lines(view)
    if view.checkout_mode == "DRAFT_FOR_APPROVAL":
        draft = await _draft(session, settings, view)
        return {"order_id": None, "draft_order_id": draft.id, "amount_charged": 0, "currency": view.currency}

    location = view.location
    template = company = None
    if view.checkout_mode in ON_TERMS:
        company = await orders.lock_company(session, location.company_id)
        template = await session.get(PaymentTermsTemplate, location.payment_terms_template_id)
        await orders.check_terms(session, shop, company, template, location, view.subtotal - view.amount_due_now)
    method = charge = None
    if view.amount_due_now > 0:
        method = await methods.find(session, customer_id, method_gid)
        charge = await ledger.charge(
            session, provider, method, view.amount_due_now, view.currency, f"checkoutComplete:{customer_id}:{key}",
            {"gateway_cart": str(cart.id)},
        )
    order, lines, schedule = await orders.place(
        session, _snapshot(view), [_line_values(line) for line in view.lines], template, location,
        view.amount_due_now,
    )
    if charge is not None:
        kind = "DEPOSIT" if view.checkout_mode == "DEPOSIT" else "SALE"
        await ledger.record_payment(
            session, order, kind, view.amount_due_now, charge, method, announce=False, placed_now=True
        )
    keep(session, order)  # the answer reads it
    await orders.confirm(session, settings, order, lines, schedule)
    await webhooks.emit(session, "ORDERS_CREATE", lambda: payloads.order(session, order))
    if order.financial_status == orders.PAID:  # subscribers hear of the order before of its payment
        await orders.announce_paid(session, order)
    return {
        "order_id": order.id, "draft_order_id": None, "amount_charged": view.amount_due_now, "currency": view.currency,
    }


def _check_lines(view: carts.CartView) -> None:
    if not view.lines:
        raise DomainError.of("CART_EMPTY", "Add something to the cart before checking out.", "cartId")
    for line in view.lines:
        if line.quote is None:
            raise DomainError.of(
                "LINE_UNAVAILABLE", f"{line.variant.sku} is no longer available to you; remove it from the cart.",
                "cartId",
            )
    problems = Problems()  # prices may have risen since the lines were added
    validation.total(problems, view.subtotal, view.currency, ("cartId",))
    problems.raise_if_any()


def _line_values(line: carts.LineView) -> dict[str, Any]:
    """The line's snapshot; its title is the product's, and the variant's unless it is the default one."""
    quote, variant = line.quote, line.variant
    title = line.product_title + ("" if variant.title == "Default" else f" - {variant.title}")
    return dict(
        variant_id=variant.id, sku=variant.sku, title=title[:255], quantity=line.line.quantity,
        unit_price=quote.amount, total=line.total, price_source=quote.source, catalog_title=quote.catalog_title,
    )


def _snapshot(view: carts.CartView) -> dict[str, Any]:
    cart = view.cart
    return dict(
        customer_id=cart.customer_id, company_id=view.location.company_id if view.location else None,
        location_id=cart.location_id, currency=view.currency, po_number=cart.po_number, note=cart.note,
        shipping_address=cart.shipping_address, billing_address=cart.billing_address,
    )


async def _draft(session: AsyncSession, settings: Settings, view: carts.CartView) -> DraftOrder:
    draft = DraftOrder(**_snapshot(view), status="OPEN", subtotal=view.subtotal)
    session.add(draft)
    await session.flush()
    lines = [DraftOrderLine(draft_order_id=draft.id, **_line_values(line)) for line in view.lines]
    session.add_all(lines)
    buyer = await session.get(Customer, view.cart.customer_id)
    await outbox.notify_merchant(session, settings, "draft_order_submitted", {
        "draft_name": f"D{draft.id}", "buyer": buyer.email, "location": view.location.name,
        "po_number": draft.po_number or "-", "lines": orders.lines_text(lines, draft.currency),
        "total": money.text(draft.subtotal, draft.currency),
    })
    await session.flush()
    await webhooks.emit(session, "DRAFT_ORDERS_CREATE", lambda: payloads.draft_order(session, draft))
    return draft
