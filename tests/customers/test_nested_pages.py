"""The pages nested in a list of parents: Customer.emails (newest first), CustomerGroup.customers
(by id) and Customer.orders with a filter (by id). A page of parents costs the same number of
statements whatever its size (one batch for all their pages), and each parent's page is ordered,
cut and continued as it is alone."""

from __future__ import annotations

from sqlalchemy import insert, select

from gateway.db.models import Customer, CustomerGroup, Order, OutboxMessage, customer_group_members
from gateway.outbox.mail.templates import CLOSE, OPEN
from gateway.platform.pagination import encode_cursor

PAGE = "edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor }"
EMAILS = f"""query($n: Int!, $first: Int, $after: String) {{ customers(first: $n) {{ nodes {{ email
    emails(first: $first, after: $after) {{ {PAGE} nodes {{ subject bodyText }} }} }} }} }}"""
ORDERS = f"""query($n: Int!, $first: Int, $after: String) {{ customers(first: $n) {{ nodes {{ email
    orders(first: $first, after: $after, financialStatus: PAID) {{ {PAGE} }}
    pending: orders(first: 5, financialStatus: PENDING) {{ nodes {{ id }} }} }} }} }}"""
MEMBERS = f"""query($n: Int!, $first: Int, $after: String) {{ customerGroups(first: $n) {{ nodes {{ name
    customers(first: $first, after: $after) {{ {PAGE} nodes {{ email }} }} }} }} }}"""


async def add_customers(db, n: int) -> list[int]:
    """n customers, c0@x.test to c{n-1}@x.test, by id."""
    async with db.transaction() as session:
        await session.execute(insert(Customer), [{"email": f"c{i}@x.test"} for i in range(n)])
        return list((await session.scalars(select(Customer.id).order_by(Customer.id))).all())


async def add_emails(db, recipients: list[str]) -> list[int]:
    """An email to each recipient, in this order (so ids interleave across customers); its subject
    holds a login code, marked as templates.render marks one."""
    rows = [{"recipient": r, "subject": f"Code {OPEN}{i:06}{CLOSE}", "body_text": f"Mail {i}",
             "message_id": f"<m{i}@x.test>"} for i, r in enumerate(recipients)]
    async with db.transaction() as session:
        await session.execute(insert(OutboxMessage), rows)
        return list((await session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id))).all())


def gid(kind: str, pk: int) -> str:
    return f"gid://gateway/{kind}/{pk}"


def expected(ids: list[int], first: int, kind: str) -> dict:
    """A connection's edges and pageInfo over ids, already in the page's order and past its cursor."""
    page = ids[:first]
    return {
        "edges": [{"cursor": encode_cursor(i), "node": {"id": gid(kind, i)}} for i in page],
        "pageInfo": {"hasNextPage": len(ids) > first, "hasPreviousPage": False,
                     "endCursor": encode_cursor(page[-1]) if page else None},
    }


async def count(admin, query: str, **variables) -> int:
    response = await admin.post(query, **variables)
    body = response.json()
    assert not body.get("errors"), body
    return int(response.headers["x-sql-statements"])


async def test_a_page_of_customers_with_their_emails_costs_the_same_whatever_its_size(admin, db):
    await add_customers(db, 6)
    await add_emails(db, [f"c{i % 6}@x.test" for i in range(18)])
    assert await count(admin, EMAILS, n=2, first=2) == await count(admin, EMAILS, n=6, first=2)


async def test_each_customer_has_its_own_emails_newest_first_paged_by_a_cursor(admin, db):
    await add_customers(db, 4)
    # c0 has none, c1 one, c2 three, c3 five; one more to a stranger, and c3's last in capitals
    recipients = ["c3@x.test", "c2@x.test", "c1@x.test", "c3@x.test", "other@x.test", "c2@x.test", "c3@x.test",
                  "c3@x.test", "c2@x.test", "C3@X.test"]
    ids = await add_emails(db, recipients)
    async with db.transaction() as session:  # not an email: a webhook delivery never shows
        await session.execute(insert(OutboxMessage).values(
            kind="webhook", recipient="c1@x.test", message_id="<w@x.test>"))
    mine = {c: [i for i, r in reversed(list(zip(ids, recipients))) if r.lower() == c] for c in
            ("c0@x.test", "c1@x.test", "c2@x.test", "c3@x.test")}
    nodes = (await admin(EMAILS, n=10, first=2))["customers"]["nodes"]
    assert [n["email"] for n in nodes] == list(mine)
    for node in nodes:
        emails = node["emails"]
        assert {k: emails[k] for k in ("edges", "pageInfo")} == expected(mine[node["email"]], 2, "CustomerEmail")
        assert all(e["subject"] == "Code [erased]" for e in emails["nodes"])
    # the rest of c3's after its second newest, and everyone's past the same cursor
    after = nodes[3]["emails"]["pageInfo"]["endCursor"]
    nodes = (await admin(EMAILS, n=10, first=2, after=after))["customers"]["nodes"]
    for node in nodes:
        rest = [i for i in mine[node["email"]] if i < mine["c3@x.test"][1]]
        page = expected(rest, 2, "CustomerEmail")
        page["pageInfo"]["hasPreviousPage"] = True
        assert {k: node["emails"][k] for k in ("edges", "pageInfo")} == page
    assert [e["node"]["id"] for e in nodes[3]["emails"]["edges"]] == [gid("CustomerEmail", i) for i in mine[
        "c3@x.test"][2:4]]
    assert nodes[3]["emails"]["pageInfo"]["hasNextPage"] is True


async def groups_of(db, members: dict[str, list[int]]) -> list[int]:
    """A group per name, in this order, with the given customers in it."""
    async with db.transaction() as session:
        await session.execute(insert(CustomerGroup), [{"name": name} for name in members])
        group_ids = list((await session.scalars(select(CustomerGroup.id).order_by(CustomerGroup.id))).all())
        links = [{"group_id": g, "customer_id": c} for g, cs in zip(group_ids, members.values()) for c in cs]
        if links:
            await session.execute(insert(customer_group_members), links)
    return group_ids


async def test_a_page_of_groups_with_their_members_costs_the_same_whatever_its_size(admin, db):
    customers = await add_customers(db, 6)
    await groups_of(db, {f"G{i}": customers[i:] for i in range(6)})
    assert await count(admin, MEMBERS, n=2, first=3) == await count(admin, MEMBERS, n=6, first=3)


async def test_each_group_has_its_own_members_by_id_paged_by_a_cursor(admin, db):
    c = await add_customers(db, 6)
    # added out of order, and shared: a customer in several groups shows in each
    members = {"Empty": [], "One": [c[4]], "Three": [c[5], c[1], c[3]], "All": [c[3], c[0], c[5], c[2], c[4], c[1]]}
    await groups_of(db, members)
    nodes = (await admin(MEMBERS, n=10, first=2))["customerGroups"]["nodes"]
    assert [n["name"] for n in nodes] == list(members)
    for node in nodes:
        customers = node["customers"]
        page = {k: customers[k] for k in ("edges", "pageInfo")}
        assert page == expected(sorted(members[node["name"]]), 2, "Customer"), node["name"]
    # past the second of Three's: its last, All's last three, and nothing of the others
    after = nodes[2]["customers"]["pageInfo"]["endCursor"]
    nodes = (await admin(MEMBERS, n=10, first=2, after=after))["customerGroups"]["nodes"]
    for node in nodes:
        page = expected([i for i in sorted(members[node["name"]]) if i > c[3]], 2, "Customer")
        page["pageInfo"]["hasPreviousPage"] = True
        assert {k: node["customers"][k] for k in ("edges", "pageInfo")} == page, node["name"]
    assert [n["email"] for n in nodes[3]["customers"]["nodes"]] == ["c4@x.test", "c5@x.test"]
    assert nodes[3]["customers"]["pageInfo"]["hasNextPage"] is False


async def add_orders(db, buyers: list[tuple[int, bool]]) -> list[int]:
    """An order per (customer id, paid), in this order, named #1001 on; their ids."""
    rows = [{"name": f"#{1001 + i}", "customer_id": c, "currency": "EUR", "financial_status": "PAID" if paid
             else "PENDING", "subtotal": 100, "total": 100, "paid_amount": 100 if paid else 0}
            for i, (c, paid) in enumerate(buyers)]
    async with db.transaction() as session:
        await session.execute(insert(Order), rows)
        return list((await session.scalars(select(Order.id).order_by(Order.id))).all())


async def test_a_page_of_customers_with_their_filtered_orders_costs_the_same_whatever_its_size(admin, db):
    customers = await add_customers(db, 6)
    await add_orders(db, [(customers[i % 6], i % 4 != 0) for i in range(24)])
    assert await count(admin, ORDERS, n=2, first=2) == await count(admin, ORDERS, n=6, first=2)


async def test_each_customer_has_its_own_filtered_orders_by_id_paged_by_a_cursor(admin, db):
    c = await add_customers(db, 4)
    # c0 none paid, c1 one, c2 two (and one pending), c3 four (and two pending), interleaved
    buyers = [(c[3], True), (c[2], False), (c[3], False), (c[2], True), (c[1], True), (c[3], True), (c[0], False),
              (c[3], True), (c[2], True), (c[3], False), (c[3], True)]
    ids = await add_orders(db, buyers)
    paid = {f"c{i}@x.test": [o for o, (b, p) in zip(ids, buyers) if b == c[i] and p] for i in range(4)}
    nodes = (await admin(ORDERS, n=10, first=2))["customers"]["nodes"]
    assert [n["email"] for n in nodes] == list(paid)
    for node in nodes:
        assert node["orders"] == expected(paid[node["email"]], 2, "Order"), node["email"]
    # another filter in the same request is a page of its own
    assert [n["pending"]["nodes"] for n in nodes] == [[{"id": gid("Order", o)} for o, (b, p) in zip(ids, buyers)
                                                       if b == customer and not p] for customer in c]
    after = nodes[3]["orders"]["pageInfo"]["endCursor"]  # past c3's second paid order
    nodes = (await admin(ORDERS, n=10, first=2, after=after))["customers"]["nodes"]
    for node in nodes:
        page = expected([o for o in paid[node["email"]] if o > paid["c3@x.test"][1]], 2, "Order")
        page["pageInfo"]["hasPreviousPage"] = True
        assert node["orders"] == page, node["email"]
    assert nodes[3]["orders"]["pageInfo"]["hasNextPage"] is False and len(nodes[3]["orders"]["edges"]) == 2
