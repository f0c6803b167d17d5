"""Every Admin mutation answers an id of the wrong type, a malformed one or an unknown one
with NOT_FOUND on that argument, and changes nothing."""

import pytest

from tests.helpers import ERRORS, codes, create_company

# A customer's id exists (the fixture makes one) but names no company, location, product...
FOREIGN = "customer"

MUTATIONS = [
    ("companyUpdate", 'companyUpdate(companyId: $id, input: {name: "X"})', ["companyId"]),
    ("companyDelete", "companyDelete(id: $id)", ["companyId"]),
    ("companyAssignMainContact", "companyAssignMainContact(companyId: $id, companyContactId: $id)", ["companyId"]),
    ("companyLocationCreate", 'companyLocationCreate(companyId: $id, input: {name: "X"})', ["companyId"]),
    ("companyLocationUpdate", 'companyLocationUpdate(companyLocationId: $id, input: {name: "X"})', ["companyLocationId"]),
    ("companyLocationDelete", "companyLocationDelete(id: $id)", ["companyLocationId"]),
    ("companyContactCreate", 'companyContactCreate(companyId: $id, input: {email: "x@y.test"})', ["companyId"]),
    ("companyContactUpdate", 'companyContactUpdate(companyContactId: $id, input: {title: "X"})', ["companyContactId"]),
    ("companyContactDelete", "companyContactDelete(companyContactId: $id)", ["companyContactId"]),
    ("companyContactAssignRole",
     "companyContactAssignRole(companyContactId: $id, companyLocationId: $id, role: ORDERING_ONLY)", ["companyContactId"]),
    ("companyContactRevokeRole", "companyContactRevokeRole(companyContactId: $id, companyLocationId: $id)",
     ["companyContactId"]),
    ("productUpdate", 'productUpdate(id: $id, input: {title: "X"})', ["id"]),
    ("productDelete", "productDelete(id: $id)", ["id"]),
    ("productVariantDelete", "productVariantDelete(id: $id)", ["id"]),
    ("catalogUpdate", 'catalogUpdate(id: $id, input: {title: "X"})', ["id"]),
    ("catalogDelete", "catalogDelete(id: $id)", ["id"]),
    ("catalogContextUpdate", "catalogContextUpdate(catalogId: $id, contextsToAdd: {companyLocationIds: []})", ["catalogId"]),
    ("priceListFixedPricesAdd", "priceListFixedPricesAdd(priceListId: $id, prices: [])", ["priceListId"]),
    ("priceListFixedPricesDelete", "priceListFixedPricesDelete(priceListId: $id, variantIds: [])", ["priceListId"]),
]


@pytest.mark.parametrize(("name", "call", "field"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
@pytest.mark.parametrize("kind", [FOREIGN, "unknown", "malformed"])
async def test_bad_ids_are_not_found(admin, name, call, field, kind):
    company = await create_company(admin)
    bad_id = {
        FOREIGN: company["mainContact"]["customer"]["id"],
        "unknown": "gid://gateway/Company/999999",
        "malformed": "gid://gateway/",
    }[kind]
    payload = (await admin(f"mutation($id: ID!) {{ {call} {{ {ERRORS} }} }}", id=bad_id))[name]
    assert codes(payload) == [(field, "NOT_FOUND")]
    after = await admin("query($id: ID!) { company(id: $id) { name locations(first: 5) { nodes { name } } } }",
                        id=company["id"])
    assert after["company"] == {"name": "Acme", "locations": {"nodes": [{"name": "HQ"}]}}


async def test_customer_update_with_a_company_id_is_not_found(admin):
    company = await create_company(admin)
    payload = await admin(f"""mutation($id: ID!) {{ customerUpdate(customerId: $id, input: {{firstName: "X"}}) {{
        {ERRORS} }} }}""", id=company["id"])
    assert codes(payload["customerUpdate"]) == [(["customerId"], "NOT_FOUND")]
