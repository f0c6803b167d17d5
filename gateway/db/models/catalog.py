"""Products, variants, catalogs and their price lists (fixed prices, breaks, quantity rules)."""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.db.models.base import PK, Base, Timestamps, pk_column


class Product(Timestamps, Base):
    __tablename__ = "products"
    id: Mapped[int] = pk_column()
    handle: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="ACTIVE")  # ACTIVE | DRAFT | ARCHIVED


class ProductVariant(Timestamps, Base):
    __tablename__ = "product_variants"
    __table_args__ = (CheckConstraint("price >= 0", name="price_not_negative"),)
    id: Mapped[int] = pk_column()
    product_id: Mapped[int] = mapped_column(PK, ForeignKey("products.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(255), default="Default")
    price: Mapped[int] = mapped_column(BigInteger)  # base price, minor units of the shop currency
    position: Mapped[int] = mapped_column(default=0)


class PriceList(Timestamps, Base):
    """A catalog's prices: a currency, a percentage adjustment and fixed prices per variant."""

    __tablename__ = "price_lists"
    id: Mapped[int] = pk_column()
    currency_code: Mapped[str] = mapped_column(String(3))
    # PERCENTAGE_DECREASE | PERCENTAGE_INCREASE, value in basis points (1050 = 10.5 %)
    adjustment_type: Mapped[str] = mapped_column(String(20), default="PERCENTAGE_DECREASE")
    adjustment_bp: Mapped[int] = mapped_column(default=0)


catalog_locations = Table(
    "catalog_locations",
    Base.metadata,
    Column("catalog_id", PK, ForeignKey("catalogs.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", PK, ForeignKey("company_locations.id", ondelete="CASCADE"), primary_key=True, index=True),
)

catalog_customer_groups = Table(
    "catalog_customer_groups",
    Base.metadata,
    Column("catalog_id", PK, ForeignKey("catalogs.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", PK, ForeignKey("customer_groups.id", ondelete="CASCADE"), primary_key=True, index=True),
)

catalog_products = Table(
    "catalog_products",
    Base.metadata,
    Column("catalog_id", PK, ForeignKey("catalogs.id", ondelete="CASCADE"), primary_key=True),
    Column("product_id", PK, ForeignKey("products.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Catalog(Timestamps, Base):
    __tablename__ = "catalogs"
    id: Mapped[int] = pk_column()
    title: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(10), default="ACTIVE")  # ACTIVE | DRAFT | ARCHIVED
    all_products: Mapped[bool] = mapped_column(default=True)  # False: only catalog_products
    price_list_id: Mapped[int | None] = mapped_column(
        PK, ForeignKey("price_lists.id", ondelete="SET NULL"), unique=True
    )


class PriceListPrice(Base):
    """A fixed price for one variant in one price list."""

    __tablename__ = "price_list_prices"
    __table_args__ = (
        UniqueConstraint("price_list_id", "variant_id"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )
    id: Mapped[int] = pk_column()
    price_list_id: Mapped[int] = mapped_column(PK, ForeignKey("price_lists.id", ondelete="CASCADE"))
    variant_id: Mapped[int] = mapped_column(
        PK, ForeignKey("product_variants.id", ondelete="CASCADE"), index=True
    )
    price: Mapped[int] = mapped_column(BigInteger)


class QuantityPriceBreak(Base):
    __tablename__ = "quantity_price_breaks"
    __table_args__ = (
        UniqueConstraint("price_list_id", "variant_id", "minimum_quantity"),
        CheckConstraint("minimum_quantity >= 2", name="minimum_quantity"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )
    id: Mapped[int] = pk_column()
    price_list_id: Mapped[int] = mapped_column(PK, ForeignKey("price_lists.id", ondelete="CASCADE"))
    variant_id: Mapped[int] = mapped_column(
        PK, ForeignKey("product_variants.id", ondelete="CASCADE"), index=True
    )
    minimum_quantity: Mapped[int]
    price: Mapped[int] = mapped_column(BigInteger)


class QuantityRule(Base):
    __tablename__ = "quantity_rules"
    __table_args__ = (
        UniqueConstraint("price_list_id", "variant_id"),
        CheckConstraint("minimum >= 1 AND increment >= 1", name="positive"),
    )
    id: Mapped[int] = pk_column()
    price_list_id: Mapped[int] = mapped_column(PK, ForeignKey("price_lists.id", ondelete="CASCADE"))
    variant_id: Mapped[int] = mapped_column(
        PK, ForeignKey("product_variants.id", ondelete="CASCADE"), index=True
    )
    minimum: Mapped[int] = mapped_column(default=1)
    maximum: Mapped[int | None]
    increment: Mapped[int] = mapped_column(default=1)
