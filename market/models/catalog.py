"""market catalog models: centres and their service points, categories,
items and kits (a kit is an item with a bill of materials).

Quantities are integers in the item's unit everywhere in market; money is
integer satang.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import (
    BigId,
    Model,
    Satang,
    TenantScoped,
    TimestampMixin,
    UtcDateTime,
    tenant_relationship,
)

# coupons first, then store credit (refunds, overpayments), then waste-bank credit
WALLET_ORDER = "coupons,store_credit,waste_credit"


class Centre(TenantScoped, TimestampMixin, Model):
    """A goods centre (collection point) run by the organisation."""

    __tablename__ = "market_centre"
    __tenant_refs__ = {"village_id": "village"}

    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    village_id: Mapped[int | None] = mapped_column(BigId, index=True)
    address: Mapped[str | None] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    # queue check-in: on the slot's day, from this many minutes before the slot
    # starts to this many after it ends (market.rounds.policies)
    checkin_before_minutes: Mapped[int] = mapped_column(
        sa.Integer, nullable=False, default=120, server_default="120"
    )
    checkin_after_minutes: Mapped[int] = mapped_column(
        sa.Integer, nullable=False, default=60, server_default="60"
    )
    # the household wallet's instruments in the order they pay an order
    # (market.wallet.instruments), comma-separated
    wallet_order: Mapped[str] = mapped_column(
        sa.String(60), nullable=False, default=WALLET_ORDER, server_default=WALLET_ORDER
    )

    service_points: Mapped[list[ServicePoint]] = relationship(
        "ServicePoint",
        primaryjoin="and_(Centre.tenant_id == ServicePoint.tenant_id, "
        "Centre.id == foreign(ServicePoint.centre_id))",
        viewonly=True,
        order_by="ServicePoint.id",
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "name", name="uq_market_centre_name"),
        sa.CheckConstraint(
            "checkin_before_minutes BETWEEN 0 AND 720 AND checkin_after_minutes BETWEEN 0 AND 720",
            name="checkin_window",
        ),
    )


class ServicePoint(TenantScoped, Model):
    """A counter or desk of a centre where staff serve households."""

    __tablename__ = "market_service_point"
    __tenant_refs__ = {"centre_id": "market_centre:CASCADE"}

    centre_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    name: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    centre: Mapped[Centre] = tenant_relationship(
        "ServicePoint", "centre_id", "Centre", viewonly=True
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "centre_id", "name", name="uq_market_service_point_name"),
    )


class Category(TenantScoped, Model):
    __tablename__ = "market_category"

    name_th: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    name_en: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "name_th", name="uq_market_category_name"),
    )

    def name(self, lang: str = "th") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_th


class Item(TenantScoped, TimestampMixin, Model):
    """A good sold at low cost (``price_satang``) and bought at ``cost_satang``
    per unit; a kit (``is_kit``) is assembled from its components."""

    __tablename__ = "market_item"
    __tenant_refs__ = {"category_id": "market_category"}

    name_th: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    name_en: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    unit: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    category_id: Mapped[int | None] = mapped_column(BigId, index=True)
    price_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    cost_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    limit_per_household: Mapped[int | None] = mapped_column(sa.Integer)
    is_kit: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    # Goods lent rather than sold (assistive devices, a diaper bank).
    lendable: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    low_stock_threshold: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)

    category: Mapped[Category | None] = tenant_relationship(
        "Item", "category_id", "Category", viewonly=True
    )
    components: Mapped[list[KitComponent]] = relationship(
        "KitComponent",
        primaryjoin="and_(Item.tenant_id == KitComponent.tenant_id, Item.id == foreign(KitComponent.kit_id))",
        viewonly=True,
        order_by="KitComponent.id",
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "name_th", name="uq_market_item_name"),
        sa.CheckConstraint("price_satang >= 0", name="price_not_negative"),
        sa.CheckConstraint("cost_satang >= 0", name="cost_not_negative"),
        sa.CheckConstraint(
            "limit_per_household IS NULL OR limit_per_household > 0", name="limit_positive"
        ),
        sa.CheckConstraint("low_stock_threshold >= 0", name="threshold_not_negative"),
    )

    def name(self, lang: str = "th") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_th


class KitComponent(TenantScoped, Model):
    """One line of a kit's bill of materials: ``quantity`` units of
    ``component_id`` go into one unit of ``kit_id``."""

    __tablename__ = "market_kit_component"
    __tenant_refs__ = {"kit_id": "market_item:CASCADE", "component_id": "market_item:RESTRICT"}

    kit_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    component_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    quantity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=sa.func.now()
    )

    component: Mapped[Item] = tenant_relationship(
        "KitComponent", "component_id", "Item", viewonly=True
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "kit_id", "component_id", name="uq_market_kit_component"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("kit_id <> component_id", name="not_itself"),
    )
