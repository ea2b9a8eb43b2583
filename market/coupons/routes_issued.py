"""What one press of "issue coupons" did: how many coupons were issued, to
which households, how many already had one and which were not eligible. The
page reads the coupons back from the database, so a refresh shows the same
result and issues nothing."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request

from core.auth.policies import require
from core.db import db
from core.registry.models import Household, Village
from market import bp
from market.coupons import (
    issuing,
    permissions,  # noqa: F401
)
from market.models.coupons import Coupon

SHOWN = 300


def _id(name: str) -> int | None:
    text = (request.args.get(name) or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 18 else None


def _count(name: str) -> int:
    return min(_id(name) or 0, 10**9)


@bp.get("/coupons/programmes/<int:programme_id>/issued")
@require("market.coupons.manage")
def coupons_issued(programme_id: int):
    programme = issuing.get_programme(programme_id)
    first, last = _id("first"), _id("last")
    rows: list = []
    total = 0
    if first is not None and last is not None and first <= last:
        batch = sa.and_(Coupon.programme_id == programme.id, Coupon.id.between(first, last))
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Coupon).where(batch)) or 0
        rows = list(db.session.execute(
            sa.select(Coupon, Household.code, Village.moo)
            .join(Household, Household.id == Coupon.household_id)
            .outerjoin(Village, Village.id == Household.village_id)
            .where(batch).order_by(Coupon.id).limit(SHOWN)
        ))
    not_eligible = [int(x) for x in request.args.getlist("not_eligible") if x.isascii() and x.isdigit()][:50]
    codes = list(db.session.scalars(sa.select(Household.code).where(Household.id.in_(not_eligible)))) \
        if not_eligible else []
    return render_template(
        "market/coupons/issued.html", programme=programme, rows=rows, total=total, shown=SHOWN,
        already=_count("already"), not_eligible=codes,
    )
