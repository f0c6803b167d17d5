"""The shop's default credit limit through HTTP: 10,000.00 EUR on a fresh shop, set with shopUpdate,
given to every company made without a limit (companyCreate, account-request approval, the import),
an explicit limit or explicit null (no limit) always winning; checkout on terms past it is refused."""

from __future__ import annotations

from typing import Any

from tests.catalog.helpers import login
from tests.customers.account_requests import APPROVE, submitted
from tests.customers.helpers import EXPORT, IMPORT, rows_csv
from tests.helpers import COMPANY_CREATE, ERRORS, codes
from tests.orders.helpers import checkout, new_cart

SHOP = "{ shop { defaultCreditLimit { amount currencyCode } } }"
SHOP_UPDATE = f"""mutation($limit: Decimal) {{ shopUpdate(input: {{defaultCreditLimit: $limit}}) {{
    shop {{ defaultCreditLimit {{ amount }} }} {ERRORS} }} }}"""
LIMITS = "{ companies(first: 20) { nodes { name externalId creditLimit { amount } } } }"
TEMPLATES = "{ paymentTermsTemplates { id name } }"


async def default_limit(admin) -> Any:  # noqa: ANN001
    return (await admin(SHOP))["shop"]["defaultCreditLimit"]


async def limits(admin) -> dict[str, str | None]:  # noqa: ANN001
    """Each company's credit limit by name (None: no limit)."""
    nodes = (await admin(LIMITS))["companies"]["nodes"]
    return {n["name"]: n["creditLimit"] and n["creditLimit"]["amount"] for n in nodes}


async def set_default(admin, limit: str | None) -> None:  # noqa: ANN001
    assert (await admin(SHOP_UPDATE, limit=limit))["shopUpdate"]["userErrors"] == []


async def test_a_fresh_shop_has_a_default_and_shop_update_checks_it(admin, storefront):
    assert await default_limit(admin) == {"amount": "10000.00", "currencyCode": "EUR"}
    for limit, code in (("-1", "LESS_THAN"), ("1.001", "INVALID"), ("10000000000.01", "GREATER_THAN"),
                        ("NaN", "INVALID")):
        payload = (await admin(SHOP_UPDATE, limit=limit))["shopUpdate"]
        assert codes(payload) == [(["defaultCreditLimit"], code)], limit
        assert payload["shop"] is None
    assert await default_limit(admin) == {"amount": "10000.00", "currencyCode": "EUR"}
    await set_default(admin, "2500")
    assert (await default_limit(admin))["amount"] == "2500.00"
    await set_default(admin, None)  # no limit: a choice the merchant makes
    assert await default_limit(admin) is None
    # A merchant setting: the Storefront API cannot even name it.
    [error] = await storefront.errors("{ shop { defaultCreditLimit { amount } } }")
    assert "defaultCreditLimit" in error["message"]


async def test_company_create_gives_the_default_unless_a_limit_or_null_is_given(admin):
    async def create(name: str, **company: Any) -> None:
        payload = (await admin(COMPANY_CREATE, input={"company": {"name": name, **company}}))["companyCreate"]
        assert payload["userErrors"] == []

    await create("Default")
    await create("Own", creditLimit="500")
    await create("Unlimited", creditLimit=None)
    await set_default(admin, "2500.00")
    await create("Later")
    await set_default(admin, None)
    await create("Chosen")
    assert await limits(admin) == {
        "Default": "10000.00", "Own": "500.00", "Unlimited": None, "Later": "2500.00", "Chosen": None,
    }


async def test_an_approved_company_on_net_30_gets_the_default_and_checkout_past_it_is_refused(
    storefront, admin, db, client, drill,
):
    templates = (await admin(TEMPLATES))["paymentTermsTemplates"]
    net30 = next(t["id"] for t in templates if t["name"] == "Net 30")
    approvals = [
        ("new@drills.test", "New Drills AB", {"paymentTermsTemplateId": net30}),
        ("own@drills.test", "Own Drills AB", {"paymentTermsTemplateId": net30, "creditLimit": "5000.00"}),
        ("free@drills.test", "Free Drills AB", {"paymentTermsTemplateId": net30, "creditLimit": None}),
    ]
    for email, name, overrides in approvals:
        gid = await submitted(storefront, email=email, companyName=name)
        assert (await admin(APPROVE, id=gid, input=overrides))["accountRequestApprove"]["userErrors"] == []
    assert await limits(admin) == {"New Drills AB": "10000.00", "Own Drills AB": "5000.00", "Free Drills AB": None}

    buyer = await login(db, client, "new@drills.test")
    refused = await checkout(buyer, await new_cart(buyer, drill, 78))  # 10,062.00 EUR
    assert codes(refused) == [(["cartId"], "CREDIT_LIMIT_EXCEEDED")]
    assert "10000.00 EUR left" in refused["userErrors"][0]["message"]
    placed = (await checkout(buyer, await new_cart(buyer, drill, 77)))["order"]  # 9,933.00 EUR
    assert (placed["displayFinancialStatus"], placed["total"]) == ("PENDING", {"amount": "9933.00"})
    assert codes(await checkout(buyer, await new_cart(buyer, drill, 1))) == [(["cartId"], "CREDIT_LIMIT_EXCEEDED")]


def company_row(key: str, **cells: str) -> dict[str, str]:
    return {"company_external_id": key, "company_name": key, "location_external_id": f"L-{key}",
            "location_name": key, **cells}


async def run_import(admin, rows: list[dict[str, str]], columns: list[str] | None = None) -> None:  # noqa: ANN001
    result = (await admin(IMPORT, csv=rows_csv(rows, columns)))["registerImport"]
    assert result["userErrors"] == [] and result["result"]["errors"] == [], result


async def test_the_import_gives_new_companies_the_default_and_none_means_no_limit(admin):
    await run_import(admin, [company_row("BLANK", credit_limit=""), company_row("OWN", credit_limit="750.00"),
                             company_row("NONE", credit_limit="none"), company_row("UPPER", credit_limit=" NONE ")])
    await run_import(admin, [company_row("ABSENT")])  # a file without the column
    assert await limits(admin) == {
        "BLANK": "10000.00", "OWN": "750.00", "NONE": None, "UPPER": None, "ABSENT": "10000.00"}

    # An existing company: blank keeps its limit, none clears it, an amount sets it.
    await run_import(admin, [company_row("OWN", credit_limit=""), company_row("BLANK", credit_limit="none"),
                             company_row("NONE", credit_limit="20.00")])
    assert await limits(admin) == {
        "BLANK": None, "OWN": "750.00", "NONE": "20.00", "UPPER": None, "ABSENT": "10000.00"}

    # The export writes no limit as none, so importing it elsewhere keeps the choice.
    exported = (await admin(EXPORT))["registerExport"]
    cells = {line.split(",")[0]: line.split(",")[4] for line in exported.splitlines()[1:]}
    assert cells == {"BLANK": "none", "OWN": "750.00", "NONE": "20.00", "UPPER": "none", "ABSENT": "10000.00"}
    again = (await admin(IMPORT, csv=exported))["registerImport"]["result"]
    assert again["companies"] == {"created": 0, "updated": 0, "unchanged": 5}
