"""orderPay and reading orders through HTTP: part and full payments, INVALID_AMOUNT, replay,
and who may see an order."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select, update

from gateway.db.models import CompanyContact, CompanyLocation, Customer, RoleAssignment
from tests.catalog.helpers import login
from tests.helpers import codes
from tests.orders.helpers import READ_ORDER, add_card, checkout, key, new_cart, pay, set_terms


async def order_on_terms(acme, admin, quantity: int = 3) -> dict:  # noqa: ANN001
    """A Net 30 order of 10.00 x quantity by anna."""
    await set_terms(admin, acme["location"], "Net 30")
    payload = await checkout(acme["buyer"], await new_cart(acme["buyer"], acme["bolt"]["variants"][0], quantity))
    assert payload["userErrors"] == []
    return payload["order"]


async def test_paying_in_part_then_in_full(acme, admin):
    buyer = acme["buyer"]
    order, card = await order_on_terms(acme, admin), await add_card(buyer)
    part = await pay(buyer, order["id"], card, "10.00")
    assert part["userErrors"] == [] and part["transaction"] == {"kind": "PAYMENT", "amount": {"amount": "10.00"}}
    paid = part["order"]
    assert (paid["displayFinancialStatus"], paid["totalPaid"]["amount"], paid["totalOutstanding"]["amount"]) == (
        "PARTIALLY_PAID", "10.00", "20.00"
    )
    assert paid["paymentTerms"]["paymentSchedules"][0]["completedAt"] is None

    rest = (await pay(buyer, order["id"], card))["order"]  # amount omitted: all that is outstanding
    assert (rest["displayFinancialStatus"], rest["totalPaid"]["amount"], rest["totalOutstanding"]["amount"]) == (
        "PAID", "30.00", "0.00"
    )
    assert rest["paymentTerms"]["paymentSchedules"][0]["completedAt"] is not None
    assert rest["paymentTerms"]["overdue"] is False
    assert [t["amount"]["amount"] for t in rest["transactions"]] == ["10.00", "20.00"]
    assert codes(await pay(buyer, order["id"], card)) == [(["amount"], "INVALID_AMOUNT")]


async def test_invalid_amounts_and_declines_change_nothing(acme, admin):
    buyer = acme["buyer"]
    order, card = await order_on_terms(acme, admin), await add_card(buyer)
    # 1e-999999999 underflows the decimal context to 0 and 1e999999 overflows it: neither may pass
    for amount in ("0", "-1.00", "30.01", "0.001", "NaN", "1e-999999999", "1e999999", "Infinity"):
        assert codes(await pay(buyer, order["id"], card, amount)) == [(["amount"], "INVALID_AMOUNT")], amount
    declined = await pay(buyer, order["id"], await add_card(buyer, "tok_insufficient_funds"), "5.00")
    assert codes(declined) == [(["paymentMethodId"], "PAYMENT_DECLINED")]
    unknown = await pay(buyer, order["id"], "gid://gateway/PaymentMethod/999")
    assert codes(unknown) == [(["paymentMethodId"], "NOT_FOUND")]
    after = (await buyer(READ_ORDER, id=order["id"]))["order"]
    assert (after["totalPaid"]["amount"], after["transactions"]) == ("0.00", [])


async def test_the_same_key_pays_once(acme, admin):
    buyer = acme["buyer"]
    order, card, idempotency_key = await order_on_terms(acme, admin), await add_card(buyer), key()
    first = await pay(buyer, order["id"], card, "10.00", idempotency_key)
    assert await pay(buyer, order["id"], card, "10.00", idempotency_key) == first
    assert codes(await pay(buyer, order["id"], card, "11.00", idempotency_key)) == [
        (["idempotencyKey"], "IDEMPOTENCY_KEY_REUSED")
    ]
    assert (await buyer(READ_ORDER, id=order["id"]))["order"]["totalPaid"]["amount"] == "10.00"


async def test_an_order_is_seen_by_its_buyer_and_its_locations_admins_only(acme, admin, db, client, storefront):
    order = await order_on_terms(acme, admin)
    assert (await acme["buyer"](READ_ORDER, id=order["id"]))["order"]["name"] == "#1001"
    assert (await storefront(READ_ORDER, id=order["id"]))["order"] is None
    bob = await login(db, client, "bob@acme.test")
    assert (await bob(READ_ORDER, id=order["id"]))["order"] is None
    assert codes(await pay(bob, order["id"], await add_card(bob))) == [(["orderId"], "NOT_FOUND")]
    async with db.transaction() as session:  # bob joins Acme: ORDERING_ONLY, then LOCATION_ADMIN of HQ
        company_id, location_id = (await session.execute(select(CompanyLocation.company_id, CompanyLocation.id))).one()
        bob_id = await session.scalar(select(Customer.id).where(Customer.email == "bob@acme.test"))
        contact = CompanyContact(company_id=company_id, customer_id=bob_id)
        session.add(contact)
        await session.flush()
        role = RoleAssignment(contact_id=contact.id, location_id=location_id, role="ORDERING_ONLY")
        session.add(role)
        await session.flush()
        role_id = role.id
    assert (await bob(READ_ORDER, id=order["id"]))["order"] is None
    async with db.transaction() as session:
        await session.execute(update(RoleAssignment).where(RoleAssignment.id == role_id).values(role="LOCATION_ADMIN"))
    seen = (await bob(READ_ORDER, id=order["id"]))["order"]
    assert seen["name"] == "#1001" and Decimal(seen["totalOutstanding"]["amount"]) == Decimal("30.00")
    # issue 6: a LOCATION_ADMIN's order history lists every order of its locations
    assert (await bob("{ viewer { orders(first: 5) { nodes { id } } } }"))["viewer"]["orders"]["nodes"] == [
        {"id": order["id"]}
    ]
