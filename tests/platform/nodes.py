"""One of every Node type for anna (LOCATION_ADMIN of acme's HQ), shared by the node(id:) tests of both APIs."""

from __future__ import annotations

from typing import Any

from tests.account.helpers import place_order
from tests.customers.groups import add_to_group, create_group
from tests.governance.helpers import CHECKOUT, ROLE_CREATE, contact
from tests.orders.helpers import key, new_cart, set_terms
from tests.orders.returns import fulfill, line, request_return
from tests.outbox.webhooks import subscribe

QUOTE_REQUEST = """mutation($input: QuoteRequestInput!) { quoteRequestCreate(input: $input) { userErrors { code } } }"""
LIST_CREATE = """mutation($input: ShoppingListInput!) { shoppingListCreate(input: $input) { userErrors { code } } }"""
ADDRESS_CREATE = """mutation($a: AddressInput!) { customerAddressCreate(address: $a) { userErrors { code } } }"""


async def one_of_everything(acme: dict[str, Any], admin, db, client, catalog) -> None:  # noqa: ANN001
    """anna's paid order with its transaction, fulfillment, return and webhook delivery, her address,
    group, draft, quote and shopping list; a custom role (carl's); an approval request of her colleague
    bob; HQ on Net 30 terms, its orders drafts for approval."""
    anna, hq, bolt, nut = acme["buyer"], acme["location"], acme["bolt"]["variants"][0], acme["nut"]["variants"][0]
    await catalog()
    await subscribe(admin, "ORDERS_CREATE", "https://erp.example/hooks")  # each order queues a delivery
    order = await place_order(anna, (bolt, 2))  # a card, a paid order and its transaction
    fulfilled = await fulfill(admin, order["id"])
    assert fulfilled["userErrors"] == []
    returned = await request_return(anna, order["id"], line(fulfilled["order"]["lineItems"][0]["id"], 1))
    assert returned["userErrors"] == []
    address = {"address1": "Storgatan 1", "city": "Malmö", "countryCode": "SE"}
    assert (await anna(ADDRESS_CREATE, a=address))["customerAddressCreate"]["userErrors"] == []
    await add_to_group(admin, await create_group(admin, "Trade"), (await anna("{ viewer { id } }"))["viewer"])
    role = (await admin(ROLE_CREATE, input={"name": "Orderer", "permissions": ["PLACE_ORDERS"]}))["companyRoleCreate"]
    await contact(admin, db, client, "carl@acme.test", hq, roleId=role["companyRole"]["id"])
    await set_terms(admin, hq, "Net 30")
    bob, _ = await contact(admin, db, client, "bob@acme.test", hq, role="ORDERING_ONLY", limit="10.04")
    asked = await bob(CHECKOUT, cart=await new_cart(bob, nut, 1), key=key())
    assert asked["checkoutComplete"]["approvalRequest"], asked  # anna approves at HQ
    await set_terms(admin, hq, "Net 30", checkoutToDraft=True)
    drafted = await anna(CHECKOUT, cart=await new_cart(anna, bolt, 1), key=key())
    assert drafted["checkoutComplete"]["draftOrder"], drafted
    quoted = await anna(QUOTE_REQUEST, input={"lines": [{"sku": "NUT", "quantity": 4}]})
    assert quoted["quoteRequestCreate"]["userErrors"] == []
    listed = await anna(LIST_CREATE, input={"name": "Monthly", "lines": [{"sku": "BOLT-S", "quantity": 5}]})
    assert listed["shoppingListCreate"]["userErrors"] == []
