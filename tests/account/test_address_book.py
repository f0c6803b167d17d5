"""The address book (issue 14, point 6): saved addresses with a default, the viewer's own; a D2C
cart starts from the default address."""

from __future__ import annotations

from tests.catalog.helpers import login
from tests.helpers import ERRORS, GraphQLClient, codes, create_product

ADDRESS = "id address1 city countryCode isDefault"
CREATE = f"""mutation($a: AddressInput!, $d: Boolean) {{ customerAddressCreate(address: $a, setAsDefault: $d) {{
    customerAddress {{ {ADDRESS} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($id: ID!, $a: AddressInput!, $d: Boolean) {{
    customerAddressUpdate(id: $id, address: $a, setAsDefault: $d) {{ customerAddress {{ {ADDRESS} }} {ERRORS} }} }}"""
DELETE = f"mutation($id: ID!) {{ customerAddressDelete(id: $id) {{ deletedId {ERRORS} }} }}"
BOOK = f"{{ viewer {{ addresses {{ {ADDRESS} }} defaultAddress {{ city }} }} }}"
HOME = {"address1": "Storgatan 1", "city": "Malmö", "countryCode": "se"}
WORK = {"address1": "Hamngatan 2", "city": "Lund", "countryCode": "SE"}


async def add(buyer: GraphQLClient, address: dict, default: bool | None = None) -> dict:
    payload = (await buyer(CREATE, a=address, d=default))["customerAddressCreate"]
    assert payload["userErrors"] == [], payload
    return payload["customerAddress"]


async def test_the_first_address_is_the_default_until_another_is_chosen(db, client):
    eva = await login(db, client, "eva@home.test")
    home = await add(eva, HOME)
    assert home["isDefault"] is True and home["countryCode"] == "SE"
    work = await add(eva, WORK)
    assert work["isDefault"] is False
    chosen = (await eva(UPDATE, id=work["id"], a={**WORK, "address1": "Hamngatan 3"}, d=True))["customerAddressUpdate"]
    assert chosen["customerAddress"]["isDefault"] is True
    book = (await eva(BOOK))["viewer"]
    assert [(a["city"], a["isDefault"]) for a in book["addresses"]] == [("Malmö", False), ("Lund", True)]
    assert book["defaultAddress"] == {"city": "Lund"}
    assert (await eva(DELETE, id=work["id"]))["customerAddressDelete"]["userErrors"] == []
    assert (await eva(BOOK))["viewer"]["defaultAddress"] == {"city": "Malmö"}  # the one left takes over


async def test_bad_input_and_another_customers_address(db, client, storefront):
    eva, olle = await login(db, client, "eva@home.test"), await login(db, client, "olle@home.test")
    home = await add(eva, HOME)
    assert codes((await eva(CREATE, a={"city": "Malmö", "countryCode": "XX"}))["customerAddressCreate"]) == [
        (["address", "address1"], "BLANK"), (["address", "countryCode"], "INVALID")]
    for mutation, variables, name in ((UPDATE, {"a": WORK}, "customerAddressUpdate"),
                                      (DELETE, {}, "customerAddressDelete")):
        assert codes((await olle(mutation, id=home["id"], **variables))[name]) == [(["id"], "NOT_FOUND")]
    assert codes((await storefront(CREATE, a=HOME))["customerAddressCreate"]) == [(["address"], "LOGIN_REQUIRED")]
    assert (await eva(BOOK))["viewer"]["addresses"][0]["city"] == "Malmö"


async def test_a_direct_customers_cart_starts_from_the_default_address(admin, db, client):
    bolt = await create_product(admin, "Bolt", "BOLT")
    eva = await login(db, client, "eva@home.test")
    await add(eva, HOME)
    cart = (await eva("""mutation($v: ID!) { cartCreate(input: {lines: [{variantId: $v, quantity: 1}]}) {
        cart { shippingAddress { address1 city } } userErrors { code } } }""", v=bolt["variants"][0]["id"]))
    assert cart["cartCreate"]["cart"]["shippingAddress"] == {"address1": "Storgatan 1", "city": "Malmö"}
