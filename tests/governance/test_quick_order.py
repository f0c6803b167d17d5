"""Quick order through HTTP: cart lines by sku, a CSV of sku,quantity rows whose problems name their
line, and shopping lists shared within a location and ordered into a cart priced for it."""

from __future__ import annotations

from tests.account.helpers import new_location
from tests.governance.helpers import contact
from tests.helpers import ERRORS, codes
from tests.orders.helpers import CART_CREATE

CART = "cart { id lines { quantity unitPrice { amount } variant { sku } } subtotal { amount } }"
ADD = f"""mutation($cart: ID!, $lines: [CartLineInput!]!) {{ cartLinesAdd(cartId: $cart, lines: $lines) {{
    {CART} {ERRORS} }} }}"""
CSV = f"""mutation($cart: ID!, $csv: String!) {{ cartLinesAddFromCsv(cartId: $cart, csv: $csv) {{ {CART} {ERRORS} }} }}"""
LIST = "id name lines { id quantity variant { sku } } location { name }"
LIST_CREATE = f"""mutation($input: ShoppingListInput!) {{ shoppingListCreate(input: $input) {{
    shoppingList {{ {LIST} }} {ERRORS} }} }}"""
LIST_RENAME = f"""mutation($id: ID!, $name: String!) {{ shoppingListUpdate(id: $id, name: $name) {{
    shoppingList {{ {LIST} }} {ERRORS} }} }}"""
LIST_ADD = f"""mutation($id: ID!, $lines: [CartLineInput!]!) {{ shoppingListLinesAdd(id: $id, lines: $lines) {{
    shoppingList {{ {LIST} }} {ERRORS} }} }}"""
LIST_REMOVE = f"""mutation($id: ID!, $lines: [ID!]!) {{ shoppingListLinesRemove(id: $id, lineIds: $lines) {{
    shoppingList {{ {LIST} }} {ERRORS} }} }}"""
TO_CART = f"mutation($id: ID!) {{ shoppingListToCart(id: $id) {{ {CART} {ERRORS} }} }}"
LISTS = f"{{ viewer {{ shoppingLists(first: 10) {{ nodes {{ {LIST} }} }} }} }}"


async def empty_cart(buyer) -> str:  # noqa: ANN001
    created = (await buyer(CART_CREATE, input={"lines": []}))["cartCreate"]
    assert created["userErrors"] == []
    return created["cart"]["id"]


async def test_cart_lines_by_sku(acme):
    buyer = acme["buyer"]
    cart = await empty_cart(buyer)
    added = (await buyer(ADD, cart=cart, lines=[{"sku": "BOLT-L", "quantity": 2}, {"sku": " NUT "}]))["cartLinesAdd"]
    assert added["userErrors"] == []
    assert [(l["variant"]["sku"], l["quantity"]) for l in added["cart"]["lines"]] == [("BOLT-L", 2), ("NUT", 1)]
    bad = (await buyer(ADD, cart=cart, lines=[{"sku": "BOLT-L"}, {"sku": "NOPE"}, {}, {"sku": "NU\x00T"}]))
    assert codes(bad["cartLinesAdd"]) == [
        (["lines", "3", "sku"], "INVALID"),  # a NUL never reaches the database (PostgreSQL refuses it)
        (["lines", "1", "sku"], "NOT_FOUND"), (["lines", "2", "variantId"], "INVALID"),
    ]


async def test_csv_rows_become_lines_and_problems_name_their_line(acme):
    buyer = acme["buyer"]
    cart = await empty_cart(buyer)
    added = (await buyer(CSV, cart=cart, csv="sku,quantity\nBOLT-S,3\n\nNUT, 2\r\nBOLT-S,1\n"))["cartLinesAddFromCsv"]
    assert added["userErrors"] == []
    assert [(l["variant"]["sku"], l["quantity"]) for l in added["cart"]["lines"]] == [("BOLT-S", 4), ("NUT", 2)]
    bad = (await buyer(CSV, cart=cart, csv="BOLT-S,1\nNOPE,2\nNUT,two\nNUT\nNUT,0\n"))["cartLinesAddFromCsv"]
    assert codes(bad) == [
        (["csv", "3"], "INVALID"), (["csv", "4"], "INVALID"), (["csv", "5"], "INVALID"),
    ]
    assert all(e["message"].startswith(f"Line {e['field'][1]}") for e in bad["userErrors"])
    unknown = (await buyer(CSV, cart=cart, csv="BOLT-S,1\nNOPE,2\n"))["cartLinesAddFromCsv"]
    assert codes(unknown) == [(["csv", "2"], "NOT_FOUND")]
    assert unknown["userErrors"][0]["message"].startswith("Line 2 (NOPE)")
    assert codes((await buyer(CSV, cart=cart, csv="  \n"))["cartLinesAddFromCsv"]) == [(["csv"], "BLANK")]
    cart_now = (await buyer(f"query($id: ID!) {{ cart(id: $id) {{ lines {{ quantity }} }} }}", id=cart))["cart"]
    assert [l["quantity"] for l in cart_now["lines"]] == [4, 2]  # nothing of the bad CSVs


async def test_shopping_lists_are_shared_within_a_location(acme, admin, db, client, catalog):
    await catalog("Acme prices", adjustment=("PERCENTAGE_DECREASE", "10"))
    hq, anna = acme["location"], acme["buyer"]
    made = (await anna(LIST_CREATE, input={"name": "Monthly", "lines": [{"sku": "BOLT-S", "quantity": 5}]}))
    shopping_list = made["shoppingListCreate"]["shoppingList"]
    assert (shopping_list["name"], shopping_list["location"]) == ("Monthly", {"name": "HQ"})
    olga, _ = await contact(admin, db, client, "olga@acme.test", hq, role="ORDERING_ONLY")
    assert [n["id"] for n in (await olga(LISTS))["viewer"]["shoppingLists"]["nodes"]] == [shopping_list["id"]]
    added = (await olga(LIST_ADD, id=shopping_list["id"], lines=[{"sku": "NUT", "quantity": 2}, {"sku": "BOLT-S"}]))
    lines = added["shoppingListLinesAdd"]["shoppingList"]["lines"]
    assert [(l["variant"]["sku"], l["quantity"]) for l in lines] == [("BOLT-S", 6), ("NUT", 2)]
    renamed = (await olga(LIST_RENAME, id=shopping_list["id"], name="Every month"))["shoppingListUpdate"]
    assert renamed["shoppingList"]["name"] == "Every month"
    assert codes((await olga(LIST_RENAME, id=shopping_list["id"], name=" "))["shoppingListUpdate"]) == [(["name"], "BLANK")]

    cart = (await olga(TO_CART, id=shopping_list["id"]))["shoppingListToCart"]
    assert cart["userErrors"] == []
    assert [(l["variant"]["sku"], l["quantity"], l["unitPrice"]["amount"]) for l in cart["cart"]["lines"]] == [
        ("BOLT-S", 6, "9.00"), ("NUT", 2, "9.05"),  # repriced for HQ's catalog (10 % off)
    ]
    removed = (await anna(LIST_REMOVE, id=shopping_list["id"], lines=[lines[1]["id"]]))["shoppingListLinesRemove"]
    assert [l["variant"]["sku"] for l in removed["shoppingList"]["lines"]] == ["BOLT-S"]
    again = (await anna(LIST_REMOVE, id=shopping_list["id"], lines=[lines[1]["id"]]))["shoppingListLinesRemove"]
    assert codes(again) == [(["lineIds", "0"], "NOT_FOUND")]

    depot = await new_location(admin, "Depot")
    nils, _ = await contact(admin, db, client, "nils@acme.test", depot, role="LOCATION_ADMIN")
    assert (await nils(LISTS))["viewer"]["shoppingLists"]["nodes"] == []
    assert codes((await nils(TO_CART, id=shopping_list["id"]))["shoppingListToCart"]) == [(["id"], "NOT_FOUND")]
    assert codes((await nils(LIST_ADD, id=shopping_list["id"], lines=[{"sku": "NUT"}]))["shoppingListLinesAdd"]) == [
        (["id"], "NOT_FOUND")
    ]
