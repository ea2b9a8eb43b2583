"""Read side of coupons: redemption rows for a coupon, programme statistics
and the coupons-issued/redeemed report per programme and round."""

from __future__ import annotations

import sqlalchemy as sa

from core import clock
from core.auth.models import User
from core.db import db
from market.models.catalog import ServicePoint
from market.models.coupons import Coupon, Programme, Redemption
from market.models.rounds import Round


def redemption_rows(coupon_id: int) -> list[dict]:
    rows = db.session.execute(
        sa.select(Redemption, ServicePoint.name, User.display_name)
        .outerjoin(
            ServicePoint,
            sa.and_(
                ServicePoint.id == Redemption.service_point_id,
                ServicePoint.tenant_id == Redemption.tenant_id,
            ),
        )
        .outerjoin(User, User.id == Redemption.operator_id)
        .where(Redemption.coupon_id == coupon_id)
        .order_by(Redemption.id)
    ).all()
    return [{"redemption": r, "point": p, "staff": s} for r, p, s in rows]


def replacement_of(coupon_id: int) -> Coupon | None:
    return db.session.scalar(sa.select(Coupon).where(Coupon.replaces_id == coupon_id))


def programme_stats() -> dict[int, dict]:
    rows = db.session.execute(
        sa.select(
            Coupon.programme_id,
            sa.func.count(),
            sa.func.sum(Coupon.value_satang),
            sa.func.sum(Coupon.balance_satang),
        )
        .where(Coupon.state.notin_(("replaced",)))
        .group_by(Coupon.programme_id)
    ).all()
    return {p: {"coupons": n, "value": v or 0, "balance": b or 0} for p, n, v, b in rows}


def issued_redeemed_report() -> list[dict]:
    """Coupons issued and value redeemed per programme and round."""
    redeemed = (
        sa.select(Redemption.coupon_id, sa.func.sum(Redemption.amount_satang).label("spent"))
        .group_by(Redemption.coupon_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            Programme.id,
            Programme.name,
            Round.id,
            Round.name,
            sa.func.count(Coupon.id),
            sa.func.count(sa.distinct(Coupon.household_id)),
            sa.func.coalesce(sa.func.sum(Coupon.value_satang), 0),
            sa.func.coalesce(sa.func.sum(redeemed.c.spent), 0),
            sa.func.sum(sa.case((Coupon.state == "used", 1), else_=0)),
        )
        .join(
            Coupon,
            sa.and_(Coupon.programme_id == Programme.id, Coupon.tenant_id == Programme.tenant_id),
        )
        .outerjoin(Round, sa.and_(Round.id == Coupon.round_id, Round.tenant_id == Coupon.tenant_id))
        .outerjoin(redeemed, redeemed.c.coupon_id == Coupon.id)
        .where(Coupon.replaces_id.is_(None))
        .group_by(Programme.id, Programme.name, Round.id, Round.name)
        .order_by(Programme.id, Round.id)
    ).all()
    return [
        {
            "programme_id": pid,
            "programme": pname,
            "round_id": rid,
            "round": rname or "",
            "coupons": n,
            "households": hh,
            "value_satang": int(value),
            "redeemed_satang": int(spent),
            "fully_used": int(used or 0),
        }
        for pid, pname, rid, rname, n, hh, value, spent, used in rows
    ]


def redemptions_by_day(days: int = 30) -> list[dict]:
    """Net value redeemed per Bangkok day over the last ``days`` days (reversals subtracted)."""
    from datetime import timedelta

    from core.i18n.formatting import local

    since = clock.now() - timedelta(days=days)
    totals: dict = {}
    for created_at, amount in db.session.execute(
        sa.select(Redemption.created_at, Redemption.amount_satang).where(
            Redemption.created_at >= since
        )
    ):
        day = local(created_at).date()
        totals[day] = totals.get(day, 0) + amount
    peak = max(totals.values(), default=0) or 1
    return [
        {"day": d, "satang": v, "percent": max(0, v) * 100 // peak}
        for d, v in sorted(totals.items())
    ]
