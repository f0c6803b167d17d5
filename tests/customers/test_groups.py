"""Customer groups through the Admin API, and what their catalogs do for a direct (D2C) customer."""

from __future__ import annotations

from tests.catalog.helpers import add_prices, login, variant_of
from tests.customers.groups import ADD, REMOVE, add_to_group, create_customer, create_group, shop_update
from tests.helpers import ERRORS, codes, create_catalog, create_product

UPDATE = f"""mutation($id: ID!, $input: CustomerGroupInput!) {{ customerGroupUpdate(id: $id, input: $input) {{
    customerGroup {{ id name description }} {ERRORS} }} }}"""
DELETE = f"mutation($id: ID!) {{ customerGroupDelete(id: $id) {{ deletedId {ERRORS} }} }}"
CONTEXT = f"""mutation($id: ID!, $add: CatalogContextInput, $remove: CatalogContextInput) {{
    catalogContextUpdate(catalogId: $id, contextsToAdd: $add, contextsToRemove: $remove) {{
      catalog {{ id customerGroups(first: 10) {{ nodes {{ name }} }} }} {ERRORS} }} }}"""
PRODUCTS = "{ products(first: 20) { nodes { handle } } }"


async def test_create_update_list_and_delete(admin):
    retail = await create_group(admin, "Retail", description="People")
    assert retail["name"] == "Retail" and retail["description"] == "People"
    await create_group(admin, "Trade")
    payload = (await admin(UPDATE, id=retail["id"], input={"name": "Retail shop"}))["customerGroupUpdate"]
    assert payload["userErrors"] == [] and payload["customerGroup"]["name"] == "Retail shop"
    listed = await admin('{ customerGroups(first: 10, query: "trade") { nodes { name } } }')
    assert listed["customerGroups"]["nodes"] == [{"name": "Trade"}]
    deleted = (await admin(DELETE, id=retail["id"]))["customerGroupDelete"]
    assert deleted == {"deletedId": retail["id"], "userErrors": []}
    assert (await admin("query($id: ID!) { customerGroup(id: $id) { id } }", id=retail["id"]))["customerGroup"] is None


async def test_bad_input_changes_nothing(admin):
    retail = await create_group(admin, "Retail")
    assert codes((await admin(UPDATE, id=retail["id"], input={"name": "  "}))["customerGroupUpdate"]) == [
        (["input", "name"], "BLANK")]
    await create_group(admin, "Trade")
    assert codes((await admin(UPDATE, id=retail["id"], input={"name": "TRADE"}))["customerGroupUpdate"]) == [
        (["input", "name"], "TAKEN")]
    unknown = (await admin(ADD, g=retail["id"], c=["gid://gateway/Customer/999"]))["customerGroupAddCustomers"]
    assert codes(unknown) == [(["customerIds", "0"], "NOT_FOUND")]
    assert codes((await admin(DELETE, id="gid://gateway/CustomerGroup/999"))["customerGroupDelete"]) == [
        (["id"], "NOT_FOUND")]
    data = await admin("query($id: ID!) { customerGroup(id: $id) { name customers(first: 5) { nodes { id } } } }",
                       id=retail["id"])
    assert data["customerGroup"] == {"name": "Retail", "customers": {"nodes": []}}


async def test_members_in_the_group_the_record_and_the_filtered_list(admin):
    retail, trade = await create_group(admin, "Retail"), await create_group(admin, "Trade")
    eva = await create_customer(admin, "eva@home.test")
    olle = await create_customer(admin, "olle@home.test")
    await add_to_group(admin, retail, eva, olle)
    await add_to_group(admin, retail, eva)  # already in: nothing changes
    await add_to_group(admin, trade, olle)
    query = "query($g: ID) { customers(first: 10, customerGroupId: $g) { nodes { email groups { name } } } }"
    assert (await admin(query, g=trade["id"]))["customers"]["nodes"] == [
        {"email": "olle@home.test", "groups": [{"name": "Retail"}, {"name": "Trade"}]}]
    removed = (await admin(REMOVE, g=retail["id"], c=[olle["id"]]))["customerGroupRemoveCustomers"]
    assert removed["customerGroup"]["customers"]["nodes"] == [{"email": "eva@home.test"}]
    assert (await admin(query, g="gid://gateway/CustomerGroup/999"))["customers"]["nodes"] == []


async def d2c_setup(admin, db, client):  # noqa: ANN001, ANN201
    """Bolt (10.00) and Nut (20.00) for everyone; eva in Retail (10 % off) and Trade (fixed 8.50 for
    the bolt, and the pallet, a product only Trade's second catalog lists)."""
    bolt = await create_product(admin, "Bolt", "BOLT", price="10.00")
    nut = await create_product(admin, "Nut", "NUT", price="20.00")
    pallet = await create_product(admin, "Pallet", "PALLET", price="500.00")
    retail, trade = await create_group(admin, "Retail"), await create_group(admin, "Trade")
    eva = await create_customer(admin, "eva@home.test")
    await add_to_group(admin, retail, eva)
    await add_to_group(admin, trade, eva)
    tenth = await create_catalog(admin, "Retail prices", currency=None, customerGroupIds=[retail["id"]],
                                 priceList={"currency": "EUR", "adjustment": {"type": "PERCENTAGE_DECREASE", "value": "10"}})
    fixed = await create_catalog(admin, "Trade prices", customerGroupIds=[trade["id"]])
    await add_prices(admin, fixed, {"variantId": bolt["variants"][0]["id"], "price": "8.50"})
    only = await create_catalog(admin, "Trade only", productIds=[pallet["id"]])
    payload = (await admin(CONTEXT, id=only["id"], add={"customerGroupIds": [trade["id"]]}))["catalogContextUpdate"]
    assert payload["userErrors"] == [] and payload["catalog"]["customerGroups"]["nodes"] == [{"name": "Trade"}]
    return {"eva": await login(db, client, "eva@home.test"), "retail": retail, "trade": trade, "tenth": tenth,
            "fixed": fixed, "only": only, "nut": nut}


async def test_a_direct_customer_gets_the_lowest_price_of_its_groups(admin, db, client):
    setup = await d2c_setup(admin, db, client)
    bolt = await variant_of(setup["eva"], "bolt")
    assert bolt["price"]["amount"] == "8.50"
    assert bolt["priceSource"] == {"catalogId": setup["fixed"]["id"], "catalogTitle": "Trade prices", "rule": "FIXED"}
    nut = await variant_of(setup["eva"], "nut")
    assert nut["price"]["amount"] == "18.00"
    assert nut["priceSource"] == {"catalogId": setup["tenth"]["id"], "catalogTitle": "Retail prices",
                                  "rule": "PERCENTAGE"}
    # Leaving Trade: Retail's 10 % wins for the bolt too.
    await admin(REMOVE, g=setup["trade"]["id"], c=[(await admin('{ customers(first: 1) { nodes { id } } }'))[
        "customers"]["nodes"][0]["id"]])
    assert (await variant_of(setup["eva"], "bolt"))["price"]["amount"] == "9.00"


async def test_a_product_published_only_to_a_group_is_invisible_to_others(admin, db, client, storefront):
    setup = await d2c_setup(admin, db, client)
    everyone = ["bolt", "nut"]
    assert sorted(n["handle"] for n in (await setup["eva"](PRODUCTS))["products"]["nodes"]) == [*everyone, "pallet"]
    # Retail's catalog publishes every product: its 10 % beats Trade only's base price.
    assert (await variant_of(setup["eva"], "pallet"))["price"]["amount"] == "450.00"
    assert sorted(n["handle"] for n in (await storefront(PRODUCTS))["products"]["nodes"]) == everyone
    assert await variant_of(storefront, "pallet") is None
    olle = await login(db, client, "olle@home.test")  # a customer in no group: base prices, no pallet
    assert sorted(n["handle"] for n in (await olle(PRODUCTS))["products"]["nodes"]) == everyone
    bolt = await variant_of(olle, "bolt")
    assert bolt["price"]["amount"] == "10.00" and bolt["priceSource"]["rule"] == "BASE"


async def test_draft_catalogs_and_customers_without_groups_see_base_prices(admin, db, client):
    setup = await d2c_setup(admin, db, client)
    update = "mutation($id: ID!) { catalogUpdate(id: $id, input: {status: DRAFT}) { userErrors { code } } }"
    for catalog in ("tenth", "fixed", "only"):
        assert (await admin(update, id=setup[catalog]["id"]))["catalogUpdate"]["userErrors"] == []
    bolt = await variant_of(setup["eva"], "bolt")
    assert bolt["price"]["amount"] == "10.00" and bolt["priceSource"]["rule"] == "BASE"
    # The pallet's only catalog is a draft: nothing reserves it to Trade any more.
    assert (await variant_of(setup["eva"], "pallet"))["price"]["amount"] == "500.00"


async def test_a_group_catalog_prices_in_the_shops_currency(admin):
    retail = await create_group(admin, "Retail")
    usd = await create_catalog(admin, "Dollars", currency="USD")
    payload = (await admin(CONTEXT, id=usd["id"], add={"customerGroupIds": [retail["id"]]}))["catalogContextUpdate"]
    assert codes(payload) == [(["contextsToAdd", "customerGroupIds"], "CURRENCY_MISMATCH")]
    unknown = (await admin(CONTEXT, id=usd["id"], add={"customerGroupIds": ["gid://gateway/CustomerGroup/9"]}))
    assert codes(unknown["catalogContextUpdate"]) == [(["contextsToAdd", "customerGroupIds", "0"], "NOT_FOUND")]


async def test_a_location_buyer_is_priced_by_its_location_not_its_groups(acme, catalog, admin):
    await catalog(adjustment=("PERCENTAGE_DECREASE", "5"))
    anna = (await admin('{ customers(first: 1, query: "anna") { nodes { id } } }'))["customers"]["nodes"][0]
    retail = await create_group(admin, "Retail")
    await add_to_group(admin, retail, anna)
    await create_catalog(admin, "Retail prices", currency=None, customerGroupIds=[retail["id"]],
                         priceList={"currency": "EUR", "adjustment": {"type": "PERCENTAGE_DECREASE", "value": "50"}})
    assert (await variant_of(acme["buyer"], "bolt"))["price"]["amount"] == "9.50"


async def test_the_default_group_is_set_and_cleared(admin):
    retail = await create_group(admin, "Retail")
    payload = await shop_update(admin, defaultCustomerGroupId=retail["id"])
    assert payload["userErrors"] == [] and payload["shop"]["defaultCustomerGroup"] == {"name": "Retail"}
    assert codes(await shop_update(admin, defaultCustomerGroupId="gid://gateway/CustomerGroup/99")) == [
        (["defaultCustomerGroupId"], "NOT_FOUND")]
    await admin(DELETE, id=retail["id"])
    assert (await shop_update(admin))["shop"]["defaultCustomerGroup"] is None


async def test_group_context_writes_and_a_group_deleted_bump_the_catalog_version(admin, db):
    from tests.catalog.test_catalog_version import version

    retail = await create_group(admin, "Retail")
    made = await create_catalog(admin, "Retail prices")
    before = await version(db)
    payload = (await admin(CONTEXT, id=made["id"], add={"customerGroupIds": [retail["id"]]}))["catalogContextUpdate"]
    assert payload["userErrors"] == [] and await version(db) == before + 1
    assert (await admin(DELETE, id=retail["id"]))["customerGroupDelete"]["userErrors"] == []
    assert await version(db) == before + 2
