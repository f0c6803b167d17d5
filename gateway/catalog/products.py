"""Products and their variants (sku, base price in the shop currency)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import shop
from gateway.db.models import Product, ProductVariant
from gateway.platform import ids, validation
from gateway.platform.errors import DomainError, Problems

STATUSES = ("ACTIVE", "DRAFT", "ARCHIVED")
MAX_VARIANTS = 100
# A sku clash found only by the database cannot say which variant had it: the list is named.
UNIQUE = {"uq_products_handle": ("input", "handle"), "uq_product_variants_sku": ("input", "variants")}


def handleize(title: str) -> str:
    # casefold first: it spells out letters NFKD cannot split, such as ß -> ss.
    ascii_title = unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-") or "product"


async def get(session: AsyncSession, gid: str, field: str = "id") -> Product:
    return await ids.fetch(session, Product, gid, "Product", field)


async def _apply(
    session: AsyncSession, product: Product, data: dict[str, Any], problems: Problems, *, creating: bool
) -> None:
    if creating or "title" in data:
        product.title = validation.text(problems, data.get("title"), ("input", "title"), required=True)
    if "description" in data:
        product.description = validation.text(
            problems, data["description"], ("input", "description"), max_length=20000
        ) or ""
    if "status" in data and data["status"] is not None:
        product.status = validation.one_of(problems, data["status"], STATUSES, ("input", "status"))
    if creating or "handle" in data:
        handle = validation.text(problems, data.get("handle"), ("input", "handle"))
        if handle is None and product.title:
            handle = handleize(product.title)
        if handle and handle != handleize(handle):
            problems.add("INVALID", "A handle has lower-case letters, digits and dashes only.", "input", "handle")
        if handle and await session.scalar(
            select(Product.id).where(Product.handle == handle, Product.id != (product.id or 0))
        ):
            problems.add("TAKEN", f"Handle {handle!r} is taken.", "input", "handle")
        product.handle = handle


async def _apply_variants(
    session: AsyncSession, product: Product, variants: list[dict[str, Any]], problems: Problems
) -> None:
    if len(variants) > MAX_VARIANTS:
        problems.add("TOO_LONG", f"A product has at most {MAX_VARIANTS} variants.", "input", "variants")
        return
    currency = (await shop.get(session)).currency_code
    # New variants go after the existing ones, in the order given.
    position = await session.scalar(
        select(func.coalesce(func.max(ProductVariant.position) + 1, 0)).where(ProductVariant.product_id == product.id)
    )
    seen: set[str] = set()
    for i, data in enumerate(variants):
        path = ("input", "variants", str(i))
        variant = None
        if data.get("id"):
            variant = await ids.lookup(session, ProductVariant, data["id"])
            if variant is None or variant.product_id != product.id:
                problems.add("NOT_FOUND", "Variant not found.", *path, "id")
                continue
        creating = variant is None
        if variant is None:
            variant, position = ProductVariant(product_id=product.id, position=position), position + 1
        if creating or "sku" in data:
            sku = validation.text(problems, data.get("sku"), (*path, "sku"), required=True, max_length=64)
            if sku and (sku in seen or await session.scalar(
                select(ProductVariant.id).where(ProductVariant.sku == sku, ProductVariant.id != (variant.id or 0))
            )):
                problems.add("TAKEN", f"SKU {sku!r} is taken.", *path, "sku")
            seen.add(sku or "")
            variant.sku = sku
        if creating or "title" in data:
            variant.title = validation.text(problems, data.get("title"), (*path, "title")) or "Default"
        if creating or "price" in data:
            if data.get("price") is None:
                problems.add("BLANK", "Price can't be blank.", *path, "price")
            else:
                variant.price = validation.amount(problems, data["price"], currency, (*path, "price"))
        if creating and not problems:
            session.add(variant)


async def create(session: AsyncSession, data: dict[str, Any]) -> Product:
    problems = Problems()
    product = Product()
    await _apply(session, product, data, problems, creating=True)
    variants = data.get("variants") or []
    if not variants:
        problems.add("BLANK", "A product needs at least one variant.", "input", "variants")
    problems.raise_if_any()
    session.add(product)
    await validation.flush_unique(session, UNIQUE)
    await _apply_variants(session, product, variants, problems)
    problems.raise_if_any()
    await validation.flush_unique(session, UNIQUE)
    return product


async def update_product(session: AsyncSession, gid: str, data: dict[str, Any]) -> Product:
    """Update fields; variants with an id are changed, those without are added."""
    product = await get(session, gid)
    problems = Problems()
    with session.no_autoflush:  # half-validated values must not reach the database
        await _apply(session, product, data, problems, creating=False)
        if data.get("variants"):
            await _apply_variants(session, product, data["variants"], problems)
    problems.raise_if_any()
    await validation.flush_unique(session, UNIQUE)
    return product


async def delete(session: AsyncSession, gid: str) -> int:
    product = await get(session, gid)
    await session.delete(product)
    return product.id


async def delete_variant(session: AsyncSession, gid: str) -> int:
    variant = await ids.fetch(session, ProductVariant, gid, "Variant", "id")
    remaining = await session.scalar(
        select(ProductVariant.id).where(ProductVariant.product_id == variant.product_id, ProductVariant.id != variant.id)
    )
    if remaining is None:
        raise DomainError.of("INVALID", "A product keeps at least one variant; delete the product instead.", "id")
    await session.delete(variant)
    return variant.id
