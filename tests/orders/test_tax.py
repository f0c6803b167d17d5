"""Tax through HTTP: rates per destination country, rounding per line, prices with or without tax,
exempt locations, the EU reverse charge, drafts taxed again when edited, and limits, deposits and
schedules that count the total with tax. Every order read here is checked to add up
(tests/orders/helpers.py assert_consistent)."""

from __future__ import annotations

from tests.helpers import ERRORS, PRODUCT_CREATE, codes
from tests.orders.helpers import (
    CART_CREATE,
    DRAFT,
    LOCATION_UPDATE,
    ORDER,
    add_card,
    assert_consistent,
    checkout,
    mails_to,
    new_cart,
    set_company,
    set_terms,
)
from tests.orders.totals import (
    SHOP_UPDATE,
    TAX_RATE_SET,
    locate,
    read_cart,
    shop_update,
    tax_rate,
)

GERMAN_VAT = "DE136695976"
SWEDISH_VAT = "SE556703748501"
COMPLETE = f"""mutation($id: ID!) {{ draftOrderComplete(id: $id, paymentPending: true) {{
    order {{ {ORDER} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: DraftOrderUpdateInput!) {{ draftOrderUpdate(id: $id, input: $input) {{
    draftOrder {{ {DRAFT} }} {ERRORS} }} }}"""
INVOICE = f"mutation($id: ID!) {{ draftOrderInvoiceSend(id: $id) {{ draftOrder {{ id }} {ERRORS} }} }}"
VAT_19 = {"title": "VAT", "rate": "19.0"}


async def german_shop(admin, acme, country: str = "DE", **location) -> None:  # noqa: ANN001
    """The shop in Germany with rates for Germany (19 %) and Sweden (25 %); Acme's HQ ships to country."""
    await shop_update(admin, countryCode="DE")
    await tax_rate(admin, "DE", "19.0")
    await tax_rate(admin, "SE", "25.0", "Moms")
    await locate(admin, acme["location"], country, **location)


async def test_tax_is_rounded_per_line_and_the_order_has_what_the_cart_showed(acme, admin):
    await german_shop(admin, acme)
    variants = [{"sku": "WASHER-A", "price": "0.13"}, {"sku": "WASHER-B", "price": "0.13"}]
    washer = (await admin(PRODUCT_CREATE, input={"title": "Washer", "variants": variants}))["productCreate"]["product"]
    buyer = acme["buyer"]
    lines = [{"variantId": v["id"], "quantity": 1} for v in washer["variants"]]
    cart = (await buyer(CART_CREATE, input={"lines": lines}))["cartCreate"]["cart"]["id"]
    shown = await read_cart(buyer, cart)
    # 0.13 x 19 % = 0.0247 rounds to 0.02 on each line: 0.04, where the whole 0.26 would give 0.05.
    assert (shown["subtotal"], shown["totalTax"], shown["total"], shown["amountDueNow"]) == (
        {"amount": "0.26"}, {"amount": "0.04"}, {"amount": "0.30"}, {"amount": "0.30"}
    )
    assert shown["taxLines"] == [{**VAT_19, "amount": {"amount": "0.04"}}] and shown["taxesIncluded"] is False

    payload = await checkout(buyer, cart, await add_card(buyer))
    order = payload["order"]
    assert payload["amountCharged"]["amount"] == "0.30"
    assert (order["subtotal"]["amount"], order["totalTax"], order["total"], order["taxLines"]) == (
        "0.26", shown["totalTax"], shown["total"], shown["taxLines"]
    )
    assert [line["taxLines"] for line in order["lineItems"]] == [[{**VAT_19, "amount": {"amount": "0.02"}}]] * 2
    assert order["displayFinancialStatus"] == "PAID" and order["taxNote"] is None


async def test_the_destination_country_sets_the_rate_and_one_without_a_rate_pays_none(acme, admin):
    await german_shop(admin, acme, "SE")
    buyer, nut = acme["buyer"], acme["nut"]["variants"][0]
    shown = await read_cart(buyer, await new_cart(buyer, nut, 2))  # 20.10 at 25 %: 5.025 rounds half up
    assert shown["taxLines"] == [{"title": "Moms", "rate": "25.0", "amount": {"amount": "5.03"}}]
    assert shown["total"]["amount"] == "25.13"
    await locate(admin, acme["location"], "NO")
    shown = await read_cart(buyer, await new_cart(buyer, nut, 2))
    assert (shown["taxLines"], shown["totalTax"]["amount"], shown["total"]["amount"]) == ([], "0.00", "20.10")


async def test_prices_entered_with_tax_keep_their_price_and_show_the_tax_inside(acme, admin):
    await german_shop(admin, acme)
    await shop_update(admin, pricesIncludeTax=True)
    buyer = acme["buyer"]
    order = (await checkout(buyer, await new_cart(buyer, acme["nut"]["variants"][0], 1), await add_card(buyer)))["order"]
    # 10.05 includes 19 %: 10.05 x 19 / 119 = 1.6046 -> 1.60
    assert (order["subtotal"]["amount"], order["totalTax"]["amount"], order["total"]["amount"]) == (
        "10.05", "1.60", "10.05"
    )
    assert order["taxesIncluded"] is True and order["totalPaid"]["amount"] == "10.05"


async def test_a_tax_exempt_location_pays_none(acme, admin):
    await german_shop(admin, acme, taxExempt=True)
    buyer = acme["buyer"]
    order = (await checkout(buyer, await new_cart(buyer, acme["bolt"]["variants"][0], 2), await add_card(buyer)))["order"]
    assert (order["taxLines"], order["totalTax"]["amount"], order["total"]["amount"]) == ([], "0.00", "20.00")
    assert all(line["taxLines"] == [] for line in order["lineItems"])


async def test_a_valid_vat_id_of_another_eu_country_gets_the_reverse_charge_with_its_note(acme, admin, db):
    await german_shop(admin, acme, "SE", taxId="SE 5567 0374 8501")
    await set_terms(admin, acme["location"], "Net 30")
    located = await admin(f"query($id: ID!) {{ node(id: $id) {{ ... on CompanyLocation {{ taxId }} }} }}",
                          id=acme["location"])
    assert located["node"]["taxId"] == SWEDISH_VAT  # kept compact
    buyer = acme["buyer"]
    cart = await new_cart(buyer, acme["bolt"]["variants"][1], 5)
    shown = await read_cart(buyer, cart)
    assert shown["taxLines"] == [{"title": "VAT reverse charge", "rate": "0.0", "amount": {"amount": "0.00"}}]
    assert SWEDISH_VAT in shown["taxNote"] and "Article 196" in shown["taxNote"]

    order = (await checkout(buyer, cart))["order"]
    assert (order["total"]["amount"], order["totalOutstanding"]["amount"]) == ("100.00", "100.00")
    assert order["taxNote"] == shown["taxNote"] and order["taxLines"] == shown["taxLines"]
    [confirmation] = [m for m in await mails_to(db, "anna@acme.test") if order["name"] in m.subject]
    assert "Reverse charge" in confirmation.body_text and SWEDISH_VAT in confirmation.body_text

    # A German VAT id is no reverse charge for a German shop: Sweden's rate applies to the goods.
    await locate(admin, acme["location"], "SE", taxId=GERMAN_VAT)
    shown = await read_cart(buyer, await new_cart(buyer, acme["bolt"]["variants"][1], 5))
    assert (shown["taxLines"][0]["rate"], shown["totalTax"]["amount"], shown["taxNote"]) == ("25.0", "25.00", None)


async def test_the_invoice_email_of_a_reverse_charge_draft_carries_the_note(acme, admin, db):
    await german_shop(admin, acme, "SE", taxId=SWEDISH_VAT)
    await set_terms(admin, acme["location"], "Net 30", checkoutToDraft=True)
    draft = (await checkout(acme["buyer"], await new_cart(acme["buyer"], acme["nut"]["variants"][0], 1)))["draftOrder"]
    assert draft["taxNote"] and draft["total"]["amount"] == "10.05"
    assert (await admin(INVOICE, id=draft["id"]))["draftOrderInvoiceSend"]["userErrors"] == []
    [invoice] = [m for m in await mails_to(db, "anna@acme.test") if "Invoice" in m.subject]
    assert "Reverse charge" in invoice.body_text and "VAT reverse charge 0.0 %: 0.00 EUR" in invoice.body_text


async def test_a_vat_id_must_pass_its_check_digits(acme, admin):
    bad = await admin(LOCATION_UPDATE, id=acme["location"], input={"name": "Renamed", "taxId": "DE136695977"})
    assert codes(bad["companyLocationUpdate"]) == [(["input", "taxId"], "INVALID")]
    read = await admin(f"query($id: ID!) {{ node(id: $id) {{ ... on CompanyLocation {{ name taxId }} }} }}",
                       id=acme["location"])
    assert read["node"] == {"name": "HQ", "taxId": None}


async def test_credit_limits_deposits_and_schedules_count_the_total_with_tax(acme, admin):
    await german_shop(admin, acme)
    await tax_rate(admin, "DE", "25.0")  # replaces 19 %
    await set_terms(admin, acme["location"], "Net 30")
    await set_company(admin, creditLimit="24.00")
    buyer, bolt = acme["buyer"], acme["bolt"]["variants"][0]
    refused = await checkout(buyer, await new_cart(buyer, bolt, 2))  # 20.00 would fit; 25.00 with tax does not
    assert codes(refused) == [(["cartId"], "CREDIT_LIMIT_EXCEEDED")]

    await set_terms(admin, acme["location"], "Net 30", deposit={"percentage": 50})
    cart = await new_cart(buyer, bolt, 2)
    assert (await read_cart(buyer, cart))["amountDueNow"]["amount"] == "12.50"  # half of 25.00, not of 20.00
    order = (await checkout(buyer, cart, await add_card(buyer)))["order"]
    assert (order["totalPaid"]["amount"], order["totalOutstanding"]["amount"], order["total"]["amount"]) == (
        "12.50", "12.50", "25.00"
    )
    assert [s["amount"]["amount"] for s in order["paymentTerms"]["paymentSchedules"]] == ["12.50"]


async def test_a_draft_is_taxed_again_when_the_merchant_edits_its_lines(acme, admin):
    await german_shop(admin, acme)
    await set_terms(admin, acme["location"], "Net 30", checkoutToDraft=True)
    buyer, small = acme["buyer"], acme["bolt"]["variants"][0]
    draft = (await checkout(buyer, await new_cart(buyer, small, 1)))["draftOrder"]
    assert (draft["totalTax"]["amount"], draft["total"]["amount"]) == ("1.90", "11.90")
    lines = [{"variantId": small["id"], "quantity": 3, "unitPrice": "3.33"}]
    edited = (await admin(UPDATE, id=draft["id"], input={"lines": lines}))["draftOrderUpdate"]
    assert edited["userErrors"] == []
    assert_consistent(edited["draftOrder"])
    assert (edited["draftOrder"]["totalTax"]["amount"], edited["draftOrder"]["total"]["amount"]) == ("1.90", "11.89")
    order = (await admin(COMPLETE, id=draft["id"]))["draftOrderComplete"]["order"]
    assert_consistent(order)
    assert (order["totalTax"], order["total"], order["totalOutstanding"]["amount"]) == (
        edited["draftOrder"]["totalTax"], edited["draftOrder"]["total"], "11.89"
    )


async def test_rates_and_the_shop_country_are_validated_and_listed(admin):
    cases = [("DE", "-1"), ("DE", "100.5"), ("DE", "12.345"), ("XX", "10"), ("", "10"), ("DE", "NaN")]
    found = []
    for country, rate in cases:
        found.extend(codes((await admin(TAX_RATE_SET, country=country, rate=rate, title=None))["taxRateSet"]))
    assert found == [
        (["rate"], "LESS_THAN"), (["rate"], "GREATER_THAN"), (["rate"], "INVALID"), (["countryCode"], "INVALID"),
        (["countryCode"], "BLANK"), (["rate"], "INVALID"),
    ]
    await tax_rate(admin, "se", "25")
    await tax_rate(admin, "DE", "7.7", "Reduced VAT")
    assert (await admin("{ taxRates { countryCode rate title } }"))["taxRates"] == [
        {"countryCode": "DE", "rate": "7.7", "title": "Reduced VAT"},
        {"countryCode": "SE", "rate": "25.0", "title": "VAT"},
    ]
    bad = (await admin(SHOP_UPDATE, input={"countryCode": "Germany", "pricesIncludeTax": None}))["shopUpdate"]
    assert codes(bad) == [(["countryCode"], "TOO_LONG"), (["pricesIncludeTax"], "BLANK")]
    assert (await admin("{ shop { countryCode pricesIncludeTax } }"))["shop"] == {
        "countryCode": None, "pricesIncludeTax": False
    }
