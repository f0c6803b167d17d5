"""The buyer keeps its details current through HTTP: customerUpdate (its name only) and
companyLocationUpdateAddress (a LOCATION_ADMIN's locations only)."""

from __future__ import annotations

from tests.account.helpers import colleague, new_location
from tests.catalog.helpers import login
from tests.helpers import ERRORS, codes

NAME_UPDATE = f"""mutation($input: CustomerNameInput!) {{ customerUpdate(input: $input) {{
    customer {{ email firstName lastName }} {ERRORS} }} }}"""

ADDRESS_FIELDS = "address1 city zip countryCode recipient"

ADDRESS_UPDATE = f"""mutation($id: ID!, $shipping: AddressInput, $billing: AddressInput) {{
    companyLocationUpdateAddress(locationId: $id, shippingAddress: $shipping, billingAddress: $billing) {{
      location {{ id shippingAddress {{ {ADDRESS_FIELDS} }} billingAddress {{ {ADDRESS_FIELDS} }} }} {ERRORS} }} }}"""

VIEWER = "{ viewer { email firstName lastName } }"

SHIPPING_CITY = "query($id: ID!) { node(id: $id) { ... on CompanyLocation { shippingAddress { city } } } }"

DOCK = {"address1": "Dock 4", "city": "Hamburg", "zip": "20457", "countryCode": "de", "recipient": "Goods in"}


async def test_the_viewer_changes_its_name_and_nothing_else(acme):
    buyer = acme["buyer"]
    named = (await buyer(NAME_UPDATE, input={"firstName": " Anna ", "lastName": "Berg"}))["customerUpdate"]
    assert named == {"customer": {"email": "anna@acme.test", "firstName": "Anna", "lastName": "Berg"}, "userErrors": []}
    only_last = (await buyer(NAME_UPDATE, input={"lastName": "Lind"}))["customerUpdate"]["customer"]
    assert (only_last["firstName"], only_last["lastName"]) == ("Anna", "Lind")
    too_long = (await buyer(NAME_UPDATE, input={"firstName": "x" * 101, "lastName": "Kept?"}))["customerUpdate"]
    assert codes(too_long) == [(["input", "firstName"], "TOO_LONG")]
    assert (await buyer(VIEWER))["viewer"] == {"email": "anna@acme.test", "firstName": "Anna", "lastName": "Lind"}


async def test_the_email_is_not_an_input_here(acme):
    response = await acme["buyer"].post(NAME_UPDATE, input={"email": "new@acme.test"})
    assert "email" in response.json()["errors"][0]["message"]
    assert (await acme["buyer"](VIEWER))["viewer"]["email"] == "anna@acme.test"


async def test_anonymous_visitors_have_no_name_to_change(storefront):
    payload = (await storefront(NAME_UPDATE, input={"firstName": "Eve"}))["customerUpdate"]
    assert codes(payload) == [(["input"], "LOGIN_REQUIRED")]


async def test_a_location_admin_updates_its_addresses(acme, admin):
    buyer, location = acme["buyer"], acme["location"]
    shipped = (await buyer(ADDRESS_UPDATE, id=location, shipping=DOCK))["companyLocationUpdateAddress"]
    assert shipped["userErrors"] == []
    assert shipped["location"]["shippingAddress"] == {**DOCK, "countryCode": "DE"}
    billing = {"address1": "Main St 1", "city": "Berlin", "countryCode": "DE"}
    billed = (await buyer(ADDRESS_UPDATE, id=location, billing=billing))["companyLocationUpdateAddress"]["location"]
    assert billed["shippingAddress"] == {**DOCK, "countryCode": "DE"}  # left out: kept
    assert billed["billingAddress"] == {**billing, "zip": None, "recipient": None}
    assert (await admin(SHIPPING_CITY, id=location))["node"]["shippingAddress"] == {"city": "Hamburg"}


async def test_bad_addresses_change_nothing(acme, admin):
    buyer, location = acme["buyer"], acme["location"]
    bad = {"address1": "", "city": "Hamburg", "countryCode": "DEU"}
    payload = (await buyer(ADDRESS_UPDATE, id=location, shipping=DOCK, billing=bad))["companyLocationUpdateAddress"]
    assert codes(payload) == [(["billingAddress", "address1"], "BLANK"), (["billingAddress", "countryCode"], "INVALID")]
    assert codes((await buyer(ADDRESS_UPDATE, id=location))["companyLocationUpdateAddress"]) == [
        (["shippingAddress"], "BLANK")
    ]
    assert (await admin(SHIPPING_CITY, id=location))["node"]["shippingAddress"] is None


async def test_who_may_change_a_locations_addresses(acme, admin, db, client, storefront):
    location = acme["location"]
    cases = {
        "ORDERING_ONLY": (await colleague(admin, db, client, "olga@acme.test", location, "ORDERING_ONLY"),
                          "PERMISSION_DENIED"),
        "no role here": (await colleague(admin, db, client, "nils@acme.test", await new_location(admin, "Depot"),
                                         "LOCATION_ADMIN"), "NOT_FOUND"),
        "not a contact": (await login(db, client, "bob@other.test"), "NOT_FOUND"),
        "anonymous": (storefront, "LOGIN_REQUIRED"),
    }
    for who, (buyer, code) in cases.items():
        payload = (await buyer(ADDRESS_UPDATE, id=location, shipping=DOCK))["companyLocationUpdateAddress"]
        assert codes(payload) == [(["locationId"], code)], who
    for wrong in ("gid://gateway/CompanyLocation/999", "gid://gateway/Company/1", "nonsense"):
        payload = (await acme["buyer"](ADDRESS_UPDATE, id=wrong, shipping=DOCK))["companyLocationUpdateAddress"]
        assert codes(payload) == [(["locationId"], "NOT_FOUND")], wrong
    assert (await admin(SHIPPING_CITY, id=location))["node"]["shippingAddress"] is None
