"""node(id:) on the Admin API answers every Node type of the Admin schema, by its global id, and
null for unknown, malformed or foreign ids. The ids are the ones the Admin API's own reads hand out;
a payment method or shopping list is read only by its Storefront viewer, so its id answers null."""

from __future__ import annotations

from collections import defaultdict

import pytest

from gateway.auth import staff_tokens
from tests.customers.account_requests import mails, submitted
from tests.helpers import MERCHANT, GraphQLClient, create_company
from tests.platform.nodes import one_of_everything

QUERY = "query($id: ID!) { node(id: $id) { __typename id } }"
KINDS = "{ __type(name: \"Node\") { possibleTypes { name } } }"

# Every id the Admin API's reads hand out (a Relay client keeps them all), each with one field that
# tells its object apart; a type asks the same field wherever it appears.
HARVEST = """{
  companies(first: 5) { nodes { id name contacts(first: 5) { nodes { id createdAt customer { id email
      addresses { id city } groups { id name } emails(first: 20) { nodes { id subject } }
      paymentMethods { id brand } shoppingLists(first: 5) { nodes { id name } } }
    roleAssignments { id role companyRole { id name } } } }
    locations(first: 5) { nodes { id name buyerExperienceConfiguration { paymentTermsTemplate { id name } }
      catalogs(first: 5) { nodes { id title priceList { id currencyCode } } } } } } }
  products(first: 5) { nodes { id title variants { id sku } } }
  orders(first: 5) { nodes { id name transactions { id kind } fulfillments { id createdAt } returns { id name } } }
  draftOrders(first: 5) { nodes { id status } } approvalRequests(first: 5) { nodes { id createdAt } }
  quotes(first: 5) { nodes { id name lines { id sku } } } accountRequests(first: 5) { nodes { id email } }
  webhookSubscriptions(first: 5) { nodes { id url deliveries(first: 5) { nodes { id deliveryId } } } } }"""
# What only the Storefront viewer reads: anna's own cards and her location's shopping lists.
VIEWERS_OWN = """{ viewer { paymentMethods { id brand }
    shoppingLists(first: 5) { nodes { id name lines { id quantity } } } } }"""
VIEWER_ONLY = {"PaymentMethod", "ShoppingList", "ShoppingListLine"}



@pytest.fixture
async def world(acme, admin, db, client, catalog, storefront) -> dict[str, dict[str, dict]]:
    """One of every Node type (tests/platform/nodes.py) and an account request: {type name: {id: its fields}}."""
    await one_of_everything(acme, admin, db, client, catalog)
    await submitted(storefront)
    return _by_type([await admin(HARVEST), await acme["buyer"](VIEWERS_OWN)])


def _by_type(data: object, found: dict[str, dict[str, dict]] | None = None) -> dict[str, dict[str, dict]]:
    """{type name: {id: its scalar fields}} of every object with an id in a response (a gid names its type)."""
    found = defaultdict(dict) if found is None else found
    if isinstance(data, dict):
        if "id" in data:
            fields = {k: v for k, v in data.items() if isinstance(v, str | int | float | bool)}  # not a child
            found[data["id"].split("/")[3]][data["id"]] = fields
        for value in data.values():
            _by_type(value, found)
    elif isinstance(data, list):
        for item in data:
            _by_type(item, found)
    return found


async def _answers(staff: GraphQLClient, objects: dict[str, dict[str, dict]]) -> set[str]:
    """The types of which staff's node(id:) answers every id, each with the fields it was read with;
    a type answered for only some of its ids, or with another object, fails the test."""
    answered = set()
    for type_name, found in objects.items():
        fields = " ".join(next(iter(found.values())))
        query = f"query($id: ID!) {{ node(id: $id) {{ __typename ... on {type_name} {{ {fields} }} }} }}"
        nodes = [(await staff(query, id=gid))["node"] for gid in sorted(found)]
        if all(node is None for node in nodes):
            continue
        assert nodes == [{"__typename": type_name, **found[gid]} for gid in sorted(found)], type_name
        answered.add(type_name)
    return answered


async def test_staff_refetch_every_node_type_they_were_given(world, admin, db, client):
    kinds = {t["name"] for t in (await admin(KINDS))["__type"]["possibleTypes"]}
    assert set(world) == kinds  # every Admin Node type, so a new one is not forgotten
    assert await _answers(admin, world) == kinds - VIEWER_ONLY
    async with db.transaction() as session:  # a read-only token reads as much
        viewer = GraphQLClient(client, "/admin/graphql", await staff_tokens.create(session, "ro", "VIEWER"))
    assert await _answers(viewer, world) == kinds - VIEWER_ONLY


async def test_unknown_ids_of_every_type_are_null_and_known_ones_answer(world, admin, db):
    """Outbox rows are emails and webhook deliveries alike: each answers only as its own type, and
    mail to the merchant is no customer's email."""
    email, delivery = min(world["CustomerEmail"]), min(world["WebhookDelivery"])
    merchant_mail = (await mails(db, MERCHANT))[0].id
    swapped = {email.replace("CustomerEmail", "WebhookDelivery"), delivery.replace("WebhookDelivery", "CustomerEmail"),
               f"gid://gateway/CustomerEmail/{merchant_mail}"}
    unknown = {f"gid://gateway/{type_name}/999999" for type_name in world}
    for gid in unknown | swapped:
        assert (await admin(QUERY, id=gid))["node"] is None, gid
    for gid in (email, delivery):
        assert (await admin(QUERY, id=gid))["node"] == {"__typename": gid.split("/")[3], "id": gid}


@pytest.mark.parametrize(
    "gid",
    ["gid://gateway/Company/999", "gid://gateway/Order/1", "gid://gateway/StaffToken/1", "gid://gateway/Company/x",
     "gid://gateway/Company/-1", "gid://gateway/Company/", "Company/1", "", "gid://gateway/Company/1/2"],
)
async def test_unknown_foreign_or_malformed_ids_are_null(admin, gid):
    await create_company(admin)
    assert (await admin(QUERY, id=gid))["node"] is None


async def test_company_and_customer_queries_ignore_ids_of_other_types(admin):
    company = await create_company(admin)
    customer = company["mainContact"]["customer"]["id"]
    data = await admin(
        "query($a: ID!, $b: ID!) { company(id: $a) { id } customer(id: $b) { id } }", a=customer, b=company["id"]
    )
    assert data == {"company": None, "customer": None}

