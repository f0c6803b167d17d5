"""Returns through HTTP: orderRequestReturn for paid or shipped orders the viewer may see, the quantity
limit across requests, every refusal, the merchant's state machine (approve, decline, close), the
emails to the buyer and the merchant on each change, and the merchant's list of returns."""

from __future__ import annotations

from tests.account.helpers import colleague, place_order
from tests.catalog.helpers import login
from tests.helpers import MERCHANT, codes
from tests.orders.helpers import checkout, new_cart, set_terms
from tests.orders.returns import (
    ADMIN_ORDER,
    APPROVE,
    CANCEL,
    CLOSE,
    DECLINE,
    REQUEST,
    counts,
    fulfill,
    line,
    mails,
    read_order,
    request_return,
)


async def lines_of(buyer, order: dict) -> list[dict]:  # noqa: ANN001
    return (await read_order(buyer, order["id"]))["lineItems"]


async def test_a_buyer_asks_to_return_lines_of_a_paid_order(acme, admin, db):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 3), (acme["nut"]["variants"][0], 2))
    bolt, nut = await lines_of(buyer, order)

    payload = await request_return(
        buyer, order["id"], line(bolt["id"], 2, "DEFECTIVE", "  Thread stripped  "), line(nut["id"], 1, "UNWANTED")
    )
    assert payload["userErrors"] == []
    made = payload["return"]
    assert (made["name"], made["status"], made["declineReason"]) == (f"{order['name']}-R1", "REQUESTED", None)
    assert [(ln["orderLine"]["sku"], ln["quantity"], ln["reason"], ln["note"]) for ln in made["lines"]] == [
        ("BOLT-S", 2, "DEFECTIVE", "Thread stripped"), ("NUT", 1, "UNWANTED", None)
    ]
    assert (await read_order(buyer, order["id"]))["returns"] == [made]
    assert (await admin(ADMIN_ORDER, id=order["id"]))["node"]["returns"] == [made]

    [to_buyer] = await mails(db, "return_update")
    assert to_buyer.recipient == "anna@acme.test"
    assert to_buyer.subject == f"Return {made['name']} requested"
    assert "2 x Bolt (BOLT-S): defective (Thread stripped)" in to_buyer.body_text
    assert "1 x Nut (NUT): unwanted" in to_buyer.body_text
    [to_merchant] = await mails(db, "return_update_merchant")
    assert to_merchant.recipient == MERCHANT
    assert to_merchant.subject == f"Return {made['name']} for order {order['name']} requested"
    assert "anna@acme.test asked to return items" in to_merchant.body_text
    assert "Thread stripped" in to_merchant.body_html


async def test_no_line_comes_back_more_often_than_it_was_bought(acme, admin):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 3))
    [bolt] = await lines_of(buyer, order)

    first = await request_return(buyer, order["id"], line(bolt["id"], 2))
    assert first["userErrors"] == [] and first["return"]["name"].endswith("-R1")
    over = await request_return(buyer, order["id"], line(bolt["id"], 2))
    assert codes(over) == [(["lines", "0", "quantity"], "GREATER_THAN")]
    assert "At most 1 of BOLT-S" in over["userErrors"][0]["message"]
    second = await request_return(buyer, order["id"], line(bolt["id"], 1, "WRONG_ITEM"))
    assert second["userErrors"] == [] and second["return"]["name"].endswith("-R2")
    assert codes(await request_return(buyer, order["id"], line(bolt["id"], 1))) == [
        (["lines", "0", "quantity"], "GREATER_THAN")
    ]
    # Approved and closed returns still count; a declined one gives its quantity back.
    assert (await admin(APPROVE, id=first["return"]["id"]))["returnApprove"]["userErrors"] == []
    assert (await admin(CLOSE, id=first["return"]["id"]))["returnClose"]["userErrors"] == []
    assert codes(await request_return(buyer, order["id"], line(bolt["id"], 1))) == [
        (["lines", "0", "quantity"], "GREATER_THAN")
    ]
    declined = await admin(DECLINE, id=second["return"]["id"], reason="Photos show it is the right item.")
    assert declined["returnDecline"]["userErrors"] == []
    third = await request_return(buyer, order["id"], line(bolt["id"], 1))
    assert third["userErrors"] == [] and third["return"]["name"].endswith("-R3")
    statuses = [(r["name"][-2:], r["status"]) for r in (await read_order(buyer, order["id"]))["returns"]]
    assert statuses == [("R1", "CLOSED"), ("R2", "DECLINED"), ("R3", "REQUESTED")]


async def test_bad_lines_are_refused_at_their_paths_and_change_nothing(acme, db):
    buyer, bolt_variant = acme["buyer"], acme["bolt"]["variants"][0]
    order = await place_order(buyer, (bolt_variant, 3), (acme["nut"]["variants"][0], 2))
    other = await place_order(buyer, (bolt_variant, 1))
    bolt, nut = await lines_of(buyer, order)
    [other_line] = await lines_of(buyer, other)
    before = await counts(db)

    assert codes(await request_return(buyer, order["id"])) == [(["lines"], "BLANK")]
    refused = await request_return(
        buyer, order["id"],
        line(bolt["id"], 0), line(nut["id"], -1), line(other_line["id"], 1), line(nut["id"], 1),
        line("gid://gateway/OrderLine/999", 1), line(bolt["id"], 1),
    )
    assert codes(refused) == [
        (["lines", "0", "quantity"], "LESS_THAN"),
        (["lines", "1", "quantity"], "LESS_THAN"),
        (["lines", "2", "orderLineId"], "NOT_FOUND"),
        (["lines", "3", "orderLineId"], "DUPLICATE"),
        (["lines", "4", "orderLineId"], "NOT_FOUND"),
        (["lines", "5", "orderLineId"], "DUPLICATE"),
    ]
    assert codes(await request_return(buyer, order["id"], line(nut["id"], 3))) == [
        (["lines", "0", "quantity"], "GREATER_THAN")
    ]
    too_long = await request_return(buyer, order["id"], line(bolt["id"], 1), line(nut["id"], 1, "OTHER", "x" * 1001))
    assert codes(too_long) == [(["lines", "1", "note"], "TOO_LONG")]
    too_many = await request_return(buyer, order["id"], *[line(bolt["id"], 1)] * 251)
    assert codes(too_many) == [(["lines"], "TOO_MANY_LINES")]
    unknown_reason = await buyer.errors(REQUEST, id=order["id"], lines=[line(bolt["id"], 1, "BROKEN")])
    assert "BROKEN" in unknown_reason[0]["message"]
    assert await counts(db) == before
    assert (await read_order(buyer, order["id"]))["returns"] == []


async def test_only_paid_or_shipped_orders_that_are_not_cancelled_can_be_returned(acme, admin, db):
    buyer, bolt_variant = acme["buyer"], acme["bolt"]["variants"][0]
    paid = await place_order(buyer, (bolt_variant, 1))
    await set_terms(admin, acme["location"], "Net 30")
    unpaid = (await checkout(buyer, await new_cart(buyer, bolt_variant, 2)))["order"]
    [paid_line], [unpaid_line] = await lines_of(buyer, paid), await lines_of(buyer, unpaid)
    before = await counts(db)

    refused = await request_return(buyer, unpaid["id"], line(unpaid_line["id"], 1))
    assert codes(refused) == [(["orderId"], "NOT_RETURNABLE")]
    assert await counts(db) == before
    # Shipped but not yet paid (net terms): returnable, up to what has been shipped so far.
    shipped = await fulfill(admin, unpaid["id"], lines=[{"orderLineId": unpaid_line["id"], "quantity": 1}])
    assert shipped["userErrors"] == []
    too_many = await request_return(buyer, unpaid["id"], line(unpaid_line["id"], 2))
    assert codes(too_many) == [(["lines", "0", "quantity"], "GREATER_THAN")]
    assert "At most 1 of BOLT-S" in too_many["userErrors"][0]["message"]
    assert (await request_return(buyer, unpaid["id"], line(unpaid_line["id"], 1)))["userErrors"] == []

    assert (await admin(CANCEL, id=paid["id"]))["orderCancel"]["userErrors"] == []
    cancelled = await request_return(buyer, paid["id"], line(paid_line["id"], 1))
    assert codes(cancelled) == [(["orderId"], "ORDER_CANCELLED")]


async def test_who_may_ask_follows_who_may_see_the_order(acme, admin, db, client, storefront):
    anna, bolt_variant = acme["buyer"], acme["bolt"]["variants"][0]
    olga = await colleague(admin, db, client, "olga@acme.test", acme["location"], "ORDERING_ONLY")
    bob = await login(db, client, "bob@else.test")  # a D2C customer
    annas = await place_order(anna, (bolt_variant, 2))
    olgas = await place_order(olga, (bolt_variant, 2))
    [annas_line], [olgas_line] = await lines_of(anna, annas), await lines_of(olga, olgas)
    before = await counts(db)

    # ORDERING_ONLY sees only its own orders; others' orders answer as unknown ones.
    assert codes(await request_return(olga, annas["id"], line(annas_line["id"], 1))) == [(["orderId"], "NOT_FOUND")]
    assert codes(await request_return(bob, annas["id"], line(annas_line["id"], 1))) == [(["orderId"], "NOT_FOUND")]
    for unknown in ("gid://gateway/Order/999", "gid://gateway/Return/1", "nonsense"):
        assert codes(await request_return(anna, unknown, line(annas_line["id"], 1))) == [(["orderId"], "NOT_FOUND")]
    anonymous = (await storefront(REQUEST, id=annas["id"], lines=[line(annas_line["id"], 1)]))["orderRequestReturn"]
    assert codes(anonymous) == [(["orderId"], "LOGIN_REQUIRED")]
    assert await counts(db) == before

    # The location's admin may ask on a colleague's order; it hears back, and the colleague sees it.
    made = await request_return(anna, olgas["id"], line(olgas_line["id"], 1, "SIZE_TOO_SMALL"))
    assert made["userErrors"] == []
    assert [m.recipient for m in await mails(db, "return_update")] == ["anna@acme.test"]
    assert (await read_order(olga, olgas["id"]))["returns"][0]["name"] == made["return"]["name"]
    assert (await request_return(olga, olgas["id"], line(olgas_line["id"], 1)))["userErrors"] == []
    assert (await bob("query($id: ID!) { order(id: $id) { id } }", id=olgas["id"]))["order"] is None


async def test_the_merchant_approves_declines_and_closes_in_order(acme, admin, db):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 4))
    [bolt] = await lines_of(buyer, order)
    first = (await request_return(buyer, order["id"], line(bolt["id"], 1)))["return"]
    second = (await request_return(buyer, order["id"], line(bolt["id"], 1)))["return"]

    async def act(mutation: str, name: str, id: str, **extra: str) -> dict:
        return (await admin(mutation, id=id, **extra))[name]

    # REQUESTED cannot be closed; APPROVED cannot be approved again or declined; CLOSED is final.
    assert codes(await act(CLOSE, "returnClose", first["id"])) == [(["id"], "INVALID_STATE")]
    approved = await act(APPROVE, "returnApprove", first["id"])
    assert approved["userErrors"] == [] and approved["return"]["status"] == "APPROVED"
    assert codes(await act(APPROVE, "returnApprove", first["id"])) == [(["id"], "INVALID_STATE")]
    assert codes(await act(DECLINE, "returnDecline", first["id"], reason="No")) == [(["id"], "INVALID_STATE")]
    closed = await act(CLOSE, "returnClose", first["id"])
    assert closed["userErrors"] == [] and closed["return"]["status"] == "CLOSED"
    for mutation, name, extra in ((APPROVE, "returnApprove", {}), (CLOSE, "returnClose", {}),
                                  (DECLINE, "returnDecline", {"reason": "No"})):
        assert codes(await act(mutation, name, first["id"], **extra)) == [(["id"], "INVALID_STATE")]

    # A decline needs a reason, which the buyer reads; DECLINED is final too.
    assert codes(await act(DECLINE, "returnDecline", second["id"], reason="   ")) == [(["reason"], "BLANK")]
    assert codes(await act(DECLINE, "returnDecline", second["id"], reason="x" * 2001)) == [(["reason"], "TOO_LONG")]
    declined = await act(DECLINE, "returnDecline", second["id"], reason=" Used beyond inspection. ")
    assert declined["userErrors"] == []
    assert (declined["return"]["status"], declined["return"]["declineReason"]) == ("DECLINED", "Used beyond inspection.")
    for mutation, name in ((APPROVE, "returnApprove"), (CLOSE, "returnClose")):
        assert codes(await act(mutation, name, second["id"])) == [(["id"], "INVALID_STATE")]
    seen = {r["name"]: (r["status"], r["declineReason"]) for r in (await read_order(buyer, order["id"]))["returns"]}
    assert seen == {first["name"]: ("CLOSED", None), second["name"]: ("DECLINED", "Used beyond inspection.")}

    for unknown in ("gid://gateway/Return/999", order["id"], "nonsense"):
        assert codes(await act(APPROVE, "returnApprove", unknown)) == [(["id"], "NOT_FOUND")]
        assert codes(await act(CLOSE, "returnClose", unknown)) == [(["id"], "NOT_FOUND")]
        assert codes(await act(DECLINE, "returnDecline", unknown, reason="")) == [
            (["reason"], "BLANK"), (["id"], "NOT_FOUND")
        ]

    # Each change emailed both sides, in order.
    subjects = [(m.recipient, m.subject) for m in await mails(db) if "Return" in m.subject]
    r1, r2 = first["name"], second["name"]
    on = f"for order {order['name']}"
    assert subjects == [
        ("anna@acme.test", f"Return {r1} requested"), (MERCHANT, f"Return {r1} {on} requested"),
        ("anna@acme.test", f"Return {r2} requested"), (MERCHANT, f"Return {r2} {on} requested"),
        ("anna@acme.test", f"Return {r1} approved"), (MERCHANT, f"Return {r1} {on} approved"),
        ("anna@acme.test", f"Return {r1} closed"), (MERCHANT, f"Return {r1} {on} closed"),
        ("anna@acme.test", f"Return {r2} declined"), (MERCHANT, f"Return {r2} {on} declined"),
    ]
    [declined_mail] = [m for m in await mails(db, "return_update") if m.subject.endswith("declined")]
    assert "Reason: Used beyond inspection." in declined_mail.body_text


async def test_buyers_cannot_decide_on_returns(acme):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 1))
    [bolt] = await lines_of(buyer, order)
    made = (await request_return(buyer, order["id"], line(bolt["id"], 1)))["return"]
    errors = await buyer.errors(APPROVE, id=made["id"])
    assert "returnApprove" in errors[0]["message"]


RETURNS = """query($status: ReturnStatus, $first: Int, $after: String) {
    returns(first: $first, after: $after, status: $status) {
      nodes { id name status order { name } } pageInfo { hasNextPage endCursor } } }"""


async def test_the_merchant_lists_returns_newest_first_and_finds_one_by_id(acme, admin):
    buyer = acme["buyer"]
    order = await place_order(buyer, (acme["bolt"]["variants"][0], 3))
    [bolt] = await lines_of(buyer, order)
    made = [(await request_return(buyer, order["id"], line(bolt["id"], 1)))["return"] for _ in range(3)]
    assert (await admin(APPROVE, id=made[1]["id"]))["returnApprove"]["userErrors"] == []

    listed = (await admin(RETURNS, first=10))["returns"]["nodes"]
    assert [(r["name"], r["status"], r["order"]["name"]) for r in listed] == [
        (made[2]["name"], "REQUESTED", order["name"]), (made[1]["name"], "APPROVED", order["name"]),
        (made[0]["name"], "REQUESTED", order["name"]),
    ]
    assert [r["name"] for r in (await admin(RETURNS, first=10, status="REQUESTED"))["returns"]["nodes"]] == [
        made[2]["name"], made[0]["name"]
    ]
    assert (await admin(RETURNS, first=10, status="CLOSED"))["returns"]["nodes"] == []
    page = (await admin(RETURNS, first=2))["returns"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = (await admin(RETURNS, first=2, after=page["pageInfo"]["endCursor"]))["returns"]["nodes"]
    assert [r["name"] for r in rest] == [made[0]["name"]]

    node = """query($id: ID!) { node(id: $id) { id ... on Return { name status
        lines { quantity orderLine { sku unitPrice { amount currencyCode } } } } } }"""
    found = (await admin(node, id=made[0]["id"]))["node"]
    assert found == {"id": made[0]["id"], "name": made[0]["name"], "status": "REQUESTED", "lines": [
        {"quantity": 1, "orderLine": {"sku": "BOLT-S", "unitPrice": {"amount": "10.00", "currencyCode": "EUR"}}}
    ]}
    assert (await admin(node, id="gid://gateway/Return/999"))["node"] is None
