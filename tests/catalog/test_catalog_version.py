"""The catalog version (gateway/catalog/version.py): which tables count as catalog data, and that each
Admin mutation writing them bumps the version in its own transaction (a refused one does not)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKeyConstraint, select

from gateway.catalog.version import CATALOG_TABLES
from gateway.db.models import Base, ShopSettings
from tests.catalog.test_catalogs import ADD, CONTEXT, DELETE, REMOVE, UPDATE
from tests.helpers import ERRORS, PRODUCT_CREATE, create_company
from tests.orders.totals import INVENTORY_SET

# Tables that point at catalog data without being read by a catalog answer: the buyer's own things.
NOT_CATALOG = frozenset({
    "cart_lines", "order_lines", "draft_order_lines",
    "quote_lines", "shopping_list_lines",  # a buyer's quotes and lists (issue 18): no catalog answer reads them
})


async def version(db) -> int:  # noqa: ANN001
    async with db.reader() as session:
        return await session.scalar(select(ShopSettings.catalog_version).where(ShopSettings.id == 1))


def test_every_table_that_points_at_catalog_data_is_classified():
    """A new table referencing a catalog table (a catalog's customer groups, say) must be listed as
    catalog data, or as the buyer's own, here: otherwise its writes would not invalidate answers."""
    core = CATALOG_TABLES - {"shop_settings"}
    pointing = {
        table.name for table in Base.metadata.sorted_tables
        for constraint in table.constraints if isinstance(constraint, ForeignKeyConstraint)
        if constraint.referred_table.name in core
    }
    assert pointing - CATALOG_TABLES - NOT_CATALOG == set()
    assert NOT_CATALOG <= pointing, "listed as not catalog data but no longer pointing at it"


PRODUCT_UPDATE = f"""mutation($id: ID!, $input: ProductInput!) {{ productUpdate(id: $id, input: $input) {{ {ERRORS} }} }}"""
PRODUCT_DELETE = f"mutation($id: ID!) {{ productDelete(id: $id) {{ {ERRORS} }} }}"
VARIANT_DELETE = f"mutation($id: ID!) {{ productVariantDelete(id: $id) {{ {ERRORS} }} }}"
SHOP_UPDATE = f"mutation($input: ShopInput!) {{ shopUpdate(input: $input) {{ {ERRORS} }} }}"
CATALOG_CREATE = f"mutation($input: CatalogCreateInput!) {{ catalogCreate(input: $input) {{ {ERRORS} }} }}"
COMPANY_UPDATE = f"mutation($id: ID!, $input: CompanyInput!) {{ companyUpdate(companyId: $id, input: $input) {{ {ERRORS} }} }}"


def scenarios(acme: dict[str, Any], made: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each catalog mutation of the Admin API, as a call that succeeds on acme with a catalog made."""
    bolt, nut = acme["bolt"], acme["nut"]
    price_list = made["priceList"]["id"]
    return {
        "productCreate": (PRODUCT_CREATE, {"input": {"title": "Washer", "variants": [{"sku": "W", "price": "1.00"}]}}),
        "productUpdate": (PRODUCT_UPDATE, {"id": bolt["id"], "input": {"status": "DRAFT"}}),
        "productVariantDelete": (VARIANT_DELETE, {"id": bolt["variants"][1]["id"]}),
        "catalogCreate": (CATALOG_CREATE, {"input": {"title": "Other"}}),
        "catalogUpdate": (UPDATE, {"id": made["id"], "input": {"title": "Renamed"}}),
        "catalogContextUpdate": (CONTEXT, {"id": made["id"], "remove": {"companyLocationIds": [acme["location"]]}}),
        "priceListFixedPricesAdd": (ADD, {"id": price_list, "prices": [{"variantId": nut["variants"][0]["id"],
                                                                       "price": "5.00"}]}),
        "priceListFixedPricesDelete": (REMOVE, {"id": price_list, "variants": [nut["variants"][0]["id"]]}),
        "catalogDelete": (DELETE, {"id": made["id"]}),
        "productDelete": (PRODUCT_DELETE, {"id": nut["id"]}),
        "shopUpdate": (SHOP_UPDATE, {"input": {"accessMode": "LOGIN_FOR_PRICES"}}),
        "inventorySet": (INVENTORY_SET, {"id": bolt["variants"][0]["id"], "quantity": 0, "policy": None}),
    }


CATALOG_MUTATION_PREFIXES = ("product", "catalog", "priceList", "quantity", "shop", "inventory")


async def test_each_catalog_mutation_bumps_the_version_once(acme, admin, db, catalog):
    made = await catalog("B2B", ("PERCENTAGE_DECREASE", "10"))
    calls = scenarios(acme, made)
    mutations = (await admin("{ __schema { mutationType { fields { name } } } }"))["__schema"]["mutationType"]["fields"]
    catalog_mutations = {f["name"] for f in mutations if f["name"].startswith(CATALOG_MUTATION_PREFIXES)}
    assert catalog_mutations - calls.keys() == set(), "a catalog mutation without a scenario here"
    for name, (document, variables) in calls.items():
        before = await version(db)
        payload = (await admin(document, **variables))[name]
        assert payload["userErrors"] == [], (name, payload)
        assert await version(db) == before + 1, name


async def test_a_refused_write_or_a_write_of_other_data_bumps_nothing(acme, admin, db):
    before = await version(db)
    refused = (await admin(PRODUCT_UPDATE, id=acme["bolt"]["id"], input={"title": " "}))["productUpdate"]
    assert refused["userErrors"]
    company = await create_company(admin, "Other Co", email=None)
    assert (await admin(COMPANY_UPDATE, id=company["id"], input={"note": "x"}))["companyUpdate"]["userErrors"] == []
    assert await version(db) == before
