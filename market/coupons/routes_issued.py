"""What one press of "issue coupons" did: how many coupons were issued, to
which households, how many already had one and which were not eligible. The
page reads the coupons back from the database, so a refresh shows the same
result and issues nothing."""

from __future__ import annotations

from flask import render_template, request

from core.auth.policies import require
from core.forms import parse
from market import bp
from market.coupons import (
    issuing,
    permissions,  # noqa: F401
    queries,
)

SHOWN = 300


def _id(name: str) -> int | None:
    return parse.id_or_none(request.args.get(name))


def _count(name: str) -> int:
    return min(_id(name) or 0, 10**9)


@bp.get("/coupons/programmes/<int:programme_id>/issued")
@require("market.coupons.manage")
def coupons_issued(programme_id: int):
    programme = issuing.get_programme(programme_id)
    first, last = _id("first"), _id("last")
    rows, total = queries.issued_batch(programme.id, first, last, SHOWN)
    not_eligible = [n for n in map(parse.id_or_none, request.args.getlist("not_eligible")[:50]) if n]
    codes = queries.household_codes(not_eligible)
    return render_template(
        "market/coupons/issued.html", programme=programme, rows=rows, total=total, shown=SHOWN,
        already=_count("already"), not_eligible=codes,
    )
