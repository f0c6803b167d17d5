"""The demo shop for `gateway seed-demo`: a small but real B2B shop of tools, fasteners and workwear,
in Germany, with VAT for the countries it ships to, two delivery methods and stock on every variant.

Everything goes through the domain functions, so the demo obeys the same rules as the Admin API.
Seeding is idempotent: the first company's external id marks a seeded shop.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import shop
from gateway.auth import staff
from gateway.catalog import catalogs, products, stock
from gateway.customers import companies, contacts, customers, groups
from gateway.customers import roles as company_roles
from gateway.db.models import (
    Company,
    CompanyLocation,
    Customer,
    PaymentTermsTemplate,
    ProductVariant,
    QuoteLine,
)
from gateway.orders import shipping, taxes
from gateway.platform import ids
from gateway.platform.settings import Settings
from gateway.quotes import quotes

SHOP_NAME = "Nordwerk Industrial Supply"


def _product(title: str, *variants: tuple[str, str, str]) -> dict[str, Any]:
    """variants: (variant title, sku, base price in EUR)."""
    return {
        "title": title,
        "status": "ACTIVE",
        "variants": [{"title": t, "sku": sku, "price": Decimal(price)} for t, sku, price in variants],
    }


PRODUCTS = (
    # Tools
    _product("Cordless Drill Driver 18V", ("Body only", "NW-DRL-18-B", "129.00"),
             ("Kit with 2 batteries", "NW-DRL-18-K", "219.00")),
    _product("Impact Driver 18V", ("Body only", "NW-IMP-18-B", "149.00")),
    _product("Angle Grinder 125 mm", ("1100 W", "NW-AGR-125", "89.00")),
    _product("Claw Hammer", ("450 g", "NW-HAM-450", "18.50"), ("680 g", "NW-HAM-680", "22.90")),
    _product("Screwdriver Set, 8 pieces", ("Slotted and Phillips", "NW-SDS-8", "34.90")),
    _product("Spirit Level", ("600 mm", "NW-LVL-600", "24.00"), ("1000 mm", "NW-LVL-1000", "32.00"),
             ("2000 mm", "NW-LVL-2000", "54.00")),
    _product("Tape Measure 5 m", ("Default", "NW-TAPE-5", "9.80")),
    _product("Combination Wrench Set", ("Metric 8-19 mm, 12 pieces", "NW-WRS-M12", "59.00")),
    _product("HSS Drill Bit Set, 19 pieces", ("1-10 mm", "NW-DBS-19", "27.50")),
    # Fasteners (sold by the box)
    _product("Wood Screws 4.0 x 40 mm, box of 500", ("Zinc plated", "NW-WS-4040-Z", "14.20"),
             ("Stainless A2", "NW-WS-4040-A2", "31.80")),
    _product("Hex Bolts M8 DIN 933, box of 100", ("30 mm", "NW-HB-M8-30", "12.40"), ("50 mm", "NW-HB-M8-50", "16.10")),
    _product("Hex Nuts M8 DIN 934, box of 200", ("Zinc plated", "NW-HN-M8", "7.90")),
    _product("Washers M8 DIN 125, box of 500", ("Zinc plated", "NW-WA-M8", "6.50")),
    _product("Nylon Wall Plugs 8 mm, box of 100", ("Default", "NW-WP-8", "4.90")),
    _product("Concrete Anchor Bolts M10, box of 50", ("M10 x 90 mm", "NW-AB-M10", "38.00")),
    # Workwear
    _product("Work Trousers", *((f"Size {s}", f"NW-WT-{s}", "49.90") for s in (48, 50, 52, 54))),
    _product("Softshell Jacket", *((f"Size {s}", f"NW-SJ-{s}", "79.00") for s in ("M", "L", "XL"))),
    _product("Safety Boots S3", *((f"EU {s}", f"NW-SB-{s}", "89.90") for s in (41, 42, 43, 44, 45))),
    _product("Nitrile Coated Work Gloves, pack of 12",
             *((f"Size {s}", f"NW-WG-{s.split('/')[0]}", "21.60") for s in ("8/M", "9/L", "10/XL"))),
    _product("Safety Glasses", ("Clear", "NW-SG-CLR", "6.90"), ("Tinted", "NW-SG-TNT", "7.90")),
    # Only the Trade group's catalog lists it: nobody else sees it
    _product("Wood Screws 4.0 x 40 mm, trade box of 5000", ("Zinc plated", "NW-WS-4040-Z-5K", "119.00")),
)


def _address(street: str, zip_code: str, city: str, country: str) -> dict[str, str]:
    return {"address1": street, "zip": zip_code, "city": city, "country_code": country}


# Each location shows one checkout set-up; `terms` names a payment terms template.
COMPANIES = (
    {
        "company": {"name": "Baufix Montage GmbH", "external_id": "ERP-20417", "credit_limit": Decimal("50000.00"),
                    "max_payment_days": 30},
        "locations": (
            {"name": "Munich workshop", "external_id": "LOC-20417-1", "terms": "Net 30",
             "shipping_address": _address("Landsberger Straße 301", "80687", "München", "DE")},
            {"name": "Hamburg site office", "external_id": "LOC-20417-2", "terms": "Net 30", "deposit": 30,
             "shipping_address": _address("Am Sandtorkai 41", "20457", "Hamburg", "DE")},
        ),
        # (email, first name, last name, title, {location name: role})
        "contacts": (
            ("anna.weber@baufix.example", "Anna", "Weber", "Purchasing manager",
             {"Munich workshop": "LOCATION_ADMIN", "Hamburg site office": "LOCATION_ADMIN"}),
            ("jonas.keller@baufix.example", "Jonas", "Keller", "Site foreman",
             {"Hamburg site office": "ORDERING_ONLY"}),
            # Buyer governance: Max approves Munich's orders over Lea's limit of 500.00 per order
            # (a merchant-defined role); Lea has an open quote for drill kits.
            ("max.bauer@baufix.example", "Max", "Bauer", "Head of purchasing", {"Munich workshop": "Approver"}),
            ("lea.schmidt@baufix.example", "Lea", "Schmidt", "Buyer",
             {"Munich workshop": ("ORDERING_ONLY", "500.00")}),
        ),
    },
    {
        "company": {"name": "Nordic Tools AB", "external_id": "ERP-20533", "credit_limit": Decimal("0")},
        "locations": (
            {"name": "Gothenburg store", "external_id": "LOC-20533-1", "shipping_address": _address("Stampgatan 14", "41101", "Göteborg", "SE")},
        ),
        "contacts": (
            ("erik.lund@nordictools.example", "Erik", "Lund", "Owner", {"Gothenburg store": "LOCATION_ADMIN"}),
            ("sofia.berg@nordictools.example", "Sofia", "Berg", None, {"Gothenburg store": "ORDERING_ONLY"}),
        ),
    },
    {
        "company": {"name": "Atelier Lumière SARL", "external_id": "ERP-20601", "credit_limit": Decimal("10000.00")},
        "locations": (
            {"name": "Lyon atelier", "external_id": "LOC-20601-1", "checkout_to_draft": True,
             "shipping_address": _address("12 Rue de la Charité", "69002", "Lyon", "FR")},
        ),
        "contacts": (
            ("claire.martin@atelier-lumiere.example", "Claire", "Martin", "Gérante",
             {"Lyon atelier": "LOCATION_ADMIN"}),
        ),
    },
)

# Catalogs: locations by name, products by title (None: all), fixed prices by sku with
# optional price breaks {minimum quantity: price} and a quantity rule (minimum, increment, maximum).
CATALOGS = (
    {
        "title": "Trade partners",
        "adjustment": ("PERCENTAGE_DECREASE", "10"),
        "locations": ("Munich workshop", "Hamburg site office", "Gothenburg store"),
        "products": None,
        "fixed": (
            ("NW-DRL-18-K", "189.00", {5: "179.00", 10: "169.00"}, None),
            ("NW-WS-4040-Z", "12.50", {10: "11.90", 50: "10.90"}, (5, 5, 500)),
            ("NW-HB-M8-30", "11.00", {20: "10.20"}, (10, 10, None)),
            ("NW-HN-M8", "6.90", None, (10, 10, None)),
            ("NW-WG-9", "18.00", {12: "16.80"}, (2, 2, 240)),
        ),
    },
    {
        "title": "Workshop express",
        "adjustment": ("PERCENTAGE_INCREASE", "5"),
        "locations": ("Lyon atelier",),
        "products": ("Work Trousers", "Softshell Jacket", "Safety Boots S3", "Nitrile Coated Work Gloves, pack of 12",
                     "Safety Glasses", "Claw Hammer", "Tape Measure 5 m", "Cordless Drill Driver 18V"),
        "fixed": (
            ("NW-SB-42", "84.00", {4: "79.00"}, None),
            ("NW-SG-CLR", "6.50", None, (10, 10, 200)),
        ),
    },
)

# The shop is in Germany: VAT by destination country, and Nordic Tools' Swedish VAT number gets the
# reverse charge (gateway/orders/taxes.py).
SHOP_COUNTRY = "DE"
TAX_RATES = (("DE", "19.0"), ("FR", "20.0"), ("SE", "25.0"))
TAX_IDS = {"Gothenburg store": "SE556703748501"}
DELIVERY_METHODS = (
    {"title": "Parcel", "price": "6.90", "country_codes": ["DE", "FR", "SE"], "free_above": "250.00"},
    {"title": "Pallet freight", "price": "79.00", "country_codes": ["DE", "FR", "SE"]},
)
# Stock on hand by sku (DENY: never oversold); a variant not listed has DEFAULT_STOCK. The tinted
# glasses sell on without stock (CONTINUE, a backorder); the boots in EU 45 are sold out.
DEFAULT_STOCK = 40
STOCK = {
    "NW-WS-4040-Z": 2500, "NW-WS-4040-A2": 600, "NW-HB-M8-30": 1800, "NW-HB-M8-50": 900, "NW-HN-M8": 3000,
    "NW-WA-M8": 4000, "NW-WP-8": 1200, "NW-AB-M10": 150, "NW-WG-9": 480, "NW-SB-45": 0, "NW-SG-TNT": 0,
}
BACKORDERED = ("NW-SG-TNT",)

# Customer groups for people buying for themselves (D2C): each with its own catalogs, and a customer.
# Self-registered customers join Retail (the shop's default group) and get a customer number.
GROUPS = (
    {"name": "Retail", "description": "People buying for themselves: 5 % off everything.",
     "catalogs": ({"title": "Retail club", "adjustment": ("PERCENTAGE_DECREASE", "5"), "products": None,
                   "fixed": ()},),
     "customers": (("maja.nilsson@example.com", "Maja", "Nilsson"),)},
    {"name": "Trade", "description": "Tradespeople without a company account: 12 % off, and the trade box.",
     "catalogs": ({"title": "Trade counter", "adjustment": ("PERCENTAGE_DECREASE", "12"), "products": None,
                   "fixed": (("NW-DRL-18-K", "185.00", None, None),)},
                  {"title": "Trade exclusives", "adjustment": ("PERCENTAGE_DECREASE", "0"),
                   "products": ("Wood Screws 4.0 x 40 mm, trade box of 5000",),
                   "fixed": (("NW-WS-4040-Z-5K", "99.00", None, None),)}),
     "customers": (("lars.olsen@example.com", "Lars", "Olsen"),)},
)
DEFAULT_GROUP = "Retail"

BUYER_EMAILS = tuple(contact[0] for company in COMPANIES for contact in company["contacts"])
D2C_EMAILS = tuple(customer[0] for group in GROUPS for customer in group["customers"])

# Roles the merchant defined beside the built-in ones: (name, permissions).
ROLES = (("Approver", ("PLACE_ORDERS", "APPROVE_ORDERS", "VIEW_ALL_ORDERS", "PAY_INVOICES")),)
# An open quote: (buyer, location, [(sku, quantity, quoted price)], note); sent, valid for 30 days.
QUOTES = (
    ("lea.schmidt@baufix.example", "Munich workshop", [("NW-DRL-18-K", 40, "159.00"), ("NW-DBS-19", 40, "22.00")],
     "Drill kits for the new site team: can you do better for 40?"),
)
# The merchant's staff member, OWNER, who logs in to /console with a code sent by email.
STAFF_EMAIL = "owner@nordwerk.example"


async def seed(session: AsyncSession, settings: Settings | None = None) -> bool:
    """Load the demo shop; False (and nothing changed) when it is there already. settings: where the
    quote's email goes (the defaults without them: printed to the console by the worker)."""
    settings = settings or Settings.model_construct()
    marker = COMPANIES[0]["company"]["external_id"]
    if await session.scalar(select(Company.id).where(Company.external_id == marker)):
        return False
    shop_settings = await shop.update_settings(session, {"name": SHOP_NAME, "country_code": SHOP_COUNTRY})
    for country, rate in TAX_RATES:
        await taxes.set_rate(session, country, Decimal(rate), None)
    for method in DELIVERY_METHODS:
        await shipping.create(session, shop_settings, {
            **method, "price": Decimal(method["price"]),
            "free_above": Decimal(method["free_above"]) if method.get("free_above") else None,
        })
    await staff.create(session, STAFF_EMAIL, "OWNER")
    product_gids: dict[str, str] = {}
    for data in PRODUCTS:
        product = await products.create(session, data)
        product_gids[product.title] = ids.to_gid("Product", product.id)
    variants = {
        sku: ids.to_gid("ProductVariant", pk)
        for sku, pk in await session.execute(select(ProductVariant.sku, ProductVariant.id))
    }
    for sku, variant_gid in variants.items():
        policy = "CONTINUE" if sku in BACKORDERED else "DENY"
        await stock.set_stock(session, variant_gid, STOCK.get(sku, DEFAULT_STOCK), policy)
    terms = {
        name: ids.to_gid("PaymentTermsTemplate", pk)
        for name, pk in await session.execute(select(PaymentTermsTemplate.name, PaymentTermsTemplate.id))
    }
    roles = {}
    for name, permissions in ROLES:
        role = await company_roles.create(session, {"name": name, "permissions": list(permissions)})
        roles[name] = ids.to_gid("CompanyRole", role.id)
    locations: dict[str, str] = {}
    for data in COMPANIES:
        locations.update(await _company(session, data, terms, roles))
    for data in CATALOGS:
        await _catalog(session, data, locations, product_gids, variants)
    for quote in QUOTES:
        await _quote(session, settings, quote, locations, variants)
    await shop.update_settings(session, {"assign_customer_numbers": True})
    for data in GROUPS:
        await _group(session, data, product_gids, variants)
    return True


async def _group(
    session: AsyncSession, data: dict[str, Any], product_gids: dict[str, str], variants: dict[str, str]
) -> None:
    group = await groups.create(session, {"name": data["name"], "description": data["description"]})
    group_gid = ids.to_gid("CustomerGroup", group.id)
    if data["name"] == DEFAULT_GROUP:
        await shop.update_settings(session, {"default_customer_group_id": group_gid})
    settings = await shop.get(session)
    for email, first, last in data["customers"]:
        await customers.create(session, settings, {
            "email": email, "first_name": first, "last_name": last, "customer_group_ids": [group_gid],
        })
    for catalog in data["catalogs"]:
        await _catalog(session, {**catalog, "locations": (), "groups": (group_gid,)}, {}, product_gids, variants)


async def _quote(
    session: AsyncSession, settings: Settings, data: tuple, locations: dict[str, str], variants: dict[str, str]
) -> None:
    """The buyer asks (as quoteRequestCreate), the merchant prices and sends it (quoteUpdate, quoteSend)."""
    email, location, lines, note = data
    buyer = await session.scalar(select(Customer.id).where(Customer.email == email))
    quiet = settings.model_copy(update={"merchant_email": None})  # the merchant knows of its own demo
    asked = await quotes.request(session, quiet, buyer, ids.pk_of(locations[location], "CompanyLocation"), {
        "lines": [{"variant_id": variants[sku], "quantity": quantity} for sku, quantity, _ in lines], "note": note,
    })
    rows = (await session.scalars(select(QuoteLine).where(QuoteLine.quote_id == asked.id).order_by(QuoteLine.id))).all()
    gid = ids.to_gid("Quote", asked.id)
    await quotes.update_quote(session, gid, {"lines": [
        {"id": ids.to_gid("QuoteLine", row.id), "price": Decimal(price)} for row, (*_, price) in zip(rows, lines)
    ], "note": "Project price for 40 of each."})
    await quotes.send(session, settings, gid)


async def _company(
    session: AsyncSession, data: dict[str, Any], terms: dict[str, str], roles: dict[str, str]
) -> dict[str, str]:
    """Create the company with its locations and contacts; returns location gids by name.

    terms: payment terms template gids by name. The first contact comes with companyCreate,
    so it is the main contact and admin of the first location.
    """
    first_location, *other_locations = [_location_input(location, terms) for location in data["locations"]]
    contact_inputs = [
        {"email": email, "first_name": first, "last_name": last, "title": title}
        for email, first, last, title, _ in data["contacts"]
    ]
    company = await companies.create(session, {
        "company": data["company"], "company_location": first_location, "company_contact": contact_inputs[0],
    })
    company_gid = ids.to_gid("Company", company.id)
    for location in other_locations:
        await companies.create_location(session, company_gid, location)
    location_gids = {
        name: ids.to_gid("CompanyLocation", pk)
        for name, pk in await session.execute(
            select(CompanyLocation.name, CompanyLocation.id).where(CompanyLocation.company_id == company.id)
        )
    }
    contact_gids = [ids.to_gid("CompanyContact", company.main_contact_id)]
    for contact in contact_inputs[1:]:
        created = await companies.create_contact(session, company_gid, contact)
        contact_gids.append(ids.to_gid("CompanyContact", created.id))
    for contact_gid, (*_, assigned) in zip(contact_gids, data["contacts"], strict=True):
        for location_name, role in assigned.items():
            role, limit = role if isinstance(role, tuple) else (role, None)
            extra: dict[str, Any] = {"spending_limit": Decimal(limit)} if limit else {}
            if role in roles:
                role, extra["role_id"] = None, roles[role]
            await contacts.assign_role(session, contact_gid, location_gids[location_name], role, extra)
    return location_gids


def _location_input(location: dict[str, Any], terms: dict[str, str]) -> dict[str, Any]:
    config: dict[str, Any] = {"checkout_to_draft": location.get("checkout_to_draft", False)}
    if location.get("terms"):
        config["payment_terms_template_id"] = terms[location["terms"]]
    if location.get("deposit"):
        config["deposit"] = {"percentage": location["deposit"]}
    return {
        "name": location["name"],
        "external_id": location["external_id"],
        "shipping_address": location["shipping_address"],
        "billing_same_as_shipping": True,
        "tax_id": TAX_IDS.get(location["name"]),
        "buyer_experience_configuration": config,
    }


async def _catalog(
    session: AsyncSession, data: dict[str, Any], locations: dict[str, str], product_gids: dict[str, str],
    variants: dict[str, str],
) -> None:
    kind, value = data["adjustment"]
    catalog = await catalogs.create(session, {
        "title": data["title"],
        "status": "ACTIVE",
        "company_location_ids": [locations[name] for name in data["locations"]],
        "customer_group_ids": list(data.get("groups", ())),
        "product_ids": None if data["products"] is None else [product_gids[title] for title in data["products"]],
        "price_list": {"currency": "EUR", "adjustment": {"type": kind, "value": Decimal(value)}},
    })
    prices = []
    if not data["fixed"]:
        return
    for sku, price, breaks, rule in data["fixed"]:
        item: dict[str, Any] = {"variant_id": variants[sku], "price": Decimal(price)}
        if breaks:
            item["quantity_price_breaks"] = [
                {"minimum_quantity": minimum, "price": Decimal(amount)} for minimum, amount in breaks.items()
            ]
        if rule:
            item["quantity_rule"] = dict(zip(("minimum", "increment", "maximum"), rule, strict=True))
        prices.append(item)
    await catalogs.add_fixed_prices(session, ids.to_gid("PriceList", catalog.price_list_id), prices)
