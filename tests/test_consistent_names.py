"""The schema's consistent names (issue 12), each beside the old one it replaces, which still answers
and is marked deprecated: orderId on orderCancel and orderMarkAsPaid, deletedId on every delete,
PriceList.currencyCode, LineItem.priceSourceDetails (MANUAL included)."""

from __future__ import annotations

from tests.helpers import ERRORS, codes, create_catalog, create_company, create_product
from tests.orders.helpers import add_card, checkout, new_cart
from tests.orders.test_admin_orders import UPDATE, submit_draft

ORDER = "id displayFinancialStatus cancelledAt"
MARK_PAID = f"mutation($id: ID!) {{ orderMarkAsPaid(orderId: $id) {{ order {{ {ORDER} }} {ERRORS} }} }}"
CANCEL = f"mutation($id: ID!) {{ orderCancel(orderId: $id) {{ order {{ {ORDER} }} {ERRORS} }} }}"
OLD_CANCEL = f"mutation($id: ID!) {{ orderCancel(id: $id) {{ order {{ {ORDER} }} {ERRORS} }} }}"
DEPRECATED = """query($type: String!) { __type(name: $type) { fields(includeDeprecated: true) {
    name isDeprecated deprecationReason } } }"""


async def _deprecated(admin, type_name: str) -> dict[str, str]:  # noqa: ANN001
    fields = (await admin(DEPRECATED, type=type_name))["__type"]["fields"]
    return {f["name"]: f["deprecationReason"] for f in fields if f["isDeprecated"]}


async def test_orders_are_named_by_order_id_as_in_every_order_mutation(acme, admin) -> None:
    buyer = acme["buyer"]
    first = (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0]), await add_card(buyer)))["order"]
    assert codes((await admin(MARK_PAID, id=first["id"]))["orderMarkAsPaid"]) == [(["orderId"], "ALREADY_PAID")]
    cancelled = (await admin(CANCEL, id=first["id"]))["orderCancel"]
    assert cancelled["userErrors"] == [] and cancelled["order"]["cancelledAt"] is not None
    assert codes((await admin(OLD_CANCEL, id=first["id"]))["orderCancel"]) == [(["id"], "ORDER_CANCELLED")]
    unnamed = (await admin(f"mutation {{ orderCancel {{ {ERRORS} }} }}"))["orderCancel"]
    assert codes(unnamed) == [(["orderId"], "BLANK")]
    arguments = (await admin("""{ __type(name: "Mutation") { fields { name
        args(includeDeprecated: true) { name isDeprecated } } } }"""))["__type"]["fields"]
    cancel = next(f for f in arguments if f["name"] == "orderCancel")
    assert {a["name"]: a["isDeprecated"] for a in cancel["args"]} == {"orderId": False, "id": True, "refund": False}


async def test_every_delete_answers_deleted_id(admin) -> None:
    company = await create_company(admin)
    delete = f"mutation($id: ID!) {{ companyDelete(id: $id) {{ deletedId deletedCompanyId {ERRORS} }} }}"
    deleted = (await admin(delete, id=company["id"]))["companyDelete"]
    assert deleted == {"deletedId": company["id"], "deletedCompanyId": company["id"], "userErrors": []}
    product = await create_product(admin, "Nut", "NUT")
    gone = (await admin(f"mutation($id: ID!) {{ productDelete(id: $id) {{ deletedId {ERRORS} }} }}",
                        id=product["id"]))["productDelete"]
    assert gone == {"deletedId": product["id"], "userErrors": []}
    assert await _deprecated(admin, "CompanyDeletePayload") == {"deletedCompanyId": "Use deletedId."}
    assert await _deprecated(admin, "ProductDeletePayload") == {"deletedProductId": "Use deletedId."}


async def test_a_price_list_has_a_currency_code_like_every_amount(admin) -> None:
    catalog = await create_catalog(admin, "Nordic", currency=None, priceList={"currencyCode": "sek"})
    read = (await admin("query($id: ID!) { node(id: $id) { ... on Catalog { priceList { currencyCode currency } } } }",
                        id=catalog["id"]))["node"]["priceList"]
    assert read == {"currencyCode": "SEK", "currency": "SEK"}
    create = f"mutation($input: CatalogCreateInput!) {{ catalogCreate(input: $input) {{ {ERRORS} }} }}"
    refused = (await admin(create, input={"title": "Bad", "priceList": {"currencyCode": "kronor"}}))["catalogCreate"]
    assert codes(refused) == [(["input", "priceList", "currencyCode"], "INVALID")]
    assert await _deprecated(admin, "PriceList") == {"currency": "Use currencyCode."}


async def test_a_line_items_price_source_is_an_object_as_on_carts(acme, admin) -> None:
    draft = await submit_draft(acme, admin)
    small, large = acme["bolt"]["variants"]
    lines = [{"variantId": small["id"], "quantity": 1}, {"variantId": large["id"], "quantity": 1, "unitPrice": "15.50"}]
    assert (await admin(UPDATE, id=draft, input={"lines": lines}))["draftOrderUpdate"]["userErrors"] == []
    read = await admin("""query($id: ID!) { draftOrder(id: $id) { lineItems { sku
        priceSourceDetails { catalogId catalogTitle rule } } } }""", id=draft)
    assert read["draftOrder"]["lineItems"] == [
        {"sku": "BOLT-S", "priceSourceDetails": {"catalogId": None, "catalogTitle": None, "rule": "BASE"}},
        {"sku": "BOLT-L", "priceSourceDetails": {"catalogId": None, "catalogTitle": None, "rule": "MANUAL"}},
    ]
    assert await _deprecated(admin, "LineItem") == {
        "priceSource": "Use priceSourceDetails.rule.", "catalogTitle": "Use priceSourceDetails.catalogTitle.",
    }
