"""market coupons models: programmes, coupons, signing keys, redemptions, and
the waste-bank credit wallet (a second instrument beside coupons).

Balances that must not be overspent (a coupon's balance, a wallet's balance)
change only through one conditional ``UPDATE … WHERE balance >= :n``; the
redemption rows are append-only (a reversal is a new negative row pointing at
the original)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

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

COUPON_STATES = ("issued", "active", "partly_used", "used", "expired", "cancelled", "replaced")
# states in which value may still be spent (validity dates permitting)
SPENDABLE_STATES = ("issued", "active", "partly_used")
PROGRAMME_KINDS = ("value", "basket")


class Programme(TenantScoped, TimestampMixin, Model):
    """Who pays for the coupons, for what, and who is eligible."""

    __tablename__ = "market_programme"
    __tenant_refs__ = {"budget_account_id": "ledger_account"}

    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    funder: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    purpose: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    budget_account_id: Mapped[int | None] = mapped_column(BigId, index=True)
    kind: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="value")
    # eligibility: a household qualifies when it has ANY of these flags (empty: any),
    # lives in one of these villages (empty: any) and its size is within bounds
    eligibility_flags: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    village_ids: Mapped[list] = mapped_column(
        sa.JSON, nullable=False, default=list, info={"id_list_of": "village"}  # followed by village merges
    )
    min_household_size: Mapped[int | None] = mapped_column(sa.Integer)
    max_household_size: Mapped[int | None] = mapped_column(sa.Integer)
    # value per household, or per member when per_member is set, capped at size_cap members
    value_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    per_member: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    size_cap: Mapped[int | None] = mapped_column(sa.Integer)
    # basket: [{"item_id": int, "quantity": int}] (kind "basket")
    basket: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    allowed_item_ids: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    allowed_category_ids: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    __extra_table_args__ = (
        sa.CheckConstraint("kind IN ('value','basket')", name="kind"),
        sa.CheckConstraint("value_satang >= 0", name="value_not_negative"),
        sa.CheckConstraint("size_cap IS NULL OR size_cap > 0", name="size_cap_positive"),
        sa.UniqueConstraint("tenant_id", "name", name="uq_market_programme_name"),
    )


class CouponKey(TenantScoped, Model):
    """A per-tenant HMAC key that signs coupon QR tokens. One key is current;
    retired keys still verify until revoked, so printed cards survive a rotation."""

    __tablename__ = "market_coupon_key"

    kid: Mapped[str] = mapped_column(sa.String(16), nullable=False, info={"crossing_key": True})
    secret: Mapped[str] = mapped_column(sa.String(128), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="current")
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, nullable=False
    )
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __extra_table_args__ = (
        sa.UniqueConstraint("kid", name="uq_market_coupon_key_kid"),
        sa.CheckConstraint("status IN ('current','retired','revoked')", name="status"),
        sa.Index(
            "uq_market_coupon_key_one_current",
            "tenant_id",
            unique=True,
            postgresql_where=sa.text("status = 'current'"),
            sqlite_where=sa.text("status = 'current'"),
        ),
    )


class Coupon(TenantScoped, TimestampMixin, Model):
    __tablename__ = "market_coupon"
    __crossing_fanout__ = "state IN ('issued', 'active', 'partly_used')"  # periodic tasks find the tenants with work (core.tenancy.crossing)
    __tenant_refs__ = {
        "household_id": "household",
        "programme_id": "market_programme",
        "round_id": "market_round",
        "replaces_id": "market_coupon",
    }

    # globally unique, so a code shown at another tenant's counter is recognised
    # as "not this tenant" rather than "unknown"
    code: Mapped[str] = mapped_column(sa.String(20), nullable=False, info={"crossing_key": True})
    household_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    programme_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    round_id: Mapped[int | None] = mapped_column(BigId, index=True)
    value_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    balance_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    state: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="issued")
    valid_from: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    valid_until: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    basket: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    allowed_item_ids: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    allowed_category_ids: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    replaces_id: Mapped[int | None] = mapped_column(BigId, index=True)
    issued_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(200))

    household = tenant_relationship("Coupon", "household_id", "Household", viewonly=True)
    programme = tenant_relationship("Coupon", "programme_id", "Programme", viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("code", name="uq_market_coupon_code"),
        sa.CheckConstraint(
            "state IN ('issued','active','partly_used','used','expired','cancelled','replaced')",
            name="state",
        ),
        sa.CheckConstraint("value_satang >= 0", name="value_not_negative"),
        sa.CheckConstraint(
            "balance_satang >= 0 AND balance_satang <= value_satang", name="balance_within_value"
        ),
        sa.CheckConstraint("valid_until > valid_from", name="valid_window"),
        # one live coupon per household, programme and round
        sa.Index(
            "uq_market_coupon_live",
            "tenant_id",
            "programme_id",
            "round_id",
            "household_id",
            unique=True,
            postgresql_where=sa.text("state NOT IN ('cancelled','replaced')"),
            sqlite_where=sa.text("state NOT IN ('cancelled','replaced')"),
        ),
    )


class Redemption(TenantScoped, Model):
    """Append-only: value spent from a coupon (positive), or given back by a
    reversal (negative, pointing at the original)."""

    __tablename__ = "market_redemption"
    __tenant_refs__ = {
        "coupon_id": "market_coupon",
        "service_point_id": "market_service_point",
        "reversal_of_id": "market_redemption",
    }

    coupon_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    idempotency_key: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    service_point_id: Mapped[int | None] = mapped_column(BigId)
    operator_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    ref: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    reversal_of_id: Mapped[int | None] = mapped_column(BigId)
    reason: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, nullable=False
    )

    coupon = tenant_relationship("Redemption", "coupon_id", "Coupon", viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_market_redemption_key"),
        sa.UniqueConstraint("reversal_of_id", name="uq_market_redemption_reversal"),
        sa.CheckConstraint("amount_satang <> 0", name="amount_not_zero"),
        sa.CheckConstraint(
            "(reversal_of_id IS NULL AND amount_satang > 0) OR (reversal_of_id IS NOT NULL AND amount_satang < 0)",
            name="sign_matches_kind",
        ),
    )


class CodeAttempt(TenantScoped, Model):
    """Failed coupon-code look-ups per operator (or client address): throttled,
    then locked for a while, so codes cannot be guessed at a counter."""

    __tablename__ = "market_code_attempt"

    actor: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    failures: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    window_started_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, nullable=False
    )
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "actor", name="uq_market_code_attempt_actor"),
    )


# --- waste-bank credit -------------------------------------------------------


class Wallet(TenantScoped, TimestampMixin, Model):
    """A household's waste-bank credit at the centre."""

    __tablename__ = "market_wallet"
    __tenant_refs__ = {"household_id": "household"}

    household_id: Mapped[int] = mapped_column(BigId, nullable=False)
    balance_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)

    household = tenant_relationship("Wallet", "household_id", "Household", viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "household_id", name="uq_market_wallet_household"),
        sa.CheckConstraint("balance_satang >= 0", name="balance_not_negative"),
    )


class WasteRate(TenantScoped, TimestampMixin, Model):
    """Credit paid per kilogram of a recyclable material."""

    __tablename__ = "market_waste_rate"

    material: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    satang_per_kg: Mapped[int] = mapped_column(Satang, nullable=False)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "material", name="uq_market_waste_rate_material"),
        sa.CheckConstraint("satang_per_kg > 0", name="rate_positive"),
    )


class WalletEntry(TenantScoped, Model):
    """Append-only movements of a wallet: a deposit of recyclables (credit), a
    spend at the centre (debit), or the reversal of a spend."""

    __tablename__ = "market_wallet_entry"
    __tenant_refs__ = {
        "wallet_id": "market_wallet",
        "service_point_id": "market_service_point",
        "reversal_of_id": "market_wallet_entry",
        "rate_id": "market_waste_rate",
    }

    wallet_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # deposit | spend | reversal
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)  # + credit, - debit
    idempotency_key: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    rate_id: Mapped[int | None] = mapped_column(BigId)
    weight_grams: Mapped[int | None] = mapped_column(sa.Integer)
    service_point_id: Mapped[int | None] = mapped_column(BigId)
    operator_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    ref: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    reversal_of_id: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, nullable=False
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_market_wallet_entry_key"),
        sa.UniqueConstraint("reversal_of_id", name="uq_market_wallet_entry_reversal"),
        sa.CheckConstraint("kind IN ('deposit','spend','reversal')", name="kind"),
        sa.CheckConstraint(
            "(kind = 'deposit' AND amount_satang > 0 AND weight_grams > 0) OR (kind = 'spend' AND amount_satang < 0)"
            " OR (kind = 'reversal' AND amount_satang > 0 AND reversal_of_id IS NOT NULL)",
            name="sign_matches_kind",
        ),
    )
