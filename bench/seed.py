"""The benchmark shop: products x 3 variants, one company (no credit limit) with two ACTIVE catalogs
(10 % off everything, and fixed prices with a price break on every third variant) on two locations:
HQ, paying now, with a logged-in buyer, and a Net 30 location with logged-in buyers who check out on
terms; and as many companies of one Net 30 buyer each, priced by the same catalogs. Bulk inserts:
seeding must not dominate the run."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, make_url, select, text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from gateway.auth.sessions import PREFIX, hash_token
from gateway.db import migrate
from gateway.db.engine import Database
from gateway.db.models import (
    Catalog,
    Company,
    CompanyContact,
    CompanyLocation,
    Customer,
    CustomerSession,
    PaymentTermsTemplate,
    PriceList,
    PriceListPrice,
    Product,
    ProductVariant,
    QuantityPriceBreak,
    RoleAssignment,
    catalog_locations,
)
from gateway.platform import clock


@dataclass
class Shop:
    token: str  # the HQ buyer's storefront bearer token
    variant_ids: list[int]
    terms_buyer_tokens: list[str]  # one per buyer of the Net 30 location
    company_buyer_tokens: list[str]  # one buyer per company of its own, Net 30, the same catalogs


async def create_database(url: str) -> None:
    """Create url's PostgreSQL database when it does not exist yet, so a new machine needs no setup."""
    parsed = make_url(url)
    server = create_async_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with server.connect() as conn:
            found = await conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                      {"name": parsed.database})
            if not found:
                await conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        await server.dispose()


async def reset(db: Database) -> None:
    """An empty, migrated database (the bench database is ours to wipe)."""
    if not db.is_sqlite:
        await create_database(db.url)
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(db.engine)


async def seed(db: Database, products: int, terms_buyers: int) -> Shop:
    """terms_buyers buyers of one Net 30 location, and as many companies of one Net 30 buyer each."""
    async with db.transaction() as s:
        await s.execute(insert(Product), [
            {"handle": f"product-{i:05}", "title": f"Product {i:05}", "description": "Bench product"}
            for i in range(products)
        ])
        product_ids = (await s.scalars(select(Product.id).order_by(Product.id))).all()
        await s.execute(insert(ProductVariant), [
            {"product_id": p, "sku": f"SKU-{p}-{j}", "title": f"Size {j}", "price": 1000 + 7 * j, "position": j}
            for p in product_ids for j in range(3)
        ])
        variant_ids = list((await s.scalars(select(ProductVariant.id).order_by(ProductVariant.id))).all())
        company = await s.scalar(insert(Company).values(name="Bench Co", currency_code="EUR").returning(Company.id))
        location = await s.scalar(
            insert(CompanyLocation).values(company_id=company, name="HQ").returning(CompanyLocation.id)
        )
        net_30 = await s.scalar(select(PaymentTermsTemplate.id).where(PaymentTermsTemplate.name == "Net 30"))
        terms_location = await s.scalar(insert(CompanyLocation).values(
            company_id=company, name="Terms desk", payment_terms_template_id=net_30,
        ).returning(CompanyLocation.id))
        companies = []  # (company, its Net 30 location)
        for i in range(terms_buyers):
            other = await s.scalar(
                insert(Company).values(name=f"Buyer Co {i:02}", currency_code="EUR").returning(Company.id)
            )
            companies.append((other, await s.scalar(insert(CompanyLocation).values(
                company_id=other, name="Office", payment_terms_template_id=net_30,
            ).returning(CompanyLocation.id))))
        for title, bp in (("Ten off", 1000), ("Contract", 0)):
            price_list = await s.scalar(
                insert(PriceList).values(currency_code="EUR", adjustment_type="PERCENTAGE_DECREASE", adjustment_bp=bp)
                .returning(PriceList.id)
            )
            catalog = await s.scalar(insert(Catalog).values(title=title, price_list_id=price_list).returning(Catalog.id))
            await s.execute(insert(catalog_locations), [
                {"catalog_id": catalog, "location_id": loc}
                for loc in (location, terms_location, *(office for _, office in companies))
            ])
        fixed = variant_ids[::3]
        await s.execute(insert(PriceListPrice), [{"price_list_id": price_list, "variant_id": v, "price": 850}
                                                 for v in fixed])
        await s.execute(insert(QuantityPriceBreak), [
            {"price_list_id": price_list, "variant_id": v, "minimum_quantity": 10, "price": 800} for v in fixed
        ])
        token = await _buyer(s, company, location, "buyer@bench.test")
        terms_tokens = [
            await _buyer(s, company, terms_location, f"terms-{i:02}@bench.test") for i in range(terms_buyers)
        ]
        company_tokens = [
            await _buyer(s, other, office, f"buyer-{i:02}@bench.test") for i, (other, office) in enumerate(companies)
        ]
    return Shop(token, variant_ids, terms_tokens, company_tokens)


async def _buyer(s: AsyncSession, company: int, location: int, email: str) -> str:
    """A contact of the company, admin of the location, logged in with it selected: their bearer token."""
    customer = await s.scalar(insert(Customer).values(email=email).returning(Customer.id))
    contact = await s.scalar(
        insert(CompanyContact).values(company_id=company, customer_id=customer).returning(CompanyContact.id)
    )
    await s.execute(
        insert(RoleAssignment).values(contact_id=contact, location_id=location, role="LOCATION_ADMIN")
    )
    token = PREFIX + secrets.token_urlsafe(32)
    await s.execute(insert(CustomerSession).values(
        token_hash=hash_token(token), customer_id=customer, expires_at=clock.now() + timedelta(days=1),
        selected_location_id=location,
    ))
    return token
