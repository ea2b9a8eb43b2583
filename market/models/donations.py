"""market donations models: cash (recorded by staff or paid online through
core.payments) and in kind (goods into stock at a value). A donor may stay
anonymous: the name is optional and never shown publicly."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import BigId, Model, Satang, TenantScoped, UtcDateTime, tenant_relationship, utcnow

DONATION_KINDS = ("cash", "in_kind")
DONATION_CHANNELS = ("staff", "online")
DONATION_STATES = ("pending", "received", "failed")


class GoodsDonation(TenantScoped, Model):
    __tablename__ = "market_donation"
    __tenant_refs__ = {
        "centre_id": "market_centre",
        "payment_id": "payment",
        "receipt_id": "receipt",
    }

    kind: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    channel: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="staff")
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="pending")
    donor_name: Mapped[str | None] = mapped_column(sa.String(200))  # None: anonymous
    purpose: Mapped[str | None] = mapped_column(
        sa.String(300)
    )  # what the donor asked it to be used for
    amount_satang: Mapped[int] = mapped_column(
        Satang, nullable=False
    )  # cash, or the goods' total value
    centre_id: Mapped[int | None] = mapped_column(BigId, index=True)
    payment_id: Mapped[int | None] = mapped_column(BigId, index=True)
    receipt_id: Mapped[int | None] = mapped_column(BigId)
    # In kind: the goods receipt's number (book "goods", gapless per year).
    goods_receipt_number: Mapped[str | None] = mapped_column(sa.String(40))
    recorded_by_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow, index=True
    )
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    centre = tenant_relationship("GoodsDonation", "centre_id", "Centre", viewonly=True)
    recorded_by = relationship("User", foreign_keys=[recorded_by_id], viewonly=True)
    lines: Mapped[list[GoodsDonationLine]] = relationship(
        "GoodsDonationLine",
        primaryjoin="and_(GoodsDonation.tenant_id == GoodsDonationLine.tenant_id, GoodsDonation.id == foreign(GoodsDonationLine.donation_id))",
        viewonly=True,
        order_by="GoodsDonationLine.id",
    )

    __extra_table_args__ = (
        sa.CheckConstraint("kind IN ('cash', 'in_kind')", name="kind_known"),
        sa.CheckConstraint("channel IN ('staff', 'online')", name="channel_known"),
        sa.CheckConstraint("status IN ('pending', 'received', 'failed')", name="status_known"),
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
        sa.UniqueConstraint("tenant_id", "payment_id", name="uq_market_donation_payment"),
        sa.UniqueConstraint(
            "tenant_id", "goods_receipt_number", name="uq_market_donation_goods_receipt"
        ),
    )

    @property
    def anonymous(self) -> bool:
        return not self.donor_name


class GoodsDonationLine(TenantScoped, Model):
    """One kind of goods given in kind, at the donor's value per unit."""

    __tablename__ = "market_donation_line"
    __tenant_refs__ = {
        "donation_id": "market_donation:CASCADE",
        "item_id": "market_item",
        "movement_id": "market_stock_movement",
    }

    donation_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False)
    quantity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    unit_value_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    movement_id: Mapped[int | None] = mapped_column(BigId)

    item = tenant_relationship("GoodsDonationLine", "item_id", "Item", viewonly=True)

    __extra_table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("unit_value_satang >= 0", name="value_not_negative"),
    )
