"""checkoutComplete: the cart becomes an order (or a draft order) on the location's terms.

By the location's set-up (gateway/orders/carts.py:checkout_mode):
- PAY_NOW: the total is charged; a decline answers PAYMENT_DECLINED and makes no order.
- NET_TERMS: nothing is charged; the order is PENDING with one payment schedule due by the template.
- DEPOSIT: the deposit is charged now; the order is PARTIALLY_PAID, the rest on the schedule.
- DRAFT_FOR_APPROVAL: a draft order OPEN for the merchant, who is emailed.
Orders on terms lock the company row first, so the terms, overdue and credit checks hold under
concurrent checkouts. The cart is consumed by one conditional statement: a second checkout of it
answers ALREADY_COMPLETED. Everything, the emails included, commits in one transaction.

A guest (an anonymous cart with an email, cartUpdate) pays now with a provider token: the order
has no customer and its emails go to the cart's email; no account is made unless registerAccount
asks for one (registration OPEN only): then a new customer is made for the email, joins the shop's
default group, is invited, and the order is its. An email that has a customer already stays a guest
order (the answer is the same either way: it tells nobody whether the email has an account).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from gateway import outbox
from gateway.customers import customers, invitations
from gateway.db.engine import keep
from gateway.db.models import (
    Cart,
    Customer,
    DraftOrder,
    DraftOrderLine,
    PaymentMethod,
    PaymentTermsTemplate,
    ShopSettings,
)
from gateway.orders import carts, governance, idempotency, ledger, orders
from gateway.outbox import webhooks
from gateway.outbox.webhooks import payloads
from gateway.payments import PaymentProvider, methods
from gateway.payments.provider import VaultError
from gateway.platform import money, validation
from gateway.platform.errors import DomainError, Problems, login_required, not_found
from gateway.platform.settings import Settings

ON_TERMS = ("NET_TERMS", "DEPOSIT")


async def complete(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, shop: ShopSettings,
    customer_id: int | None, cart_gid: str, method_gid: str | None, key: str, *, token: str | None = None,
    register: bool = False,
) -> dict[str, Any]:
    """Check the cart out once per idempotency key: {order_id, draft_order_id, amount_charged, currency}.
    A guest (customer_id None) pays with token."""
    if customer_id is None and token is None:
        raise login_required("Log in to check out, or pay as a guest with paymentMethodToken.", "cartId")
    arguments = {"cartId": cart_gid, "paymentMethodId": method_gid, "paymentMethodToken": token,
                 "registerAccount": register}

    async def work() -> dict[str, Any]:
        guest = _Guest(token, register) if customer_id is None else None
        return await _complete(session, settings, provider, shop, customer_id, cart_gid, method_gid, key, guest)

    return await idempotency.once(session, customer_id, key, "checkoutComplete", arguments, work)


@dataclass(frozen=True)
class _Guest:
    token: str | None
    register: bool


async def _complete(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, shop: ShopSettings,
    customer_id: int | None, cart_gid: str, method_gid: str | None, key: str, guest: _Guest | None = None,
) -> dict[str, Any]:
    # Statements are counted (tests/orders/test_checkout_statements.py): the cart is read with its
    # location, terms and buyer, and with whether anyone subscribes to webhooks; the shop's settings
    # come from the request, so the confirmation email reads none of them again.
    cart, read_with = await carts.find_with(
        session, customer_id, cart_gid, webhooks.any_active(), *governance.grant_columns(customer_id)
    )
    if cart is None:
        raise not_found("Cart", "cartId")
    if guest is not None:
        await _check_guest(shop, cart, guest)
    webhooks.note_active(session, read_with[0])
    keep(session, await session.merge(shop, load=False))
    if not await carts.mark_completed(session, cart):
        raise DomainError.of("ALREADY_COMPLETED", "This cart has been checked out already.", "cartId")
    view = await carts.view(session, shop, cart)
    check_lines(view)
    # The buying company's own rules: PLACE_ORDERS, and over a spending limit an approval request instead.
    held = await governance.hold(session, settings, shop, view, method_gid, governance.grant(read_with[1:]))
    if held is not None:
        return held
    return await place(
        session, settings, provider, shop, view, method_gid, f"checkoutComplete:{customer_id}:{key}", guest
    )


async def place(
    session: AsyncSession, settings: Settings, provider: PaymentProvider, shop: ShopSettings, view: carts.CartView,
    method_gid: str | None, charge_key: str, guest: _Guest | None = None,
) -> dict[str, Any]:
    """The one way a priced cart becomes an order (or a draft order) on its location's terms: at
    checkout, and for an approved request or an accepted quote (gateway/orders/placing.py)."""
    cart, customer_id = view.cart, view.cart.customer_id
    if view.checkout_mode == "DRAFT_FOR_APPROVAL":
        draft = await _draft(session, settings, view)
        return {"order_id": None, "draft_order_id": draft.id, "amount_charged": 0, "currency": view.currency,
                "approval_request_id": None}

    location = view.location
    template = company = None
    if view.checkout_mode in ON_TERMS:
        company = await orders.lock_company(session, location.company_id)
        template = await session.get(PaymentTermsTemplate, location.payment_terms_template_id)
        await orders.check_terms(session, shop, company, template, location, view.subtotal - view.amount_due_now)
    method = charge = None
    if view.amount_due_now > 0:
        if guest is not None:  # charged once, not vaulted for anyone
            method = await _guest_method(provider, guest.token, cart.email)
            charge_key = f"checkoutComplete:guest:{cart.token}"
        else:
            method = await methods.find(session, customer_id, method_gid)
        charge = await ledger.charge(  # a stored cart names itself (a quote's order has none)
            session, provider, method, view.amount_due_now, view.currency, charge_key,
            {"gateway_cart": str(cart.id)} if cart.id is not None else {},
        )
    snapshot = _snapshot(view)
    if guest is not None:
        snapshot["email"] = cart.email
        if guest.register:
            snapshot["customer_id"] = await _register(session, settings, shop, cart.email)
    order, lines, schedule = await orders.place(
        session, snapshot, [_line_values(line) for line in view.lines], template, location,
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
        "approval_request_id": None,
    }


async def _check_guest(shop: ShopSettings, cart: Cart, guest: _Guest) -> None:
    problems = Problems()
    if not cart.email:
        problems.add("BLANK", "A guest's cart needs an email to send the order to (cartUpdate input.email).", "cartId")
    if guest.register and shop.registration != "OPEN":
        problems.add("REGISTRATION_CLOSED", "The shop opens accounts itself: check out as a guest, or ask for an "
                     "account.", "registerAccount")
    problems.raise_if_any()


async def _guest_method(provider: PaymentProvider, token: str | None, email: str) -> PaymentMethod:
    """The token as a method to charge once (a transient row: a guest keeps no payment methods),
    on a provider customer for the guest's email (Stripe charges a method of a customer)."""
    problems = Problems()
    token = validation.text(problems, token, ("paymentMethodToken",), required=True)
    problems.raise_if_any()
    try:
        customer_reference = await provider.create_customer(0, email)
        vaulted = await provider.vault(token, customer_reference)
    except VaultError as error:
        raise DomainError.of("INVALID", str(error), "paymentMethodToken") from None
    method = PaymentMethod(provider=provider.name, provider_reference=vaulted.reference, brand=vaulted.brand,
                           last4=vaulted.last4)
    method.customer_reference = customer_reference
    return method


async def _register(session: AsyncSession, settings: Settings, shop: ShopSettings, email: str) -> int | None:
    """registerAccount: a customer for a new email (numbered, in the default group, invited); None
    when the email has a customer already (its order stays a guest order)."""
    if await customers.by_email(session, email) is not None:
        return None
    customer = await customers.find_or_create(session, email)
    await customers.register(session, shop, customer)
    await invitations.invite(session, settings, customer, "registerAccount")
    return customer.id


def check_lines(view: carts.CartView) -> None:
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
