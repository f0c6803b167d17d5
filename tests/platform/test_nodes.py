"""node(id:) answers every Admin type by its global id, and null for unknown or malformed ids."""

import pytest

from tests.helpers import create_catalog, create_company, create_product

QUERY = "query($id: ID!) { node(id: $id) { __typename id } }"


async def test_every_type_by_its_id(admin):
    company = await create_company(admin)
    product = await create_product(admin)
    catalog = await create_catalog(admin)
    location = company["locations"]["nodes"][0]["id"]
    role = (await admin(
        "query($id: ID!) { node(id: $id) { ... on CompanyLocation { roleAssignments { id } } } }", id=location
    ))["node"]["roleAssignments"][0]["id"]
    template = (await admin("{ paymentTermsTemplates { id } }"))["paymentTermsTemplates"][0]["id"]
    expected = {
        "Company": company["id"], "CompanyLocation": location, "CompanyContact": company["mainContact"]["id"],
        "CompanyContactRoleAssignment": role, "Customer": company["mainContact"]["customer"]["id"],
        "PaymentTermsTemplate": template, "Product": product["id"], "ProductVariant": product["variants"][0]["id"],
        "Catalog": catalog["id"], "PriceList": catalog["priceList"]["id"],
    }
    for typename, gid in expected.items():
        assert gid.startswith(f"gid://gateway/{typename}/")
        assert (await admin(QUERY, id=gid))["node"] == {"__typename": typename, "id": gid}


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
