"""What checkoutComplete costs in SQL statements (issue 13: under 15 on terms, from 29): each
shape of checkout against its budget, the statements it ran printed when it is over."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from tests.orders.helpers import add_card, key, new_cart, set_company, set_terms

# bench/run.py's document: the answer reads the order it placed
CHECKOUT = """mutation($cart: ID!, $method: ID, $key: String!) {
    checkoutComplete(cartId: $cart, paymentMethodId: $method, idempotencyKey: $key) {
      order { id name displayFinancialStatus total { amount currencyCode } }
      draftOrder { id } amountCharged { amount currencyCode } userErrors { field code message } } }"""


@contextmanager
def statements(db) -> Iterator[list[str]]:  # noqa: ANN001
    """The statements sent while inside, SQLite's BEGIN not counted (PostgreSQL's is not a statement
    the driver sends as one either)."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if not statement.startswith("BEGIN"):
            sent.append(" ".join(statement.split())[:160])

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def checkout_costs(db, buyer, cart: str, method: str | None = None) -> list[str]:  # noqa: ANN001
    with statements(db) as sent:
        payload = (await buyer(CHECKOUT, cart=cart, method=method, key=key()))["checkoutComplete"]
    assert payload["userErrors"] == [], payload
    return sent


async def test_on_terms_without_a_credit_limit_it_costs_14(acme, admin, db, catalog):
    """The bench's shape: Net 30, a catalog with fixed prices, no credit limit, no webhook subscribers."""
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"]
    await catalog("B2B", ("PERCENTAGE_DECREASE", "10"))
    await set_terms(admin, acme["location"], "Net 30")
    await set_company(admin, creditLimit=None)
    cart = await new_cart(buyer, bolt[0], 3)
    sent = await checkout_costs(db, buyer, cart)
    assert len(sent) <= 14, "\n".join(sent)


async def test_on_terms_with_a_credit_limit_one_more_reads_what_the_company_owes(acme, admin, db, catalog):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"]
    await catalog("B2B", ("PERCENTAGE_DECREASE", "10"))
    await set_terms(admin, acme["location"], "Net 30")
    await set_company(admin, creditLimit="1000.00")
    sent = await checkout_costs(db, buyer, await new_cart(buyer, bolt[0], 3))
    assert len(sent) <= 15, "\n".join(sent)


async def test_paying_now_it_costs_14(acme, db, catalog):
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"]
    await catalog("B2B", ("PERCENTAGE_DECREASE", "10"))
    card = await add_card(buyer)
    sent = await checkout_costs(db, buyer, await new_cart(buyer, bolt[1], 2), card)
    assert len(sent) <= 14, "\n".join(sent)


async def test_more_lines_cost_no_more_statements(acme, admin, db):
    buyer, bolt, nut = acme["buyer"], acme["bolt"]["variants"], acme["nut"]["variants"][0]
    await set_terms(admin, acme["location"], "Net 30")
    one = await checkout_costs(db, buyer, await new_cart(buyer, nut))
    lines = [{"variantId": v["id"], "quantity": 2} for v in (*bolt, nut)]
    many = (await buyer("""mutation($input: CartInput!) { cartCreate(input: $input) { cart { id } } }""",
                        input={"lines": lines}))["cartCreate"]["cart"]["id"]
    assert len(await checkout_costs(db, buyer, many)) == len(one)
