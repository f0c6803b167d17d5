"""Company roles through HTTP: the presets' permissions, the merchant's roles, each Storefront check
asking for a permission, and colleagues invited and removed by a contact with MANAGE_CONTACTS."""

from __future__ import annotations

from tests.account.helpers import new_location
from tests.helpers import ERRORS, codes
from tests.governance.helpers import ASSIGN, ROLE_CREATE, contact
from tests.orders.helpers import checkout, mails_to, new_cart, set_terms

ALL = ["PLACE_ORDERS", "VIEW_ALL_ORDERS", "EDIT_ADDRESSES", "PAY_INVOICES", "APPROVE_ORDERS", "MANAGE_CONTACTS"]
ADDRESS = f"""mutation($id: ID!) {{ companyLocationUpdateAddress(locationId: $id,
    shippingAddress: {{address1: "Dock 4", city: "Hamburg", countryCode: "DE"}}) {{ {ERRORS} }} }}"""
ORDERS = "{ viewer { orders(first: 10) { nodes { id } } } }"
INVITE = f"""mutation($location: ID!, $input: ColleagueInviteInput!) {{
    companyLocationContactInvite(locationId: $location, input: $input) {{
      roleAssignment {{ id role permissions spendingLimit {{ amount }} companyContact {{ id customer {{ email }} }} }}
      {ERRORS} }} }}"""
REMOVE = f"""mutation($location: ID!, $contact: ID!) {{
    companyLocationContactRemove(locationId: $location, companyContactId: $contact) {{ removedRoleAssignmentId {ERRORS} }} }}"""


async def role(admin, name: str, *permissions: str) -> str:  # noqa: ANN001
    made = (await admin(ROLE_CREATE, input={"name": name, "permissions": list(permissions)}))["companyRoleCreate"]
    assert made["userErrors"] == []
    return made["companyRole"]["id"]


async def test_presets_and_a_merchant_role_answer_their_permissions(acme, admin, db, client):
    hq = acme["location"]
    _, olga = await contact(admin, db, client, "olga@acme.test", hq, role="ORDERING_ONLY")
    buyer_role = await role(admin, "Buyer who sees all", "PLACE_ORDERS", "VIEW_ALL_ORDERS", "PLACE_ORDERS")
    again = (await admin(ROLE_CREATE, input={"name": "Buyer who sees all", "permissions": []}))["companyRoleCreate"]
    assert codes(again) == [(["input", "name"], "TAKEN")]
    builtin = (await admin(ROLE_CREATE, input={"name": "LOCATION_ADMIN", "permissions": []}))["companyRoleCreate"]
    assert codes(builtin) == [(["input", "name"], "TAKEN")]
    assigned = (await admin(ASSIGN, contact=olga, location=hq, roleId=buyer_role, limit="250.5"))
    row = assigned["companyContactAssignRole"]["companyContactRoleAssignment"]
    assert row == {
        "id": row["id"], "role": "CUSTOM", "companyRole": {"name": "Buyer who sees all"},
        "permissions": ["PLACE_ORDERS", "VIEW_ALL_ORDERS"], "spendingLimit": {"amount": "250.50", "currencyCode": "EUR"},
        "monthlySpendingLimit": None,
    }
    listed = (await admin("{ companyRoles(first: 10) { nodes { name permissions } } }"))["companyRoles"]["nodes"]
    assert listed == [{"name": "Buyer who sees all", "permissions": ["PLACE_ORDERS", "VIEW_ALL_ORDERS"]}]
    preset = (await admin(ASSIGN, contact=olga, location=hq, role="LOCATION_ADMIN"))["companyContactAssignRole"]
    assert preset["companyContactRoleAssignment"]["permissions"] == ALL
    # a limit left out stays; null takes it away
    assert preset["companyContactRoleAssignment"]["spendingLimit"] == {"amount": "250.50", "currencyCode": "EUR"}
    cleared = (await admin(ASSIGN, contact=olga, location=hq, role="ORDERING_ONLY", limit=None))
    assert cleared["companyContactAssignRole"]["companyContactRoleAssignment"]["spendingLimit"] is None


async def test_bad_role_assignments_change_nothing(acme, admin, db, client):
    hq = acme["location"]
    _, olga = await contact(admin, db, client, "olga@acme.test", hq, role="ORDERING_ONLY", limit="10.00")
    mine = await role(admin, "Viewer", "VIEW_ALL_ORDERS")
    cases = [
        ({}, [(["role"], "INCLUSION")]),
        ({"role": "CUSTOM"}, [(["role"], "INCLUSION")]),
        ({"role": "LOCATION_ADMIN", "roleId": mine}, [(["role"], "INVALID")]),
        ({"roleId": "gid://gateway/CompanyRole/999"}, [(["roleId"], "NOT_FOUND")]),
        ({"role": "LOCATION_ADMIN", "limit": "-1"}, [(["spendingLimit"], "LESS_THAN")]),
        ({"role": "LOCATION_ADMIN", "monthly": "1.001"}, [(["monthlySpendingLimit"], "INVALID")]),
    ]
    for variables, expected in cases:
        payload = (await admin(ASSIGN, contact=olga, location=hq, **variables))["companyContactAssignRole"]
        assert codes(payload) == expected, variables
    company = await admin(f"{{ node(id: \"{olga}\") {{ ... on CompanyContact {{ roleAssignments {{ role "
                          "spendingLimit { amount } } } } }")
    assert company["node"]["roleAssignments"] == [{"role": "ORDERING_ONLY", "spendingLimit": {"amount": "10.00"}}]
    bad = await admin(ROLE_CREATE, input={"name": " ", "permissions": ["PLACE_ORDERS"]})
    assert codes(bad["companyRoleCreate"]) == [(["input", "name"], "BLANK")]


async def test_storefront_checks_ask_for_the_permission_not_the_role(acme, admin, db, client):
    """A merchant role with VIEW_ALL_ORDERS and EDIT_ADDRESSES but no PLACE_ORDERS or PAY_INVOICES."""
    hq, bolt = acme["location"], acme["bolt"]["variants"][0]
    await set_terms(admin, hq, "Net 30")
    placed = await checkout(acme["buyer"], await new_cart(acme["buyer"], bolt, 1))
    clerk_role = await role(admin, "Clerk", "VIEW_ALL_ORDERS", "EDIT_ADDRESSES")
    clerk, _ = await contact(admin, db, client, "clerk@acme.test", hq, roleId=clerk_role)
    assert [n["id"] for n in (await clerk(ORDERS))["viewer"]["orders"]["nodes"]] == [placed["order"]["id"]]
    edited = (await clerk(ADDRESS, id=hq))["companyLocationUpdateAddress"]
    assert edited["userErrors"] == []
    refused = await checkout(clerk, await new_cart(clerk, bolt, 1))
    assert codes(refused) == [(["cartId"], "PERMISSION_DENIED")]
    pay = f"""mutation($id: ID!) {{ orderPay(orderId: $id, paymentMethodId: "gid://gateway/PaymentMethod/1",
        idempotencyKey: "k1") {{ {ERRORS} }} }}"""
    assert codes((await clerk(pay, id=placed["order"]["id"]))["orderPay"]) == [(["orderId"], "PERMISSION_DENIED")]
    # ORDERING_ONLY: no addresses, and only its own orders
    olga, _ = await contact(admin, db, client, "olga@acme.test", hq, role="ORDERING_ONLY")
    assert codes((await olga(ADDRESS, id=hq))["companyLocationUpdateAddress"]) == [(["locationId"], "PERMISSION_DENIED")]
    assert (await olga(ORDERS))["viewer"]["orders"]["nodes"] == []


async def test_a_manager_invites_and_removes_colleagues_within_its_own_rights(acme, admin, db, client):
    hq = acme["location"]
    manager_role = await role(admin, "Team lead", "PLACE_ORDERS", "MANAGE_CONTACTS")
    lead, _ = await contact(admin, db, client, "lead@acme.test", hq, roleId=manager_role, limit="500.00")
    invited = (await lead(INVITE, location=hq, input={
        "email": "New.Hire@acme.test", "firstName": "Nina", "role": "ORDERING_ONLY", "spendingLimit": "200.00",
    }))["companyLocationContactInvite"]
    assert codes(invited) == [(["input", "role"], "PERMISSION_DENIED")]  # ORDERING_ONLY may pay invoices; lead may not
    invited = (await lead(INVITE, location=hq, input={
        "email": "New.Hire@acme.test", "firstName": "Nina", "roleId": manager_role,
    }))["companyLocationContactInvite"]
    assert codes(invited) == [(["input", "spendingLimit"], "PERMISSION_DENIED")]  # no limit is more than 500.00
    invited = (await lead(INVITE, location=hq, input={
        "email": "New.Hire@acme.test", "firstName": "Nina", "roleId": manager_role, "spendingLimit": "200.00",
    }))["companyLocationContactInvite"]
    assert invited["userErrors"] == []
    assignment = invited["roleAssignment"]
    assert assignment["companyContact"]["customer"]["email"] == "new.hire@acme.test"
    assert (assignment["role"], assignment["spendingLimit"]) == ("CUSTOM", {"amount": "200.00"})
    [mail] = await mails_to(db, "new.hire@acme.test")
    assert "invited" in mail.body_text
    twice = (await lead(INVITE, location=hq, input={"email": "new.hire@acme.test", "roleId": manager_role,
                                                     "spendingLimit": "1.00"}))["companyLocationContactInvite"]
    assert codes(twice) == [(["input", "email"], "TAKEN")]

    anna = (await admin("{ companies(first: 1) { nodes { mainContact { id } } } }"))["companies"]["nodes"][0]
    above = (await lead(REMOVE, location=hq, contact=anna["mainContact"]["id"]))["companyLocationContactRemove"]
    assert codes(above) == [(["companyContactId"], "PERMISSION_DENIED")]  # anna is LOCATION_ADMIN
    removed = (await lead(REMOVE, location=hq, contact=assignment["companyContact"]["id"]))
    assert removed["companyLocationContactRemove"]["userErrors"] == []
    gone = (await lead(REMOVE, location=hq, contact=assignment["companyContact"]["id"]))["companyLocationContactRemove"]
    assert codes(gone) == [(["companyContactId"], "NOT_FOUND")]

    # without MANAGE_CONTACTS, or at a location without a role, nothing
    olga, _ = await contact(admin, db, client, "olga@acme.test", hq, role="ORDERING_ONLY")
    refused = (await olga(INVITE, location=hq, input={"email": "x@acme.test", "role": "ORDERING_ONLY"}))
    assert codes(refused["companyLocationContactInvite"]) == [(["locationId"], "PERMISSION_DENIED")]
    depot = await new_location(admin, "Depot")
    elsewhere = (await lead(INVITE, location=depot, input={"email": "x@acme.test", "role": "ORDERING_ONLY"}))
    assert codes(elsewhere["companyLocationContactInvite"]) == [(["locationId"], "NOT_FOUND")]
