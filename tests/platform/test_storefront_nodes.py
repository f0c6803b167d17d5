"""node(id:) on the Storefront API answers every Node type it shows, to exactly those its own field
shows it to: a Relay client may refetch any id it was given. The ids are the ones anna's own
Storefront reads hand out; her colleague, a buyer of another company and an anonymous visitor get
only what their own reads would show them."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.account.helpers import colleague
from tests.catalog.helpers import login
from tests.customers.account_requests import submitted
from tests.helpers import create_company
from tests.orders.helpers import new_cart
from tests.platform.nodes import one_of_everything

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
KINDS = "{ __type(name: \"Node\") { possibleTypes { name } } }"

# Every id anna's own Storefront reads hand out (a Relay client keeps them all).
HARVEST = """query($cart: ID!) {
  viewer { id addresses { id } groups { id } paymentMethods { id }
    companyContacts { id company { id } roleAssignments { id companyRole { id } } }
    locations(first: 5) { nodes { id roleAssignments { id companyRole { id } }
      buyerExperienceConfiguration { paymentTermsTemplate { id } }
      catalogs(first: 5) { nodes { id priceList { id } } } } }
    orders(first: 5) { nodes { id transactions { id } fulfillments { id } returns { id } } }
    draftOrders(first: 5) { nodes { id } } approvalRequests(first: 5) { nodes { id } }
    quotes(first: 5) { nodes { id lines { id } } } shoppingLists(first: 5) { nodes { id lines { id } } } }
  cart(id: $cart) { id lines { id } }
  products(first: 5) { nodes { id variants { id } } } }"""


CATALOG_TYPES = {"Product", "ProductVariant"}
# What anna's colleague olga (ORDERING_ONLY at HQ) reaches herself: HQ and what hangs off it.
LOCATION_TYPES = {"Company", "CompanyLocation", "CompanyContactRoleAssignment", "CompanyRole", "Catalog", "PriceList",
                  "PaymentTermsTemplate", "ShoppingList", "ShoppingListLine"}
# Never answered by node(id:) on the Storefront (docstring of resolvers/storefront_nodes.py).
UNANSWERED = {"AccountRequest"}


@pytest.fixture
async def world(acme, admin, db, client, catalog) -> dict:  # noqa: ANN001
    """anna (LOCATION_ADMIN of HQ) with one of everything the Storefront shows her (tests/platform/nodes.py)."""
    anna, hq = acme["buyer"], acme["location"]
    await one_of_everything(acme, admin, db, client, catalog)
    cart = await new_cart(anna, acme["bolt"]["variants"][0], 3)
    return {"anna": anna, "ids": _by_type(await anna(HARVEST, cart=cart)),
            "olga": await colleague(admin, db, client, "olga@acme.test", hq, "ORDERING_ONLY")}


def _by_type(data: object, found: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """{type name: ids} of every id in a response (a gid names its type; a cart's id is a token)."""
    found = defaultdict(set) if found is None else found
    if isinstance(data, dict):
        for name, value in data.items():
            if name == "id":
                found[value.split("/")[3]].add(value)
            else:
                _by_type(value, found)
    elif isinstance(data, list):
        for item in data:
            _by_type(item, found)
    return found


async def _answers(buyer, ids: dict[str, set[str]]) -> set[str]:  # noqa: ANN001
    """The types of which buyer's node(id:) answers every id, checking each answer is that object;
    a type answered for only some of its ids fails the test."""
    answered = set()
    for type_name, gids in ids.items():
        nodes = [(await buyer(NODE, id=gid))["node"] for gid in sorted(gids)]
        if all(node is None for node in nodes):
            continue
        assert nodes == [{"__typename": type_name, "id": gid} for gid in sorted(gids)], type_name
        answered.add(type_name)
    return answered


async def test_the_owner_refetches_every_node_type_it_was_given(world, storefront):
    kinds = {t["name"] for t in (await storefront(KINDS))["__type"]["possibleTypes"]}
    assert set(world["ids"]) == kinds - UNANSWERED  # every Storefront Node type, so a new one is not forgotten
    assert await _answers(world["anna"], world["ids"]) == kinds - UNANSWERED


async def test_others_get_only_what_their_own_reads_show(world, admin, db, client, storefront):
    assert await _answers(storefront, world["ids"]) == CATALOG_TYPES
    await create_company(admin, "Other", email="eve@other.test")
    eve = await login(db, client, "eve@other.test")
    assert await _answers(eve, world["ids"]) == CATALOG_TYPES
    assert await _answers(world["olga"], world["ids"]) == CATALOG_TYPES | LOCATION_TYPES


async def test_unknown_foreign_or_malformed_ids_are_null(world):
    for gid in ("gid://gateway/Order/999", "gid://gateway/Order/x", "gid://gateway/Order/-1", "gid://gateway/Order/",
                "gid://gateway/Order/1/2", "Order/1", "", "gid://gateway/Cart/guess", "gid://gateway/StaffMember/1",
                "gid://gateway/CustomerEmail/1", "gid://gateway/AccountRequest/1", "gid://gateway/Nothing/1"):
        assert (await world["anna"](NODE, id=gid))["node"] is None, gid


async def test_an_anonymous_carts_lines_and_an_account_request_are_not_read_back_by_id(acme, storefront):
    """An anonymous cart's only key is its random id: its lines' plain ids answer null, to its
    visitor too. An account request is never read back on the Storefront."""
    cart = await new_cart(storefront, acme["bolt"]["variants"][0])
    [cart_line] = (await storefront("query($id: ID!) { cart(id: $id) { lines { id } } }", id=cart))["cart"]["lines"]
    assert (await storefront(NODE, id=cart))["node"] == {"__typename": "Cart", "id": cart}
    request = await submitted(storefront)
    for gid in (cart_line["id"], request):
        assert (await storefront(NODE, id=gid))["node"] is None
        assert (await acme["buyer"](NODE, id=gid))["node"] is None
