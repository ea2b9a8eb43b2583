"""market exchange models: barter (goods out paired with goods in at agreed
values), loans of goods (assistive devices, a diaper bank) and trade between
councils of a network (grants, surplus offers, orders, shipments)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import (
    BigId,
    IdMixin,
    Model,
    Satang,
    TenantScoped,
    UtcDateTime,
    tenant_relationship,
    utcnow,
)

LOAN_STATES = ("out", "returned", "lost")
NETWORK_ORDER_STATES = ("ordered", "shipped", "received", "cancelled")


class Barter(TenantScoped, Model):
    """One exchange with a partner: lines out and lines in, valued at what was
    agreed. Out and in values are equal unless the difference is written off."""

    __tablename__ = "market_barter"
    __tenant_refs__ = {"centre_id": "market_centre"}

    centre_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    partner: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    value_out_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    value_in_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    actor_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    centre = tenant_relationship("Barter", "centre_id", "Centre", viewonly=True)
    lines: Mapped[list[BarterLine]] = relationship(
        "BarterLine",
        primaryjoin="and_(Barter.tenant_id == BarterLine.tenant_id, Barter.id == foreign(BarterLine.barter_id))",
        viewonly=True,
        order_by="BarterLine.id",
    )

    __extra_table_args__ = (
        sa.CheckConstraint("value_out_satang > 0 AND value_in_satang > 0", name="values_positive"),
    )


class BarterLine(TenantScoped, Model):
    __tablename__ = "market_barter_line"
    __tenant_refs__ = {
        "barter_id": "market_barter:CASCADE",
        "item_id": "market_item",
        "movement_id": "market_stock_movement",
    }

    barter_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    direction: Mapped[str] = mapped_column(sa.String(3), nullable=False)  # out | in
    item_id: Mapped[int] = mapped_column(BigId, nullable=False)
    quantity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    value_satang: Mapped[int] = mapped_column(Satang, nullable=False)  # agreed value of the line
    movement_id: Mapped[int | None] = mapped_column(BigId)

    item = tenant_relationship("BarterLine", "item_id", "Item", viewonly=True)

    __extra_table_args__ = (
        sa.CheckConstraint("direction IN ('out', 'in')", name="direction_known"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("value_satang >= 0", name="value_not_negative"),
    )


class GoodsLoan(TenantScoped, Model):
    """Goods lent to a household (a wheelchair, diapers from the diaper bank),
    due back on a date; overdue loans get reminders."""

    __tablename__ = "market_loan"
    __crossing_fanout__ = "status = 'out'"  # periodic tasks find the tenants with work (core.tenancy.crossing)
    __tenant_refs__ = {
        "centre_id": "market_centre",
        "item_id": "market_item",
        "household_id": "household",
        "out_movement_id": "market_stock_movement",
        "return_movement_id": "market_stock_movement",
    }

    centre_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    household_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    quantity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="out")
    lent_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    due_on: Mapped[date] = mapped_column(sa.Date, nullable=False, index=True)
    returned_on: Mapped[date | None] = mapped_column(sa.Date)
    reminders_sent: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    last_reminded_on: Mapped[date | None] = mapped_column(sa.Date)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    out_movement_id: Mapped[int | None] = mapped_column(BigId)
    return_movement_id: Mapped[int | None] = mapped_column(BigId)
    actor_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    item = tenant_relationship("GoodsLoan", "item_id", "Item", viewonly=True)
    household = tenant_relationship("GoodsLoan", "household_id", "Household", viewonly=True)
    centre = tenant_relationship("GoodsLoan", "centre_id", "Centre", viewonly=True)

    __extra_table_args__ = (
        sa.CheckConstraint("status IN ('out', 'returned', 'lost')", name="status_known"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("due_on >= lent_on", name="due_after_lent"),
    )


# --- between councils of a network ------------------------------------------------------
#
# Each council keeps its own rows (tenant-scoped); a trade between two
# councils is a pair of NetworkOrder rows, a sale in the supplier's tenant and
# a purchase in the buyer's, pointing at each other. Crossing tenants happens
# only in market.network.services, after checking NetworkGrant rows.


class NetworkGrant(IdMixin, Model):
    """``grantor`` allows ``grantee`` to trade goods with it (see its surplus,
    order from it, ship to it). Trade needs grants both ways."""

    __tablename__ = "market_network_grant"

    grantor_tenant_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("tenant.id", ondelete="CASCADE"), nullable=False, index=True
    )
    grantee_tenant_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("tenant.id", ondelete="CASCADE"), nullable=False, index=True
    )
    granted_by_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __table_args__ = (
        sa.UniqueConstraint(
            "grantor_tenant_id", "grantee_tenant_id", name="uq_market_network_grant"
        ),
        sa.CheckConstraint("grantor_tenant_id <> grantee_tenant_id", name="not_self"),
    )


class SurplusOffer(TenantScoped, Model):
    """A council offers part of its stock to its network at a price per unit."""

    __tablename__ = "market_surplus_offer"
    __tenant_refs__ = {"centre_id": "market_centre", "item_id": "market_item"}

    centre_id: Mapped[int] = mapped_column(BigId, nullable=False)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False)
    quantity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    remaining: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    price_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    note: Mapped[str | None] = mapped_column(sa.String(300))
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    item = tenant_relationship("SurplusOffer", "item_id", "Item", viewonly=True)
    centre = tenant_relationship("SurplusOffer", "centre_id", "Centre", viewonly=True)

    __extra_table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("remaining >= 0 AND remaining <= quantity", name="remaining_within"),
        sa.CheckConstraint("price_satang >= 0", name="price_not_negative"),
    )


class NetworkOrder(TenantScoped, Model):
    """One side of a trade between councils: ``sale`` (supplier's tenant, with
    the offer) or ``purchase`` (buyer's tenant). ``centre_id`` and ``item_id``
    are this tenant's own."""

    __tablename__ = "market_network_order"
    __tenant_refs__ = {
        "offer_id": "market_surplus_offer",
        "centre_id": "market_centre",
        "item_id": "market_item",
        "movement_id": "market_stock_movement",
    }

    side: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    peer_tenant_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("tenant.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    peer_order_id: Mapped[int | None] = mapped_column(
        BigId
    )  # the other side's row, in the peer's tenant
    offer_id: Mapped[int | None] = mapped_column(BigId, index=True)
    centre_id: Mapped[int] = mapped_column(BigId, nullable=False)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False)
    item_name: Mapped[str] = mapped_column(
        sa.String(200), nullable=False
    )  # as the supplier names it
    quantity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    price_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="ordered")
    movement_id: Mapped[int | None] = mapped_column(BigId)
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    actor_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )
    shipped_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Set on both sides at once by market.network.settlement.settle.
    settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    item = tenant_relationship("NetworkOrder", "item_id", "Item", viewonly=True)
    centre = tenant_relationship("NetworkOrder", "centre_id", "Centre", viewonly=True)

    __extra_table_args__ = (
        sa.CheckConstraint("side IN ('sale', 'purchase')", name="side_known"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("price_satang >= 0", name="price_not_negative"),
        sa.CheckConstraint(
            "status IN ('ordered', 'shipped', 'received', 'cancelled')", name="status_known"
        ),
    )

    @property
    def total_satang(self) -> int:
        return self.quantity * self.price_satang


SETTLEMENT_METHODS = ("cash", "transfer")


class NetworkSettlement(TenantScoped, Model):
    """One side of the settlement of a trade between councils. Settling writes
    a row in each tenant: the supplier's (cash in, receivable cleared) and the
    buyer's (payable cleared, cash out), each naming its own journal entry and
    the other side's row and entry. One per order side (UNIQUE)."""

    __tablename__ = "market_network_settlement"
    __tenant_refs__ = {
        "network_order_id": "market_network_order",
        "journal_entry_id": "journal_entry",
    }

    network_order_id: Mapped[int] = mapped_column(BigId, nullable=False)
    side: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # as the order's side
    journal_entry_id: Mapped[int] = mapped_column(BigId, nullable=False)
    peer_tenant_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("tenant.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    peer_settlement_id: Mapped[int | None] = mapped_column(BigId)  # in the peer's tenant
    peer_journal_entry_id: Mapped[int | None] = mapped_column(BigId)  # in the peer's tenant
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    method: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    reference: Mapped[str | None] = mapped_column(sa.String(100))
    actor_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    settled_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "network_order_id", name="uq_market_network_settlement_order"),
        sa.CheckConstraint("side IN ('sale', 'purchase')", name="side_known"),
        sa.CheckConstraint("method IN ('cash', 'transfer')", name="method_known"),
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
    )
