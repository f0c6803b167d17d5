"""The benchmark shop: products x 3 variants, one company location with two ACTIVE catalogs
(10 % off everything, and fixed prices with a price break on every third variant), and a
logged-in buyer of that location. Bulk inserts: seeding must not dominate the run."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, text

from gateway import clock
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
    PriceList,
    PriceListPrice,
    Product,
    ProductVariant,
    QuantityPriceBreak,
    RoleAssignment,
    catalog_locations,
)


@dataclass
class Shop:
    token: str  # the buyer's storefront bearer token
    variant_ids: list[int]


async def reset(db: Database) -> None:
    """An empty, migrated database (the bench database is ours to wipe)."""
    if not db.is_sqlite:
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(db.engine)


async def seed(db: Database, products: int) -> Shop:
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
        customer = await s.scalar(insert(Customer).values(email="buyer@bench.test").returning(Customer.id))
        contact = await s.scalar(
            insert(CompanyContact).values(company_id=company, customer_id=customer).returning(CompanyContact.id)
        )
        await s.execute(insert(RoleAssignment).values(contact_id=contact, location_id=location, role="LOCATION_ADMIN"))
        for title, bp in (("Ten off", 1000), ("Contract", 0)):
            price_list = await s.scalar(
                insert(PriceList).values(currency_code="EUR", adjustment_type="PERCENTAGE_DECREASE", adjustment_bp=bp)
                .returning(PriceList.id)
            )
            catalog = await s.scalar(insert(Catalog).values(title=title, price_list_id=price_list).returning(Catalog.id))
            await s.execute(insert(catalog_locations).values(catalog_id=catalog, location_id=location))
        fixed = variant_ids[::3]
        await s.execute(insert(PriceListPrice), [{"price_list_id": price_list, "variant_id": v, "price": 850}
                                                 for v in fixed])
        await s.execute(insert(QuantityPriceBreak), [
            {"price_list_id": price_list, "variant_id": v, "minimum_quantity": 10, "price": 800} for v in fixed
        ])
        token = PREFIX + secrets.token_urlsafe(32)
        await s.execute(insert(CustomerSession).values(
            token_hash=hash_token(token), customer_id=customer, expires_at=clock.now() + timedelta(days=1),
            selected_location_id=location,
        ))
    return Shop(token, variant_ids)
