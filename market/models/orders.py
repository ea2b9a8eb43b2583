"""market orders models: orders of a round's goods, their lines (prices
snapshotted), the coupons that paid them, per-household quotas (the limit
counter) and deliveries by village volunteers."""

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
    utcnow,
)

ORDER_STATUSES = ("placed", "packed", "ready", "collected", "delivered", "cancelled")
FULFILMENTS = ("pickup", "delivery")
# how the part not paid by coupons is paid
REST_METHODS = ("none", "cash", "promptpay", "card")
DELIVERY_STATUSES = ("waiting", "assigned", "delivered", "undelivered", "cancelled")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Order(TenantScoped, TimestampMixin, Model):
    """A household's order of goods offered in a round, placed by the household
    or by staff on its behalf. ``total`` is fixed at placement (snapshotted
    prices); ``coupon_paid``, ``credit_paid`` (the household wallet's store and
    waste-bank credit) and ``cash_paid`` grow as value comes in."""

    __tablename__ = "market_order"
    __tenant_refs__ = {
        "household_id": "household",
        "round_id": "market_round",
        "centre_id": "market_centre",
        "slot_id": "market_slot",
    }

    round_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    centre_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    household_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    slot_id: Mapped[int | None] = mapped_column(BigId, index=True)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="placed")
    fulfilment: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="pickup")
    rest_method: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="cash")
    total: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    coupon_paid: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    cash_paid: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    # store credit and waste-bank credit from the household wallet
    # (market.orders.wallet_payment; coupons are coupon_paid)
    credit_paid: Mapped[int] = mapped_column(Satang, nullable=False, default=0, server_default="0")
    placed_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    on_behalf: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    placed_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    packed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ready_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    collected_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    collected_by_name: Mapped[str | None] = mapped_column(sa.String(200))  # a family member collecting
    note: Mapped[str | None] = mapped_column(sa.Text)

    lines: Mapped[list[OrderLine]] = relationship(
        "OrderLine",
        primaryjoin="and_(Order.tenant_id == OrderLine.tenant_id, Order.id == foreign(OrderLine.order_id))",
        viewonly=True,
        order_by="OrderLine.id",
    )
    coupons: Mapped[list[OrderCoupon]] = relationship(
        "OrderCoupon",
        primaryjoin="and_(Order.tenant_id == OrderCoupon.tenant_id, Order.id == foreign(OrderCoupon.order_id))",
        viewonly=True,
        order_by="OrderCoupon.id",
    )
    household = tenant_relationship("Order", "household_id", "Household", viewonly=True)

    __extra_table_args__ = (
        sa.Index("ix_market_order_round_household", "tenant_id", "round_id", "household_id"),
        sa.CheckConstraint(_in("status", ORDER_STATUSES), name="status"),
        sa.CheckConstraint(_in("fulfilment", FULFILMENTS), name="fulfilment"),
        sa.CheckConstraint(_in("rest_method", REST_METHODS), name="rest_method"),
        sa.CheckConstraint("total >= 0", name="total_not_negative"),
        sa.CheckConstraint(
            "coupon_paid >= 0 AND cash_paid >= 0 AND credit_paid >= 0", name="paid_not_negative"
        ),
        sa.CheckConstraint("coupon_paid + cash_paid + credit_paid <= total", name="not_overpaid"),
    )

    @property
    def paid(self) -> int:
        return self.coupon_paid + self.cash_paid + self.credit_paid

    @property
    def due(self) -> int:
        return max(self.total - self.paid, 0)

    @property
    def purpose(self) -> str:
        return f"market.order:{self.id}"


class OrderLine(TenantScoped, Model):
    """One item of an order: the quantity and the price when it was placed."""

    __tablename__ = "market_order_line"
    __tenant_refs__ = {"order_id": "market_order:CASCADE", "item_id": "market_item"}

    order_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    item_name_th: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    item_name_en: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    unit: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    quantity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    unit_price: Mapped[int] = mapped_column(Satang, nullable=False)
    amount: Mapped[int] = mapped_column(Satang, nullable=False)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "order_id", "item_id", name="uq_market_order_line_item"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        sa.CheckConstraint("amount = quantity * unit_price", name="amount_is_quantity_times_price"),
    )

    def name(self, lang: str = "th") -> str:
        return self.item_name_en if lang == "en" and self.item_name_en else self.item_name_th


class OrderCoupon(TenantScoped, Model):
    """A coupon redemption that paid part of an order; ``reversed_at`` once the
    value went back to the coupon."""

    __tablename__ = "market_order_coupon"
    __tenant_refs__ = {
        "order_id": "market_order:CASCADE",
        "coupon_id": "market_coupon",
        "redemption_id": "market_redemption",
    }

    order_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    coupon_id: Mapped[int] = mapped_column(BigId, nullable=False)
    redemption_id: Mapped[int] = mapped_column(BigId, nullable=False)
    amount: Mapped[int] = mapped_column(Satang, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    reversed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "redemption_id", name="uq_market_order_coupon_redemption"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
    )


class OrderQuota(TenantScoped, Model):
    """How much of an item a household has ordered in a round (orders not
    cancelled). Grown with one conditional UPDATE against the limit, so two
    orders at once can never pass it together."""

    __tablename__ = "market_order_quota"
    __tenant_refs__ = {"household_id": "household", "round_id": "market_round", "item_id": "market_item"}

    household_id: Mapped[int] = mapped_column(BigId, nullable=False)
    round_id: Mapped[int] = mapped_column(BigId, nullable=False)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False)
    ordered: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "household_id", "round_id", "item_id", name="uq_market_order_quota"),
        sa.CheckConstraint("ordered >= 0", name="ordered_not_negative"),
    )


class Delivery(TenantScoped, TimestampMixin, Model):
    """Taking an order to the household: grouped by village, assigned to a
    volunteer, proven by the recipient's name and a photo."""

    __tablename__ = "market_delivery"
    __tenant_refs__ = {
        "order_id": "market_order:CASCADE",
        "village_id": "village",
        "proof_document_id": "document",
    }

    order_id: Mapped[int] = mapped_column(BigId, nullable=False)
    village_id: Mapped[int | None] = mapped_column(BigId, index=True)
    volunteer_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="waiting")
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    recipient_name: Mapped[str | None] = mapped_column(sa.String(200))
    proof_document_id: Mapped[int | None] = mapped_column(BigId)
    note: Mapped[str | None] = mapped_column(sa.Text)

    order = tenant_relationship("Delivery", "order_id", "Order", viewonly=True)
    village = tenant_relationship("Delivery", "village_id", "Village", viewonly=True)
    volunteer = relationship("User", foreign_keys=[volunteer_user_id], viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "order_id", name="uq_market_delivery_order"),
        sa.CheckConstraint(_in("status", DELIVERY_STATUSES), name="status"),
        sa.CheckConstraint(
            "status <> 'delivered' OR (recipient_name IS NOT NULL AND proof_document_id IS NOT NULL)",
            name="delivered_has_proof",
        ),
    )
