"""The authorization matrix of the buyer's account (issues 5 and 6), through HTTP.

Every Storefront query and mutation of the checkout and the account, run as six actors:

  admin      LOCATION_ADMIN of location L (Acme's HQ; not Acme's main contact)
  ordering   ORDERING_ONLY contact on L
  no_role    a contact of Acme without a role on L (LOCATION_ADMIN of Acme's Depot)
  other_co   a contact of another company (LOCATION_ADMIN of Other's X; not its main contact)
  d2c        a direct customer, no company
  anonymous  no access token

on these targets, made once by the world fixture and copied into a fresh database for every cell:

  O1  an order on L (Net 30, 10.00 outstanding) placed by the ORDERING_ONLY contact
  O2  an order on L (Net 30, 20.00 outstanding) placed by the LOCATION_ADMIN
      (both shipped by the merchant, so they may be returned)
  C1  an open cart for L of the ORDERING_ONLY contact
  D1  a draft order for L of the ORDERING_ONLY contact, invoiced by the merchant
  P1  the ORDERING_ONLY contact's card
  A1  an approval request on L: the ORDERING_ONLY contact (5.00 per order) checked out 10.00 (issue 18)
  Q1  a quote on L the ORDERING_ONLY contact asked for, priced at 4.00 and sent by the merchant
  S1  a shopping list of L the ORDERING_ONLY contact made
  a catalog shared by L, Depot and Other's X

A cell is what the operation answers that actor:
  ok                   the mutation succeeded (no userErrors)
  NOT_FOUND, ...       the code of the userError (several joined by "+")
  null                 the query answered null (for anonymous callers: viewer is null)
  empty                a list answered nothing
  O1+O2, D1            the targets a list showed
  own                  a list of payment methods showed exactly the actor's own
  401                  the HTTP status: the Admin API takes staff tokens only
  HQ, Depot, X, none   the location a new cart is for, or the locations a list showed

The rules the table shows: orders follow Shopify's (an ORDERING_ONLY contact sees and pays the orders it
placed, a LOCATION_ADMIN every order of its locations); carts, draft orders and payment methods belong to
the customer that made them alone; a location answers only to contacts with a role on it; a location's
addresses change only by its admin; anonymous callers get null from queries and LOGIN_REQUIRED from
mutations that need a buyer (a cart needs none: theirs is a direct-to-consumer cart). Governance (issue 18)
goes by the presets' permissions: LOCATION_ADMIN approves (APPROVE_ORDERS), sees all quotes (VIEW_ALL_ORDERS)
and invites or removes colleagues (MANAGE_CONTACTS); a buyer never approves its own request; shopping lists
are shared by everyone with a role at their location; the merchant's side is the Admin API's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update

from gateway.db.engine import Database
from gateway.db.models import Base, CustomerSession
from gateway.platform import clock
from tests.account.helpers import ASSIGN_ROLE, CONTACT_CREATE, colleague, new_location
from tests.catalog.helpers import login
from tests.fixtures import KEEP
from tests.helpers import ERRORS, GraphQLClient, create_catalog, create_company, create_product
from tests.orders.helpers import add_card, checkout, key, new_cart, set_terms

ACTORS = ("admin", "ordering", "no_role", "other_co", "d2c", "anonymous")

NF, LR, PD = "NOT_FOUND", "LOGIN_REQUIRED", "PERMISSION_DENIED"

# operation                                      admin      ordering   no_role    other_co   d2c        anonymous
MATRIX: dict[str, tuple[str, str, str, str, str, str]] = {
    # -- queries --
    "order(id: O1)":                              ("ok",      "ok",      "null",    "null",    "null",    "null"),
    "order(id: O2)":                              ("ok",      "null",    "null",    "null",    "null",    "null"),
    "viewer.orders":                              ("O1+O2",   "O1",      "empty",   "empty",   "empty",   "null"),
    "viewer.draftOrders":                         ("empty",   "D1",      "empty",   "empty",   "empty",   "null"),
    "viewer.outstandingOrders":                   ("O1+O2",   "O1",      "empty",   "empty",   "empty",   "null"),
    "viewer.totalOutstanding":                    ("30.00 EUR", "10.00 EUR", "empty", "empty", "empty",   "null"),
    "viewer.paymentMethods":                      ("own",     "own",     "own",     "own",     "own",     "null"),
    "location details of L (viewer.locations)":   ("LOCATION_ADMIN, 3 roles", "ORDERING_ONLY, 3 roles",
                                                   "absent",  "absent",  "absent",  "null"),
    "locations through a shared catalog":         ("HQ",      "HQ",      "Depot",   "X",       "empty",   "null"),
    # -- checkout (issue 5) --
    "selectLocation(L)":                          ("ok",      "ok",      NF,        NF,        NF,        LR),
    "cartCreate (the location it is for)":        ("HQ",      "HQ",      "Depot",   "X",       "none",    "none"),
    "checkoutComplete(C1)":                       (NF,        "ok",      NF,        NF,        NF,        LR),
    "orderPay(O1, 1.00)":                         ("ok",      "ok",      NF,        NF,        NF,        LR),
    "orderPay(O2, 1.00)":                         ("ok",      NF,        NF,        NF,        NF,        LR),
    "draftOrderPay(D1)":                          (NF,        "ok",      NF,        NF,        NF,        LR),
    "paymentMethodAdd":                           ("ok",      "ok",      "ok",      "ok",      "ok",      LR),
    "paymentMethodSetupCreate (issue 15)":        ("ok",      "ok",      "ok",      "ok",      "ok",      LR),
    # -- the buyer's account (issue 6) --
    "ordersPay([O1])":                            ("ok",      "ok",      NF,        NF,        NF,        LR),
    "ordersPay([O2])":                            ("ok",      NF,        NF,        NF,        NF,        LR),
    "orderReorder(O1)":                           ("ok",      "ok",      NF,        NF,        NF,        LR),
    "orderReorder(O2)":                           ("ok",      NF,        NF,        NF,        NF,        LR),
    "paymentMethodRemove(P1)":                    (NF,        "ok",      NF,        NF,        NF,        LR),
    "paymentMethodSetDefault(P1)":                (NF,        "ok",      NF,        NF,        NF,        LR),
    "customerUpdate (own name)":                  ("ok",      "ok",      "ok",      "ok",      "ok",      LR),
    "companyLocationUpdateAddress(L)":            ("ok",      PD,        NF,        NF,        NF,        LR),
    "customerDelete":                             ("OUTSTANDING_ORDERS", "OUTSTANDING_ORDERS",
                                                   "ok",      "ok",      "ok",      LR),
    # -- returns (issue 6, point 4); O1 and O2 have shipped, so they may be returned --
    "orderRequestReturn(O1)":                     ("ok",      "ok",      NF,        NF,        NF,        LR),
    "orderRequestReturn(O2)":                     ("ok",      NF,        NF,        NF,        NF,        LR),
    # -- the merchant's side (Admin API): a buyer's token is no staff token --
    "orderFulfill(O1) on the Admin API":          ("401",     "401",     "401",     "401",     "401",     "401"),
    "returnApprove on the Admin API":             ("401",     "401",     "401",     "401",     "401",     "401"),
    "draftOrderComplete(D1) on the Admin API":    ("401",     "401",     "401",     "401",     "401",     "401"),
    "orderRefund(O1) on the Admin API":           ("401",     "401",     "401",     "401",     "401",     "401"),
    # -- buyer governance (issue 18): each permission of the presets, approvals, quotes, quick order --
    "viewer.approvalRequests":                    ("A1",      "empty",   "empty",   "empty",   "empty",   "null"),
    "viewer.submittedApprovalRequests":           ("empty",   "A1",      "empty",   "empty",   "empty",   "null"),
    "approvalRequestApprove(A1)":                 ("ok",      PD,        NF,        NF,        NF,        LR),
    "approvalRequestDecline(A1)":                 ("ok",      PD,        NF,        NF,        NF,        LR),
    "approvalRequestToCart(A1)":                  (NF,        "ok",      NF,        NF,        NF,        LR),
    "quoteRequestCreate":                         ("ok",      "ok",      "ok",      "ok",      "LOCATION_REQUIRED", LR),
    "viewer.quotes":                              ("Q1",      "Q1",      "empty",   "empty",   "empty",   "null"),
    "quoteAccept(Q1)":                            ("ok",      "ok",      NF,        NF,        NF,        LR),
    "quoteDecline(Q1)":                           ("ok",      "ok",      NF,        NF,        NF,        LR),
    "cartLinesAddFromCsv(C1)":                    (NF,        "ok",      NF,        NF,        NF,        NF),
    "viewer.shoppingLists":                       ("S1",      "S1",      "empty",   "empty",   "empty",   "null"),
    "shoppingListLinesAdd(S1)":                   ("ok",      "ok",      NF,        NF,        NF,        LR),
    "shoppingListToCart(S1)":                     ("ok",      "ok",      NF,        NF,        NF,        LR),
    "companyLocationContactInvite(L)":            ("ok",      PD,        NF,        NF,        NF,        LR),
    "companyLocationContactRemove(L, ordering)":  ("ok",      PD,        NF,        NF,        NF,        LR),
    "companyRoleCreate on the Admin API":         ("401",     "401",     "401",     "401",     "401",     "401"),
    "quoteSend(Q1) on the Admin API":             ("401",     "401",     "401",     "401",     "401",     "401"),
}


@dataclass
class World:
    clients: dict[str, GraphQLClient]
    targets: dict[str, str] = field(default_factory=dict)  # O1, O2, C1, D1, P1 -> id
    cards: dict[str, str] = field(default_factory=dict)  # actor -> its card's id

    def label(self, gid: str) -> str:
        return next((name for name, value in self.targets.items() if value == gid), f"?{gid}")


async def _contact(
    admin: GraphQLClient, db, client, company: str, email: str, location: str  # noqa: ANN001
) -> GraphQLClient:
    made = (await admin(CONTACT_CREATE, company=company, email=email))["companyContactCreate"]
    assigned = await admin(ASSIGN_ROLE, contact=made["companyContact"]["id"], location=location, role="LOCATION_ADMIN")
    assert assigned["companyContactAssignRole"]["userErrors"] == []
    return await login(db, client, email)


async def build(admin: GraphQLClient, db, client, storefront: GraphQLClient) -> World:  # noqa: ANN001
    """The shop every cell starts from, made through the Admin and Storefront APIs."""
    acme = await create_company(admin)  # anna: Acme's main contact and an admin of HQ; no actor
    hq = acme["locations"]["nodes"][0]["id"]
    bolt = (await create_product(admin, "Bolt", "BOLT-S"))["variants"][0]
    await set_terms(admin, hq, "Net 30")
    ordering = await colleague(admin, db, client, "olga@acme.test", hq, "ORDERING_ONLY")
    location_admin = await colleague(admin, db, client, "lars@acme.test", hq, "LOCATION_ADMIN")
    depot = await new_location(admin, "Depot")
    no_role = await colleague(admin, db, client, "nils@acme.test", depot, "LOCATION_ADMIN")
    other = await create_company(admin, name="Other", email="boss@other.test", location="X")
    x = other["locations"]["nodes"][0]["id"]
    other_co = await _contact(admin, db, client, other["id"], "otto@other.test", x)
    await create_catalog(admin, "Shared", companyLocationIds=[hq, depot, x])
    w = World(clients={
        "admin": location_admin, "ordering": ordering, "no_role": no_role, "other_co": other_co,
        "d2c": await login(db, client, "dora@mail.test"), "anonymous": storefront,
    })
    for actor, buyer in w.clients.items():
        if actor != "anonymous":
            w.cards[actor] = await add_card(buyer)
    w.targets["P1"] = w.cards["ordering"]
    w.targets["O1"] = (await checkout(ordering, await new_cart(ordering, bolt, 1)))["order"]["id"]
    w.targets["O2"] = (await checkout(location_admin, await new_cart(location_admin, bolt, 2)))["order"]["id"]
    for target in ("O1", "O2"):
        shipped = (await admin(FULFILL, id=w.targets[target]))["orderFulfill"]
        assert shipped["userErrors"] == []
        w.targets[f"{target} line"] = shipped["order"]["lineItems"][0]["id"]
    await set_terms(admin, hq, "Net 30", checkoutToDraft=True)
    draft = (await checkout(ordering, await new_cart(ordering, bolt, 1)))["draftOrder"]["id"]
    await set_terms(admin, hq, "Net 30", checkoutToDraft=False)
    sent = await admin(f"mutation($id: ID!) {{ draftOrderInvoiceSend(id: $id) {{ {ERRORS} }} }}", id=draft)
    assert sent["draftOrderInvoiceSend"]["userErrors"] == []
    w.targets["D1"] = draft
    w.targets["C1"] = await new_cart(ordering, bolt, 1)
    await _governance(admin, w, ordering, hq)
    return w


async def _governance(admin: GraphQLClient, w: World, ordering: GraphQLClient, hq: str) -> None:
    """A1, Q1 and S1 (issue 18): the ORDERING_ONLY contact gets a limit of 5.00 per order."""
    contacts = (await admin(CONTACTS))["companies"]["nodes"]
    olga = next(c["id"] for co in contacts for c in co["contacts"]["nodes"] if c["customer"]["email"] == "olga@acme.test")
    w.targets["olga contact"] = olga
    limited = await admin(LIMIT, contact=olga, location=hq)
    assert limited["companyContactAssignRole"]["userErrors"] == []
    bolt = {"id": (await ordering("{ products(first: 1) { nodes { variants { id } } } }"))["products"]["nodes"][0]
            ["variants"][0]["id"]}
    held = (await checkout(ordering, await new_cart(ordering, bolt, 1)))
    assert held["userErrors"] == [] and held["order"] is None
    w.targets["A1"] = (await ordering("{ viewer { submittedApprovalRequests(first: 1) { nodes { id } } } }"))[
        "viewer"]["submittedApprovalRequests"]["nodes"][0]["id"]
    asked = (await ordering(QUOTE_REQUEST))["quoteRequestCreate"]
    assert asked["userErrors"] == []
    quote = asked["quote"]
    priced = await admin(QUOTE_PRICE, id=quote["id"], line=quote["lines"][0]["id"])
    assert priced["quoteUpdate"]["userErrors"] == [] and priced["quoteSend"]["userErrors"] == []
    w.targets["Q1"] = quote["id"]
    made = (await ordering(LIST_CREATE))["shoppingListCreate"]
    assert made["userErrors"] == []
    w.targets["S1"] = made["shoppingList"]["id"]


# The world is made once per run and copied back into the emptied database before each cell: every
# cell starts from the same shop, none sees another's changes, and 150 cells do not build it 150 times.
SKIP_TABLES = KEEP | {"staff_tokens"}  # the cell's own staff token stays
_snapshots: dict[str, tuple[World, dict[str, list[dict[str, Any]]]]] = {}


async def _dump(db: Database) -> dict[str, list[dict[str, Any]]]:
    async with db.reader() as session:
        return {
            table.name: [dict(row._mapping) for row in await session.execute(select(table))]
            for table in Base.metadata.sorted_tables if table.name not in SKIP_TABLES
        }


async def _restore(db: Database, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the rows in dependency order; a column of a foreign-key cycle (use_alter: a company's
    main contact) is set once every row is in. PostgreSQL's id sequences move past the copied ids."""
    async with db.transaction() as session:
        late: list[tuple[Any, str, dict[str, Any]]] = []
        for table in Base.metadata.sorted_tables:
            if not rows.get(table.name):
                continue
            cycle = [c.name for c in table.columns if any(fk.use_alter for fk in c.foreign_keys)]
            values = [{**row, **{name: None for name in cycle}} for row in rows[table.name]]
            await session.execute(insert(table), values)
            late += [(table, name, row) for row in rows[table.name] for name in cycle if row[name] is not None]
            if not db.is_sqlite and "id" in table.c:
                await session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"
                ))
        for table, name, row in late:
            await session.execute(update(table).where(table.c.id == row["id"]).values({name: row[name]}))
        # every actor logged in just now, whenever the world was made (customerDelete wants a fresh login)
        await session.execute(update(CustomerSession).values(created_at=clock.now()))


@pytest.fixture
async def world(admin, db, client, storefront) -> World:  # noqa: ANN001
    if db.url not in _snapshots:
        made = await build(admin, db, client, storefront)
        _snapshots[db.url] = (made, await _dump(db))
    else:
        await _restore(db, _snapshots[db.url][1])
    made = _snapshots[db.url][0]
    clients = {actor: GraphQLClient(client, "/graphql", buyer.token) for actor, buyer in made.clients.items()}
    return World(clients=clients, targets=made.targets, cards=made.cards)


# -- how each operation is run, and its answer reduced to a cell --


def outcome(payload: dict[str, Any]) -> str:
    """ok, or the userErrors' codes."""
    return "+".join(e["code"] for e in payload["userErrors"]) or "ok"


async def viewer(w: World, actor: str, selection: str) -> dict[str, Any] | None:
    return (await w.clients[actor](f"{{ viewer {{ {selection} }} }}"))["viewer"]


def labels(w: World, nodes: list[dict[str, Any]]) -> str:
    return "+".join(sorted(w.label(n["id"]) for n in nodes)) or "empty"


async def order_query(w: World, actor: str, target: str) -> str:
    found = (await w.clients[actor]("query($id: ID!) { order(id: $id) { id } }", id=w.targets[target]))["order"]
    return "ok" if found and found["id"] == w.targets[target] else "null"


async def listed(w: World, actor: str, selection: str, nodes) -> str:  # noqa: ANN001
    seen = await viewer(w, actor, selection)
    return "null" if seen is None else labels(w, nodes(seen))


async def total_outstanding(w: World, actor: str) -> str:
    seen = await viewer(w, actor, "totalOutstanding { amount currencyCode }")
    if seen is None:
        return "null"
    return ", ".join(f"{m['amount']} {m['currencyCode']}" for m in seen["totalOutstanding"]) or "empty"


async def payment_methods(w: World, actor: str) -> str:
    seen = await viewer(w, actor, "paymentMethods { id }")
    if seen is None:
        return "null"
    ids = [m["id"] for m in seen["paymentMethods"]]
    return "own" if ids == [w.cards[actor]] else labels(w, seen["paymentMethods"])


LOCATION_DETAILS = """locations(first: 10) { nodes { id name viewerRole
    buyerExperienceConfiguration { checkoutMode paymentTermsTemplate { name } }
    roleAssignments { role companyContact { customer { email } } } } }"""


async def location_details(w: World, actor: str) -> str:
    seen = await viewer(w, actor, LOCATION_DETAILS)
    if seen is None:
        return "null"
    here = [n for n in seen["locations"]["nodes"] if n["name"] == "HQ"]
    if not here:
        return "absent"
    [location] = here
    assert location["buyerExperienceConfiguration"] == {
        "checkoutMode": "NET_TERMS", "paymentTermsTemplate": {"name": "Net 30"},
    }
    return f"{location['viewerRole']}, {len(location['roleAssignments'])} roles"


async def through_catalogs(w: World, actor: str) -> str:
    seen = await viewer(w, actor, "locations(first: 10) { nodes { catalogs(first: 10) { nodes { "
                                  "companyLocations(first: 10) { nodes { name } } } } } }")
    if seen is None:
        return "null"
    names = {loc["name"] for node in seen["locations"]["nodes"] for catalog in node["catalogs"]["nodes"]
             for loc in catalog["companyLocations"]["nodes"]}
    return "+".join(sorted(names)) or "empty"


async def mutation(w: World, actor: str, document: str, name: str, **variables: Any) -> str:
    return outcome((await w.clients[actor](document, **variables))[name])


async def staff_only(w: World, actor: str, document: str, **variables: Any) -> str:
    """The HTTP status of the document posted to the Admin API with the actor's storefront token."""
    buyer = w.clients[actor]
    return str((await GraphQLClient(buyer.http, "/admin/graphql", buyer.token).post(document, **variables)).status_code)


def card(w: World, actor: str) -> str:
    """The actor's own card (the anonymous visitor tries the ORDERING_ONLY contact's)."""
    return w.cards.get(actor, w.targets["P1"])


async def select_location(w: World, actor: str) -> str:
    hq = (await w.clients["ordering"]("{ viewer { selectedLocation { id } } }"))["viewer"]["selectedLocation"]["id"]
    document = f"mutation($id: ID!) {{ selectLocation(locationId: $id) {{ location {{ id }} {ERRORS} }} }}"
    return await mutation(w, actor, document, "selectLocation", id=hq)


async def cart_create(w: World, actor: str) -> str:
    document = f"""mutation($input: CartInput!) {{ cartCreate(input: $input) {{ cart {{ location {{ name }} }}
        {ERRORS} }} }}"""
    payload = (await w.clients[actor](document, input={"lines": []}))["cartCreate"]
    if payload["userErrors"]:
        return outcome(payload)
    return (payload["cart"]["location"] or {"name": "none"})["name"]


CHECKOUT = f"""mutation($cart: ID!, $method: ID, $key: String!) {{
    checkoutComplete(cartId: $cart, paymentMethodId: $method, idempotencyKey: $key) {{ order {{ id }} {ERRORS} }} }}"""
ORDER_PAY = f"""mutation($id: ID!, $method: ID!, $key: String!) {{
    orderPay(orderId: $id, paymentMethodId: $method, amount: "1.00", idempotencyKey: $key) {{ {ERRORS} }} }}"""
ORDERS_PAY = f"""mutation($ids: [ID!]!, $method: ID!, $key: String!) {{
    ordersPay(orderIds: $ids, paymentMethodId: $method, idempotencyKey: $key) {{ {ERRORS} }} }}"""
DRAFT_PAY = f"""mutation($id: ID!, $method: ID!, $key: String!) {{
    draftOrderPay(draftOrderId: $id, paymentMethodId: $method, idempotencyKey: $key) {{ {ERRORS} }} }}"""
REORDER = f"mutation($id: ID!) {{ orderReorder(orderId: $id) {{ cart {{ id }} {ERRORS} }} }}"
CARD_ADD = f"mutation {{ paymentMethodAdd(token: \"tok_visa\") {{ paymentMethod {{ id }} {ERRORS} }} }}"
CARD_REMOVE = f"mutation($id: ID!) {{ paymentMethodRemove(paymentMethodId: $id) {{ {ERRORS} }} }}"
CARD_DEFAULT = f"mutation($id: ID!) {{ paymentMethodSetDefault(paymentMethodId: $id) {{ {ERRORS} }} }}"
NAME = f"""mutation {{ customerUpdate(input: {{firstName: "Kim"}}) {{ {ERRORS} }} }}"""
ADDRESS = f"""mutation($id: ID!) {{ companyLocationUpdateAddress(locationId: $id,
    shippingAddress: {{address1: "Dock 4", city: "Hamburg", countryCode: "DE"}}) {{ {ERRORS} }} }}"""
DELETE = f"mutation {{ customerDelete {{ deletedCustomerId {ERRORS} }} }}"
FULFILL = f"""mutation($id: ID!) {{ orderFulfill(orderId: $id, carrier: "DHL", trackingNumber: "JD0001") {{
    order {{ lineItems {{ id }} }} {ERRORS} }} }}"""
RETURN = f"""mutation($id: ID!, $line: ID!) {{ orderRequestReturn(orderId: $id,
    lines: [{{orderLineId: $line, quantity: 1, reason: DEFECTIVE}}]) {{ return {{ id }} {ERRORS} }} }}"""


CONTACTS = "{ companies(first: 5) { nodes { contacts(first: 10) { nodes { id customer { email } } } } } }"
LIMIT = f"""mutation($contact: ID!, $location: ID!) {{ companyContactAssignRole(companyContactId: $contact,
    companyLocationId: $location, role: ORDERING_ONLY, spendingLimit: "5.00") {{ {ERRORS} }} }}"""
QUOTE_REQUEST = f"""mutation {{ quoteRequestCreate(input: {{lines: [{{sku: "BOLT-S", quantity: 1}}]}}) {{
    quote {{ id lines {{ id }} }} {ERRORS} }} }}"""
QUOTE_PRICE = f"""mutation($id: ID!, $line: ID!) {{
    quoteUpdate(id: $id, input: {{lines: [{{id: $line, price: "4.00"}}]}}) {{ {ERRORS} }}
    quoteSend(id: $id) {{ {ERRORS} }} }}"""
LIST_CREATE = f"""mutation {{ shoppingListCreate(input: {{name: "Weekly", lines: [{{sku: "BOLT-S", quantity: 2}}]}}) {{
    shoppingList {{ id }} {ERRORS} }} }}"""
APPROVE = f"mutation($id: ID!) {{ approvalRequestApprove(id: $id) {{ {ERRORS} }} }}"
DECLINE = f"mutation($id: ID!) {{ approvalRequestDecline(id: $id, reason: \"No\") {{ {ERRORS} }} }}"
REQUEST_TO_CART = f"mutation($id: ID!) {{ approvalRequestToCart(id: $id) {{ {ERRORS} }} }}"
QUOTE_ASK = f"""mutation {{ quoteRequestCreate(input: {{lines: [{{sku: "BOLT-S", quantity: 3}}], note: "Volume"}}) {{
    {ERRORS} }} }}"""
QUOTE_ACCEPT = f"""mutation($id: ID!, $key: String!, $method: ID) {{
    quoteAccept(id: $id, idempotencyKey: $key, paymentMethodId: $method) {{ {ERRORS} }} }}"""
QUOTE_DECLINE = f"mutation($id: ID!) {{ quoteDecline(id: $id) {{ {ERRORS} }} }}"
CSV_ADD = f"""mutation($id: ID!) {{ cartLinesAddFromCsv(cartId: $id, csv: "sku,quantity\\nBOLT-S,2") {{ {ERRORS} }} }}"""
LIST_ADD = f"""mutation($id: ID!) {{ shoppingListLinesAdd(id: $id, lines: [{{sku: "BOLT-S", quantity: 1}}]) {{
    {ERRORS} }} }}"""
LIST_TO_CART = f"mutation($id: ID!) {{ shoppingListToCart(id: $id) {{ cart {{ id }} {ERRORS} }} }}"
INVITE = f"""mutation($id: ID!) {{ companyLocationContactInvite(locationId: $id,
    input: {{email: "nora@acme.test", role: ORDERING_ONLY}}) {{ {ERRORS} }} }}"""
REMOVE = f"""mutation($id: ID!, $contact: ID!) {{
    companyLocationContactRemove(locationId: $id, companyContactId: $contact) {{ {ERRORS} }} }}"""


async def hq_of(w: World) -> str:
    return (await w.clients["ordering"]("{ viewer { selectedLocation { id } } }"))["viewer"]["selectedLocation"]["id"]


async def location_update(w: World, actor: str) -> str:
    hq = (await w.clients["ordering"]("{ viewer { selectedLocation { id } } }"))["viewer"]["selectedLocation"]["id"]
    return await mutation(w, actor, ADDRESS, "companyLocationUpdateAddress", id=hq)


OPERATIONS = {
    "order(id: O1)": lambda w, a: order_query(w, a, "O1"),
    "order(id: O2)": lambda w, a: order_query(w, a, "O2"),
    "viewer.orders": lambda w, a: listed(w, a, "orders(first: 10) { nodes { id } }", lambda v: v["orders"]["nodes"]),
    "viewer.draftOrders": lambda w, a: listed(
        w, a, "draftOrders(first: 10) { nodes { id } }", lambda v: v["draftOrders"]["nodes"]
    ),
    "viewer.outstandingOrders": lambda w, a: listed(w, a, "outstandingOrders { id }", lambda v: v["outstandingOrders"]),
    "viewer.totalOutstanding": total_outstanding,
    "viewer.paymentMethods": payment_methods,
    "location details of L (viewer.locations)": location_details,
    "locations through a shared catalog": through_catalogs,
    "selectLocation(L)": select_location,
    "cartCreate (the location it is for)": cart_create,
    "checkoutComplete(C1)": lambda w, a: mutation(
        w, a, CHECKOUT, "checkoutComplete", cart=w.targets["C1"], method=card(w, a), key=key()
    ),
    "orderPay(O1, 1.00)": lambda w, a: mutation(w, a, ORDER_PAY, "orderPay", id=w.targets["O1"], method=card(w, a),
                                                key=key()),
    "orderPay(O2, 1.00)": lambda w, a: mutation(w, a, ORDER_PAY, "orderPay", id=w.targets["O2"], method=card(w, a),
                                                key=key()),
    "draftOrderPay(D1)": lambda w, a: mutation(w, a, DRAFT_PAY, "draftOrderPay", id=w.targets["D1"],
                                               method=card(w, a), key=key()),
    "paymentMethodAdd": lambda w, a: mutation(w, a, CARD_ADD, "paymentMethodAdd"),
    "paymentMethodSetupCreate (issue 15)": lambda w, a: mutation(
        w, a, "mutation { paymentMethodSetupCreate { clientSecret userErrors { field code message } } }",
        "paymentMethodSetupCreate",
    ),
    "ordersPay([O1])": lambda w, a: mutation(w, a, ORDERS_PAY, "ordersPay", ids=[w.targets["O1"]],
                                             method=card(w, a), key=key()),
    "ordersPay([O2])": lambda w, a: mutation(w, a, ORDERS_PAY, "ordersPay", ids=[w.targets["O2"]],
                                             method=card(w, a), key=key()),
    "orderReorder(O1)": lambda w, a: mutation(w, a, REORDER, "orderReorder", id=w.targets["O1"]),
    "orderReorder(O2)": lambda w, a: mutation(w, a, REORDER, "orderReorder", id=w.targets["O2"]),
    "paymentMethodRemove(P1)": lambda w, a: mutation(w, a, CARD_REMOVE, "paymentMethodRemove", id=w.targets["P1"]),
    "paymentMethodSetDefault(P1)": lambda w, a: mutation(
        w, a, CARD_DEFAULT, "paymentMethodSetDefault", id=w.targets["P1"]
    ),
    "customerUpdate (own name)": lambda w, a: mutation(w, a, NAME, "customerUpdate"),
    "companyLocationUpdateAddress(L)": location_update,
    "customerDelete": lambda w, a: mutation(w, a, DELETE, "customerDelete"),
    "orderFulfill(O1) on the Admin API": lambda w, a: staff_only(w, a, FULFILL, id=w.targets["O1"]),
    "returnApprove on the Admin API": lambda w, a: staff_only(
        w, a, "mutation($id: ID!) { returnApprove(id: $id) { userErrors { code } } }", id="gid://gateway/Return/1"
    ),
    "draftOrderComplete(D1) on the Admin API": lambda w, a: staff_only(
        w, a, "mutation($id: ID!) { draftOrderComplete(id: $id) { userErrors { code } } }", id=w.targets["D1"]
    ),
    "orderRefund(O1) on the Admin API": lambda w, a: staff_only(
        w, a, 'mutation($id: ID!) { orderRefund(orderId: $id, amount: "1.00", idempotencyKey: "k") '
        "{ userErrors { code } } }", id=w.targets["O1"]
    ),
    "orderRequestReturn(O1)": lambda w, a: mutation(
        w, a, RETURN, "orderRequestReturn", id=w.targets["O1"], line=w.targets["O1 line"]
    ),
    "orderRequestReturn(O2)": lambda w, a: mutation(
        w, a, RETURN, "orderRequestReturn", id=w.targets["O2"], line=w.targets["O2 line"]
    ),
    "viewer.approvalRequests": lambda w, a: listed(
        w, a, "approvalRequests(first: 10) { nodes { id } }", lambda v: v["approvalRequests"]["nodes"]
    ),
    "viewer.submittedApprovalRequests": lambda w, a: listed(
        w, a, "submittedApprovalRequests(first: 10) { nodes { id } }", lambda v: v["submittedApprovalRequests"]["nodes"]
    ),
    "approvalRequestApprove(A1)": lambda w, a: mutation(w, a, APPROVE, "approvalRequestApprove", id=w.targets["A1"]),
    "approvalRequestDecline(A1)": lambda w, a: mutation(w, a, DECLINE, "approvalRequestDecline", id=w.targets["A1"]),
    "approvalRequestToCart(A1)": lambda w, a: mutation(
        w, a, REQUEST_TO_CART, "approvalRequestToCart", id=w.targets["A1"]
    ),
    "quoteRequestCreate": lambda w, a: mutation(w, a, QUOTE_ASK, "quoteRequestCreate"),
    "viewer.quotes": lambda w, a: listed(w, a, "quotes(first: 10) { nodes { id } }", lambda v: v["quotes"]["nodes"]),
    "quoteAccept(Q1)": lambda w, a: mutation(
        w, a, QUOTE_ACCEPT, "quoteAccept", id=w.targets["Q1"], key=key(), method=card(w, a)
    ),
    "quoteDecline(Q1)": lambda w, a: mutation(w, a, QUOTE_DECLINE, "quoteDecline", id=w.targets["Q1"]),
    "cartLinesAddFromCsv(C1)": lambda w, a: mutation(w, a, CSV_ADD, "cartLinesAddFromCsv", id=w.targets["C1"]),
    "viewer.shoppingLists": lambda w, a: listed(
        w, a, "shoppingLists(first: 10) { nodes { id } }", lambda v: v["shoppingLists"]["nodes"]
    ),
    "shoppingListLinesAdd(S1)": lambda w, a: mutation(w, a, LIST_ADD, "shoppingListLinesAdd", id=w.targets["S1"]),
    "shoppingListToCart(S1)": lambda w, a: mutation(w, a, LIST_TO_CART, "shoppingListToCart", id=w.targets["S1"]),
    "companyLocationContactInvite(L)": lambda w, a: _with_hq(w, a, INVITE, "companyLocationContactInvite"),
    "companyLocationContactRemove(L, ordering)": lambda w, a: _with_hq(
        w, a, REMOVE, "companyLocationContactRemove", contact=w.targets["olga contact"]
    ),
    "companyRoleCreate on the Admin API": lambda w, a: staff_only(
        w, a, "mutation { companyRoleCreate(input: {name: \"X\", permissions: []}) { userErrors { code } } }"
    ),
    "quoteSend(Q1) on the Admin API": lambda w, a: staff_only(
        w, a, "mutation($id: ID!) { quoteSend(id: $id) { userErrors { code } } }", id=w.targets["Q1"]
    ),
}


async def _with_hq(w: World, actor: str, document: str, name: str, **variables: Any) -> str:
    return await mutation(w, actor, document, name, id=await hq_of(w), **variables)

CELLS = [(operation, actor) for operation in MATRIX for actor in ACTORS]


def test_every_row_has_a_probe_and_six_cells():
    assert set(OPERATIONS) == set(MATRIX)
    assert all(len(cells) == len(ACTORS) for cells in MATRIX.values())


@pytest.mark.parametrize(("operation", "actor"), CELLS, ids=[f"{op} as {actor}" for op, actor in CELLS])
async def test_cell(world: World, operation: str, actor: str):
    expected = MATRIX[operation][ACTORS.index(actor)]
    assert await OPERATIONS[operation](world, actor) == expected
