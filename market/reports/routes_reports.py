"""Report pages: beneficiaries per round and programme, sales by item, centre
and day, with inline SVG charts and CSV exports."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_babel import gettext as _

from core import csv_export
from core.auth.policies import require
from core.csv_export import Satang
from core.errors import ValidationError
from core.forms import parse
from core.i18n.formatting import format_thb
from market import bp
from market.orders import permissions  # noqa: F401  (declares the permissions)
from market.reports import charts, queries


def _date(name: str) -> date | None:
    try:
        return parse.typed_date(request.args.get(name))
    except ValidationError:
        return None


@bp.get("/reports/")
@require("market.reports.view")
def reports_index():
    rounds, everyone = queries.beneficiaries_by_round()
    programmes = queries.beneficiaries_by_programme()
    date_from, date_to = _date("from"), _date("to")
    sales = queries.sales(date_from, date_to)
    return render_template(
        "market/reports/index.html", rounds=rounds, everyone=everyone, programmes=programmes, sales=sales,
        date_from=date_from, date_to=date_to,
        households_chart=charts.bars([(r.label, r.households) for r in rounds], title=_("Households served per round")),
        items_chart=charts.bars([(n, a) for n, _u, _q, a in sales.by_item[:15]], title=_("Sales by item"),
                                value_text=format_thb),
        days_chart=charts.bars([(d.isoformat(), a) for d, a in sales.by_day[-31:]], title=_("Sales by day"),
                               value_text=format_thb),
    )


_csv = csv_export.response


@bp.get("/reports/beneficiaries.csv")
@require("market.reports.view")
def reports_beneficiaries_csv():
    rounds, everyone = queries.beneficiaries_by_round()
    rows = [("round", r.label, r.villages, r.households, r.people) for r in rounds]
    rows += [("programme", p.label, p.villages, p.households, p.people) for p in queries.beneficiaries_by_programme()]
    rows.append(("all", "", everyone.villages, everyone.households, everyone.people))
    return _csv("beneficiaries", ["kind", "name", "villages", "households", "people"], rows)


@bp.get("/reports/sales.csv")
@require("market.reports.view")
def reports_sales_csv():
    sales = queries.sales(_date("from"), _date("to"))
    rows = [("item", name, unit, q, Satang(a)) for name, unit, q, a in sales.by_item]
    rows += [("centre", name, None, None, Satang(a)) for name, a in sales.by_centre]
    rows += [("day", d.isoformat(), None, None, Satang(a)) for d, a in sales.by_day]
    return _csv("sales", ["kind", "name", "unit", "quantity", "amount_baht"], rows)
