"""viewer.returns and the seeds' "Mina sidor" (issue 14, point 9): a direct customer's profile,
numbers, groups, addresses, orders and returns in one query."""

from __future__ import annotations

from tests.account.helpers import place_order
from tests.account.test_address_book import HOME, add
from tests.catalog.helpers import login
from tests.customers.groups import add_to_group, create_customer, create_group, shop_update
from tests.helpers import create_product
from tests.orders.returns import line, request_return

MY_PAGES = """{ viewer {
    email firstName lastName phone customerNumber emailMarketingConsent acceptsPartnerOffers
    groups { name }
    defaultAddress { address1 city }
    addresses { city isDefault }
    orders(first: 10) { nodes { name total { amount } } }
    returns(first: 10) { nodes { name status lines { quantity reason } } }
} }"""


async def test_my_pages_in_one_query(admin, db, client):
    await shop_update(admin, assignCustomerNumbers=True)
    retail = await create_group(admin, "Retail")
    eva = await create_customer(admin, "eva@home.test", firstName="Eva", lastName="Ek", phone="+46 8 1")
    await add_to_group(admin, retail, eva)
    bolt = await create_product(admin, "Bolt", "BOLT", price="10.00")
    buyer = await login(db, client, "eva@home.test")
    await add(buyer, HOME)
    order = await place_order(buyer, (bolt["variants"][0], 3))
    lines = (await buyer("query($id: ID!) { order(id: $id) { lineItems { id } } }", id=order["id"]))
    assert (await request_return(buyer, order["id"], line(lines["order"]["lineItems"][0]["id"], 1)))["userErrors"] == []
    other = await login(db, client, "olle@home.test")  # another customer sees nothing of eva's
    viewer = (await buyer(MY_PAGES))["viewer"]
    assert viewer == {
        "email": "eva@home.test", "firstName": "Eva", "lastName": "Ek", "phone": "+46 8 1",
        "customerNumber": "K-10000", "emailMarketingConsent": "NOT_SUBSCRIBED", "acceptsPartnerOffers": False,
        "groups": [{"name": "Retail"}],
        "defaultAddress": {"address1": "Storgatan 1", "city": "Malmö"},
        "addresses": [{"city": "Malmö", "isDefault": True}],
        "orders": {"nodes": [{"name": order["name"], "total": {"amount": "30.00"}}]},
        "returns": {"nodes": [{"name": f"{order['name']}-R1", "status": "REQUESTED",
                               "lines": [{"quantity": 1, "reason": "DEFECTIVE"}]}]},
    }
    theirs = (await other(MY_PAGES))["viewer"]
    assert theirs["orders"]["nodes"] == [] and theirs["returns"]["nodes"] == [] and theirs["addresses"] == []


async def test_a_location_admin_sees_the_returns_of_its_locations_orders(acme, admin, db, client):
    from tests.account.helpers import colleague

    buyer = acme["buyer"]
    bo = await colleague(admin, db, client, "bo@acme.test", acme["location"], "ORDERING_ONLY")
    order = await place_order(bo, (acme["bolt"]["variants"][0], 2))
    lines = await bo("query($id: ID!) { order(id: $id) { lineItems { id } } }", id=order["id"])
    assert (await request_return(bo, order["id"], line(lines["order"]["lineItems"][0]["id"], 1)))["userErrors"] == []
    query = "{ viewer { returns(first: 5) { nodes { name } } } }"
    assert (await buyer(query))["viewer"]["returns"]["nodes"] == [{"name": f"{order['name']}-R1"}]
    assert (await bo(query))["viewer"]["returns"]["nodes"] == [{"name": f"{order['name']}-R1"}]
