"""companyLocationCreate, companyLocationUpdate and companyLocationDelete through HTTP."""

import pytest

from tests.helpers import ERRORS, codes, create_company

LOCATION = """id name externalId taxExempt billingAddress { address1 city countryCode }
    shippingAddress { city countryCode }
    buyerExperienceConfiguration { checkoutToDraft editableShippingAddress deposit { percentage }
      paymentTermsTemplate { name paymentTermsType dueInDays } }"""
CREATE = f"""mutation($id: ID!, $input: CompanyLocationInput!) {{
    companyLocationCreate(companyId: $id, input: $input) {{ companyLocation {{ {LOCATION} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: CompanyLocationInput!) {{
    companyLocationUpdate(companyLocationId: $id, input: $input) {{ companyLocation {{ {LOCATION} }} {ERRORS} }} }}"""
DELETE = f"mutation($id: ID!) {{ companyLocationDelete(id: $id) {{ deletedCompanyLocationId {ERRORS} }} }}"
READ = f"query($id: ID!) {{ node(id: $id) {{ ... on CompanyLocation {{ {LOCATION} }} }} }}"
ADDRESS = {"address1": "Main street 1", "city": "Malmö", "countryCode": "se"}


async def net_30(admin) -> str:
    templates = (await admin("{ paymentTermsTemplates { id name } }"))["paymentTermsTemplates"]
    return next(t["id"] for t in templates if t["name"] == "Net 30")


async def test_payment_terms_templates_are_seeded(admin):
    templates = (await admin("{ paymentTermsTemplates { name paymentTermsType dueInDays } }"))["paymentTermsTemplates"]
    assert [t["name"] for t in templates] == [
        "Due on receipt", "Net 7", "Net 15", "Net 30", "Net 45", "Net 60", "Net 90", "Fixed date",
    ]


async def test_create_with_addresses_and_terms_with_deposit(admin):
    company = await create_company(admin)
    payload = (await admin(CREATE, id=company["id"], input={
        "name": "Depot", "externalId": "LOC-1", "shippingAddress": ADDRESS, "billingSameAsShipping": True,
        "buyerExperienceConfiguration": {
            "paymentTermsTemplateId": await net_30(admin), "deposit": {"percentage": 30}, "checkoutToDraft": True,
        },
    }))["companyLocationCreate"]
    assert payload["userErrors"] == []
    location = payload["companyLocation"]
    assert location["billingAddress"] == {"address1": "Main street 1", "city": "Malmö", "countryCode": "SE"}
    assert location["buyerExperienceConfiguration"] == {
        "checkoutToDraft": True, "editableShippingAddress": False, "deposit": {"percentage": 30},
        "paymentTermsTemplate": {"name": "Net 30", "paymentTermsType": "NET", "dueInDays": 30},
    }
    assert (await admin(READ, id=location["id"]))["node"] == location


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"name": ""}, ["input", "name"], "BLANK"),
        ({"name": "x" * 256}, ["input", "name"], "TOO_LONG"),
        ({"name": "A", "billingAddress": {"city": "X", "countryCode": "SE"}}, ["input", "billingAddress", "address1"], "BLANK"),
        ({"name": "A", "shippingAddress": {**ADDRESS, "countryCode": "SWE"}}, ["input", "shippingAddress", "countryCode"], "INVALID"),
        ({"name": "A", "shippingAddress": {**ADDRESS, "countryCode": "XX"}}, ["input", "shippingAddress", "countryCode"], "INVALID"),
        ({"name": "A", "buyerExperienceConfiguration": {"paymentTermsTemplateId": "gid://gateway/Company/1"}},
         ["input", "buyerExperienceConfiguration", "paymentTermsTemplateId"], "NOT_FOUND"),
    ],
)
async def test_create_refuses_bad_fields(admin, input, field, code):
    company = await create_company(admin)
    payload = (await admin(CREATE, id=company["id"], input=input))["companyLocationCreate"]
    assert codes(payload) == [(field, code)]
    assert payload["companyLocation"] is None
    assert len((await admin(
        "query($id: ID!) { company(id: $id) { locations(first: 10) { nodes { id } } } }", id=company["id"]
    ))["company"]["locations"]["nodes"]) == 1


@pytest.mark.parametrize(("percentage", "code"), [(0, "LESS_THAN"), (100, "GREATER_THAN")])
async def test_deposit_is_1_to_99_percent(admin, percentage, code):
    company = await create_company(admin)
    payload = (await admin(CREATE, id=company["id"], input={"name": "A", "buyerExperienceConfiguration": {
        "paymentTermsTemplateId": await net_30(admin), "deposit": {"percentage": percentage},
    }}))["companyLocationCreate"]
    assert codes(payload) == [(["input", "buyerExperienceConfiguration", "deposit", "percentage"], code)]


async def test_a_deposit_needs_terms(admin):
    company = await create_company(admin)
    payload = (await admin(CREATE, id=company["id"], input={
        "name": "A", "buyerExperienceConfiguration": {"deposit": {"percentage": 30}},
    }))["companyLocationCreate"]
    assert codes(payload) == [(["input", "buyerExperienceConfiguration", "deposit"], "INVALID")]


async def test_external_ids_are_unique_across_companies(admin):
    one = await create_company(admin, "One")
    two = await create_company(admin, "Two", email=None)
    assert (await admin(CREATE, id=one["id"], input={"name": "A", "externalId": "L-1"}))["companyLocationCreate"][
        "userErrors"] == []
    payload = (await admin(CREATE, id=two["id"], input={"name": "B", "externalId": "L-1"}))["companyLocationCreate"]
    assert codes(payload) == [(["input", "externalId"], "TAKEN")]


async def test_create_on_an_unknown_company_is_not_found(admin):
    payload = (await admin(CREATE, id="gid://gateway/CompanyLocation/1", input={"name": "A"}))["companyLocationCreate"]
    assert codes(payload) == [(["companyId"], "NOT_FOUND")]


async def test_update_changes_given_fields_and_bad_input_changes_nothing(admin):
    company = await create_company(admin)
    location_id = company["locations"]["nodes"][0]["id"]
    good = (await admin(UPDATE, id=location_id, input={
        "name": "Head office", "taxExempt": True, "buyerExperienceConfiguration": {"editableShippingAddress": True},
    }))["companyLocationUpdate"]
    assert good["userErrors"] == []
    before = (await admin(READ, id=location_id))["node"]
    assert before["name"] == "Head office" and before["taxExempt"] is True
    assert before["buyerExperienceConfiguration"]["editableShippingAddress"] is True
    bad = (await admin(UPDATE, id=location_id, input={
        "name": " ", "taxExempt": False, "buyerExperienceConfiguration": {
            "paymentTermsTemplateId": await net_30(admin), "deposit": {"percentage": 120},
        },
    }))["companyLocationUpdate"]
    assert codes(bad) == [
        (["input", "name"], "BLANK"),
        (["input", "buyerExperienceConfiguration", "deposit", "percentage"], "GREATER_THAN"),
    ]
    assert (await admin(READ, id=location_id))["node"] == before


async def test_update_unknown_location_is_not_found(admin):
    payload = (await admin(UPDATE, id="gid://gateway/CompanyLocation/404", input={"name": "A"}))
    assert codes(payload["companyLocationUpdate"]) == [(["companyLocationId"], "NOT_FOUND")]


async def test_delete_removes_the_location_and_its_roles(admin):
    company = await create_company(admin)
    location_id = company["locations"]["nodes"][0]["id"]
    payload = (await admin(DELETE, id=location_id))["companyLocationDelete"]
    assert payload == {"deletedCompanyLocationId": location_id, "userErrors": []}
    assert (await admin(READ, id=location_id))["node"] is None
    roles = await admin(
        "query($id: ID!) { node(id: $id) { ... on CompanyContact { roleAssignments { id } } } }",
        id=company["mainContact"]["id"],
    )
    assert roles["node"]["roleAssignments"] == []
    again = (await admin(DELETE, id=location_id))["companyLocationDelete"]
    assert codes(again) == [(["companyLocationId"], "NOT_FOUND")]


async def test_fixed_date_terms_need_a_due_date(admin):
    company = await create_company(admin)
    templates = (await admin("{ paymentTermsTemplates { id paymentTermsType } }"))["paymentTermsTemplates"]
    fixed = next(t["id"] for t in templates if t["paymentTermsType"] == "FIXED")
    config = {"paymentTermsTemplateId": fixed}
    payload = (await admin(CREATE, id=company["id"], input={"name": "A", "buyerExperienceConfiguration": config}))
    assert codes(payload["companyLocationCreate"]) == [
        (["input", "buyerExperienceConfiguration", "paymentTermsDueAt"], "BLANK")
    ]
    config["paymentTermsDueAt"] = "2027-01-31T00:00:00+00:00"
    payload = (await admin(CREATE, id=company["id"], input={"name": "A", "buyerExperienceConfiguration": config}))
    assert payload["companyLocationCreate"]["userErrors"] == []


async def test_a_due_date_without_time_zone_is_taken_as_utc(admin):
    company = await create_company(admin)
    templates = (await admin("{ paymentTermsTemplates { id paymentTermsType } }"))["paymentTermsTemplates"]
    fixed = next(t["id"] for t in templates if t["paymentTermsType"] == "FIXED")
    payload = (await admin(f"""mutation($id: ID!, $input: CompanyLocationInput!) {{
        companyLocationCreate(companyId: $id, input: $input) {{
          companyLocation {{ buyerExperienceConfiguration {{ paymentTermsDueAt }} }} {ERRORS} }} }}""",
        id=company["id"], input={"name": "A", "buyerExperienceConfiguration": {
            "paymentTermsTemplateId": fixed, "paymentTermsDueAt": "2027-01-31T12:00:00",
        }},
    ))["companyLocationCreate"]
    assert payload["userErrors"] == []
    assert payload["companyLocation"]["buyerExperienceConfiguration"]["paymentTermsDueAt"] == "2027-01-31T12:00:00+00:00"
