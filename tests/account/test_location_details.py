"""The viewer's locations, read-only, through HTTP: payment terms, checkout set-up, its own role and
the contacts with a role there; nothing of locations it has no role on, nor of other companies."""

from __future__ import annotations

from tests.account.helpers import colleague, new_location
from tests.catalog.helpers import login
from tests.helpers import create_company
from tests.orders.helpers import set_terms

CONTACTS = "roleAssignments { role companyContact { customer { email firstName lastName phone status } } }"

DETAILS = f"""id name viewerRole
    buyerExperienceConfiguration {{ checkoutMode checkoutToDraft editableShippingAddress deposit {{ percentage }}
      paymentTermsTemplate {{ name paymentTermsType dueInDays }} }}
    {CONTACTS}"""

LOCATIONS = f"{{ viewer {{ locations(first: 10) {{ nodes {{ {DETAILS} }} }} selectedLocation {{ {DETAILS} }} }} }}"

NAME_PHONE = f"""mutation($id: ID!) {{ customerUpdate(customerId: $id, input: {{firstName: "Olga", phone: "+49 1"}}) {{
    userErrors {{ code }} }} }}"""


def people(location: dict) -> list[tuple[str, str]]:
    return sorted((a["companyContact"]["customer"]["email"], a["role"]) for a in location["roleAssignments"])


async def test_each_role_sees_its_locations_terms_set_up_role_and_colleagues(acme, admin, db, client):
    hq = acme["location"]
    await set_terms(admin, hq, "Net 30", deposit={"percentage": 25}, editableShippingAddress=True)
    olga = await colleague(admin, db, client, "olga@acme.test", hq, "ORDERING_ONLY")
    nils = await colleague(admin, db, client, "nils@acme.test", await new_location(admin, "Depot"), "LOCATION_ADMIN")
    staff = await admin("{ customers(first: 10, query: \"olga\") { nodes { id } } }")
    await admin(NAME_PHONE, id=staff["customers"]["nodes"][0]["id"])

    anna = (await acme["buyer"](LOCATIONS))["viewer"]
    [location] = anna["locations"]["nodes"]
    assert anna["selectedLocation"] == location  # her only location
    assert location["viewerRole"] == "LOCATION_ADMIN"
    assert location["buyerExperienceConfiguration"] == {
        "checkoutMode": "DEPOSIT", "checkoutToDraft": False, "editableShippingAddress": True,
        "deposit": {"percentage": 25},
        "paymentTermsTemplate": {"name": "Net 30", "paymentTermsType": "NET", "dueInDays": 30},
    }
    assert people(location) == [("anna@acme.test", "LOCATION_ADMIN"), ("olga@acme.test", "ORDERING_ONLY")]
    olga_seen = next(a for a in location["roleAssignments"] if a["role"] == "ORDERING_ONLY")
    # a colleague shows its name and email, never its phone or account status
    assert olga_seen["companyContact"]["customer"] == {
        "email": "olga@acme.test", "firstName": "Olga", "lastName": None, "phone": None, "status": None,
    }

    [same] = (await olga(LOCATIONS))["viewer"]["locations"]["nodes"]
    assert same["viewerRole"] == "ORDERING_ONLY"
    assert same["buyerExperienceConfiguration"] == location["buyerExperienceConfiguration"]
    assert people(same) == people(location)
    mine = next(a for a in same["roleAssignments"] if a["role"] == "ORDERING_ONLY")["companyContact"]["customer"]
    assert mine["phone"] == "+49 1"  # her own

    [depot] = (await nils(LOCATIONS))["viewer"]["locations"]["nodes"]
    assert (depot["name"], depot["viewerRole"], people(depot)) == ("Depot", "LOCATION_ADMIN", [
        ("nils@acme.test", "LOCATION_ADMIN")
    ])
    assert depot["buyerExperienceConfiguration"]["checkoutMode"] == "PAY_NOW"
    assert depot["buyerExperienceConfiguration"]["paymentTermsTemplate"] is None


async def test_the_checkout_mode_follows_the_locations_set_up(acme, admin):
    hq, buyer = acme["location"], acme["buyer"]
    mode = "{ viewer { selectedLocation { buyerExperienceConfiguration { checkoutMode } } } }"
    for terms, config, expected in (
        (None, {}, "PAY_NOW"),
        ("Net 30", {"deposit": None}, "NET_TERMS"),
        ("Net 30", {"deposit": {"percentage": 10}}, "DEPOSIT"),
        ("Net 30", {"checkoutToDraft": True}, "DRAFT_FOR_APPROVAL"),
        (None, {"checkoutToDraft": True, "deposit": None}, "DRAFT_FOR_APPROVAL"),
    ):
        await set_terms(admin, hq, terms, **config)
        seen = (await buyer(mode))["viewer"]["selectedLocation"]["buyerExperienceConfiguration"]["checkoutMode"]
        assert seen == expected, (terms, config)


async def test_nothing_leaks_of_locations_without_a_role_or_of_other_companies(acme, admin, db, client, catalog):
    """Paths that reach a location or a contact the viewer has no role with: a catalog shared with another
    company's location, the company's main contact and its roles, a colleague's own contacts."""
    hq = acme["location"]
    other = await create_company(admin, name="Other", email="otto@other.test", location="X")
    x = other["locations"]["nodes"][0]["id"]
    # anna (Acme's main contact) is also a contact of Other, with a role on X
    await admin("""mutation($c: ID!) { companyContactCreate(companyId: $c, input: {email: "anna@acme.test"}) {
        userErrors { code } } }""", c=other["id"])
    depot = await new_location(admin, "Depot")
    await catalog("Shared", companyLocationIds=[hq, depot, x])
    olga = await colleague(admin, db, client, "olga@acme.test", hq, "ORDERING_ONLY")

    query = """{ viewer { companyContacts { company { name
        mainContact { customer { email phone companyContacts { company { name } } }
          roleAssignments { companyLocation { name } } }
        locations(first: 10) { nodes { name } } contacts(first: 10) { nodes { id } } } }
      locations(first: 10) { nodes { name catalogs(first: 10) { nodes { title
        companyLocations(first: 10) { nodes { name viewerRole roleAssignments { role } } } } } } } } }"""
    viewer = (await olga(query))["viewer"]
    [contact] = viewer["companyContacts"]
    company = contact["company"]
    assert company["name"] == "Acme" and company["locations"]["nodes"] == [{"name": "HQ"}]
    assert len(company["contacts"]["nodes"]) == 1  # her own
    main = company["mainContact"]
    assert main["customer"] == {"email": "anna@acme.test", "phone": None, "companyContacts": []}  # not Other
    assert main["roleAssignments"] == [{"companyLocation": {"name": "HQ"}}]
    [hq_seen] = viewer["locations"]["nodes"]
    [shared] = hq_seen["catalogs"]["nodes"]
    assert shared["companyLocations"]["nodes"] == [  # neither Depot nor Other's X
        {"name": "HQ", "viewerRole": "ORDERING_ONLY", "roleAssignments": [{"role": "LOCATION_ADMIN"},
                                                                          {"role": "ORDERING_ONLY"}]}
    ]
    # The merchant still sees everything.
    staff = await admin("""query($id: ID!) { node(id: $id) { ... on CompanyLocation { viewerRole
        roleAssignments { role } catalogs(first: 5) { nodes { companyLocations(first: 5) { nodes { name } } } }
    } } }""", id=hq)
    assert staff["node"]["viewerRole"] is None and len(staff["node"]["roleAssignments"]) == 2
    assert sorted(n["name"] for n in staff["node"]["catalogs"]["nodes"][0]["companyLocations"]["nodes"]) == [
        "Depot", "HQ", "X"
    ]


async def test_a_direct_customer_and_an_anonymous_visitor_have_no_locations(acme, db, client, storefront):
    dora = await login(db, client, "dora@mail.test")
    assert (await dora(LOCATIONS))["viewer"] == {"locations": {"nodes": []}, "selectedLocation": None}
    assert (await storefront(LOCATIONS))["viewer"] is None


async def test_location_details_cost_the_same_statements_for_one_location_or_four(acme, admin, db, client):
    hq, buyer = acme["location"], acme["buyer"]
    await set_terms(admin, hq, "Net 30")
    await colleague(admin, db, client, "olga@acme.test", hq, "ORDERING_ONLY")

    async def statements() -> tuple[int, int]:
        response = await buyer.post(LOCATIONS)
        body = response.json()
        assert not body.get("errors"), body
        return int(response.headers["x-sql-statements"]), len(body["data"]["viewer"]["locations"]["nodes"])

    one, count = await statements()
    assert count == 1
    staff = await admin("{ customers(first: 10, query: \"anna\") { nodes { companyContacts { id } } } }")
    anna_contact = staff["customers"]["nodes"][0]["companyContacts"][0]["id"]
    for index in range(3):
        location = await new_location(admin, f"Branch {index}")
        await set_terms(admin, location, "Net 15", deposit={"percentage": 10 + index})
        assigned = await admin("""mutation($c: ID!, $l: ID!) { companyContactAssignRole(companyContactId: $c,
            companyLocationId: $l, role: LOCATION_ADMIN) { userErrors { code } } }""", c=anna_contact, l=location)
        assert assigned["companyContactAssignRole"]["userErrors"] == []
        await colleague(admin, db, client, f"colleague{index}@acme.test", location, "ORDERING_ONLY")
    four, count = await statements()
    assert count == 4
    assert one > 0 and one == four
