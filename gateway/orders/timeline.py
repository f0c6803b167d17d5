"""An order's timeline, read from the rows each change already leaves behind.

Nothing here is stored: the order's own times (placed, cancelled), the draft it came from
(submitted, approved), its transactions (append-only), its fulfillments (append-only) and its
returns (each decision keeps its own time) tell the whole story, so no code path can forget to
write an event and orders placed before this module existed have a timeline too.
Events are oldest first; events of the same instant keep the order of KINDS.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from gateway.db.models import DraftOrder, Fulfillment, Order, Return, Transaction
from gateway.platform import money

KINDS = (
    "SUBMITTED_FOR_APPROVAL", "APPROVED", "PLACED", "PAYMENT", "REFUND", "PAID", "FULFILLED",
    "RETURN_REQUESTED", "RETURN_APPROVED", "RETURN_DECLINED", "RETURN_CLOSED", "CANCELLED",
)
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
# SALE: charged as the order was made, at checkout or when the buyer paid the draft invoice.
_PAYMENT_WORDS = {"SALE": "paid as ordered", "DEPOSIT": "deposit", "PAYMENT": "payment"}


@dataclass(frozen=True)
class Event:
    kind: str
    at: datetime
    message: str
    amount: int | None = None  # minor units of the order's currency (payments and refunds)
    carrier: str | None = None
    tracking_number: str | None = None
    return_name: str | None = None


def timeline(
    order: Order, drafts: Sequence[DraftOrder], transactions: Sequence[Transaction],
    shipments: Sequence[Fulfillment], returns: Sequence[Return],
) -> list[Event]:
    """What happened to the order, oldest first."""
    events: list[Event] = []
    for draft in drafts:
        events.append(Event("SUBMITTED_FOR_APPROVAL", draft.created_at, f"Draft order D{draft.id} submitted for approval."))
        # The order is the approval: stamped when it was placed, so it never sorts after PLACED.
        events.append(Event("APPROVED", order.created_at, f"Draft order D{draft.id} approved."))
    events.append(Event("PLACED", order.created_at, f"Order {order.name} placed."))

    paid = 0
    for row in sorted(transactions, key=lambda t: (t.created_at, t.id)):
        amount = money.text(row.amount, row.currency)
        if row.kind == "REFUND":
            events.append(Event("REFUND", row.created_at, f"Refund of {amount}.", amount=row.amount))
            continue
        events.append(Event("PAYMENT", row.created_at, f"{amount} received ({_PAYMENT_WORDS[row.kind]}).",
                            amount=row.amount))
        before, paid = paid, paid + row.amount
        if before < order.total <= paid:
            events.append(Event("PAID", row.created_at, "Paid in full."))
    if order.total == 0 and order.financial_status == "PAID":
        events.append(Event("PAID", order.created_at, "Paid in full."))

    for shipment in shipments:
        how = ", ".join(part for part in (
            shipment.carrier and f"with {shipment.carrier}",
            shipment.tracking_number and f"tracking number {shipment.tracking_number}",
        ) if part)
        events.append(Event(
            "FULFILLED", shipment.created_at, "Shipped" + (f" {how}." if how else "."),
            carrier=shipment.carrier, tracking_number=shipment.tracking_number,
        ))

    for row in returns:
        name = row.name
        events.append(Event("RETURN_REQUESTED", row.created_at, f"Return {name} requested.", return_name=name))
        if row.approved_at is not None:
            events.append(Event("RETURN_APPROVED", row.approved_at, f"Return {name} approved.", return_name=name))
        if row.declined_at is not None:
            events.append(Event("RETURN_DECLINED", row.declined_at,
                                f"Return {name} declined: {row.decline_reason}", return_name=name))
        if row.closed_at is not None:
            events.append(Event("RETURN_CLOSED", row.closed_at, f"Return {name} closed.", return_name=name))

    if order.cancelled_at is not None:
        events.append(Event("CANCELLED", order.cancelled_at, f"Order {order.name} cancelled."))
    # sorted() is stable: same instant and kind keep the order they were added in (by id).
    return sorted(events, key=lambda e: (e.at, _RANK[e.kind]))
