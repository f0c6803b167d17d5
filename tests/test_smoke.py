from tests.conftest import GraphQLClient


async def test_healthz_and_readyz(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ok"}


async def test_admin_company_create(admin: GraphQLClient):
    data = await admin(
        """mutation($input: CompanyCreateInput!) { companyCreate(input: $input) {
            company { id name customerNumber mainContact { customer { email } }
              locations(first: 5) { nodes { name roleAssignments { role } } } }
            userErrors { field code message } } }""",
        input={
            "company": {"name": "Acme AB", "externalId": "ERP-1", "creditLimit": "1000.50"},
            "companyLocation": {"name": "Stockholm"},
            "companyContact": {"email": "Anna@Acme.se", "firstName": "Anna"},
        },
    )
    payload = data["companyCreate"]
    assert payload["userErrors"] == []
    assert payload["company"]["customerNumber"] == "K-10000"
    assert payload["company"]["mainContact"]["customer"]["email"] == "anna@acme.se"
    assert payload["company"]["locations"]["nodes"] == [
        {"name": "Stockholm", "roleAssignments": [{"role": "LOCATION_ADMIN"}]}
    ]
