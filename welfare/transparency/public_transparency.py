"""A fund's public transparency page: ``/funds/<tenant slug>/<fund id>``. No
log-in and no personal data: balances, sources, money lent and repaid,
benefits paid by kind, and charts over time."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template
from flask_babel import gettext as _

from core.audit.services import jsonable
from core.ledger import services as ledger
from core.web import wants_json
from welfare.transparency import charts, queries

bp = Blueprint("welfare_public", __name__)


def _lang() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "th"


@bp.get("/funds/<slug>/<int:fund_id>")
def fund_page(fund_id: int):
    fund = queries.public_fund(fund_id)
    if fund is None:
        abort(404)
    summary = queries.public_summary(fund, ledger.today(), lang=_lang())
    if wants_json():
        body = {k: v for k, v in summary.items() if k != "monthly"}
        body["monthly"] = summary["monthly"]
        body["fund"] = {"name": fund.name, "kind": fund.kind}
        return jsonify(jsonable(body))
    money = charts.bars(summary["monthly"], title=_("Money in and out per month"), in_label=_("In"),
                        out_label=_("Out"))
    balance = charts.line(summary["monthly"], title=_("Balance at the end of each month"))
    return render_template("welfare/transparency/public.html", fund=fund, s=summary, money_chart=money,
                           balance_chart=balance)
