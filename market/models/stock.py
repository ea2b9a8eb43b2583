"""market stock models: stock levels per (centre, item), the append-only log
of stock movements, and stock counts.

A ``StockLevel`` row holds on hand and reserved; the database itself refuses
negative stock (CHECK constraints) and services change it only with
conditional ``UPDATE … WHERE … RETURNING``. Every change writes a
``StockMovement`` (the event log), valued in the ledger.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import BigId, Model, Satang, TenantScoped, UtcDateTime, tenant_relationship, utcnow

RECEIPT_KINDS = (
    "purchase",
    "donation",
    "transfer_in",
    "exchange_in",
    "return",
    "loan_return",
    "kit_in",
    "network_in",
)
ISSUE_KINDS = (
    "order",
    "distribution",
    "transfer_out",
    "exchange_out",
    "loss",
    "loan_out",
    "kit_out",
    "network_out",
)
ADJUSTMENT_KINDS = ("adjustment",)
MOVEMENT_KINDS = RECEIPT_KINDS + ISSUE_KINDS + ADJUSTMENT_KINDS
COUNT_STATES = ("counting", "confirmed", "finalised", "cancelled")


class StockLevel(TenantScoped, Model):
    """On hand and reserved of one item at one centre. Available is
    ``on_hand - reserved``."""

    __tablename__ = "market_stock_level"
    __tenant_refs__ = {"centre_id": "market_centre", "item_id": "market_item"}

    centre_id: Mapped[int] = mapped_column(BigId, nullable=False)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    on_hand: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    reserved: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    # Set when a low-stock alert went out; cleared when stock is back above the threshold.
    low_alerted: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    item = tenant_relationship("StockLevel", "item_id", "Item", viewonly=True)
    centre = tenant_relationship("StockLevel", "centre_id", "Centre", viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "centre_id", "item_id", name="uq_market_stock_level_item"),
        sa.CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        sa.CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        sa.CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
    )

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class StockMovement(TenantScoped, Model):
    """One event of the stock log (append-only). ``quantity`` is signed: in is
    positive, out negative; reservations are not movements.

    ``value_satang`` is the declared value (purchase cost, donor's value,
    agreed exchange value); ``standard_value_satang`` is the quantity at the
    item's standard cost, the value the inventory account moves by."""

    __tablename__ = "market_stock_movement"
    __tenant_refs__ = {
        "centre_id": "market_centre",
        "item_id": "market_item",
        "journal_entry_id": "journal_entry",
    }

    centre_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    quantity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    unit_value_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    value_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    standard_value_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    ref: Mapped[str | None] = mapped_column(sa.String(120), index=True)
    party: Mapped[str | None] = mapped_column(sa.String(200))  # supplier, donor, partner
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    details: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    # A purchase paid with donated money: shown on the public donations page.
    funded_by_donations: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    actor_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow, index=True
    )

    item = tenant_relationship("StockMovement", "item_id", "Item", viewonly=True)
    centre = tenant_relationship("StockMovement", "centre_id", "Centre", viewonly=True)

    __extra_table_args__ = (
        sa.CheckConstraint("quantity <> 0", name="quantity_not_zero"),
        sa.CheckConstraint("unit_value_satang >= 0", name="unit_value_not_negative"),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in MOVEMENT_KINDS) + ")",
            name="kind_known",
        ),
    )

    @property
    def is_receipt(self) -> bool:
        return self.quantity > 0


class StockCount(TenantScoped, Model):
    """A stock count of a centre: counting → confirmed → finalised (into
    adjustments) or cancelled."""

    __tablename__ = "market_stock_count"
    __tenant_refs__ = {"centre_id": "market_centre"}

    centre_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="counting")
    note: Mapped[str | None] = mapped_column(sa.String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    confirmed_by_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    finalised_by_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )
    finalised_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    centre = tenant_relationship("StockCount", "centre_id", "Centre", viewonly=True)
    lines: Mapped[list[StockCountLine]] = relationship(
        "StockCountLine",
        primaryjoin="and_(StockCount.tenant_id == StockCountLine.tenant_id, "
        "StockCount.id == foreign(StockCountLine.count_id))",
        viewonly=True,
        order_by="StockCountLine.id",
    )

    __extra_table_args__ = (
        sa.CheckConstraint(
            "status IN ('counting', 'confirmed', 'finalised', 'cancelled')", name="status_known"
        ),
    )


class StockCountLine(TenantScoped, Model):
    """``expected`` is on hand when the count started; the adjustment on
    finalising is ``counted - expected``."""

    __tablename__ = "market_stock_count_line"
    __tenant_refs__ = {"count_id": "market_stock_count:CASCADE", "item_id": "market_item"}

    count_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False)
    expected: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    counted: Mapped[int | None] = mapped_column(sa.Integer)

    item = tenant_relationship("StockCountLine", "item_id", "Item", viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint(
            "tenant_id", "count_id", "item_id", name="uq_market_stock_count_line_item"
        ),
        sa.CheckConstraint("expected >= 0", name="expected_not_negative"),
        sa.CheckConstraint("counted IS NULL OR counted >= 0", name="counted_not_negative"),
    )

    @property
    def difference(self) -> int | None:
        return None if self.counted is None else self.counted - self.expected
