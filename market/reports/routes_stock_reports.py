"""Stock and donation reports, with CSV downloads: the stock's value and
movements beside the donations that came in (read from both areas, so the
page lives with the other reports)."""

from __future__ import annotations

from flask import render_template, request

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.auth.policies import require
from core.ledger.services import today
from market import bp
from market.catalog.web import int_arg
from market.donations import queries as donation_queries
from market.stock import queries, reports


@bp.get("/stock/reports")
@require("market.stock_reports.view")
def stock_reports():
    p = reports.period(request.args.get("start"), request.args.get("end"), today())
    rows = queries.valuation()
    return render_template(
        "market/stock/reports.html",
        period=p,
        valuation=rows,
        total=sum(r.value for r in rows),
        summary=reports.movement_summary(p, int_arg("centre")),
        donations=reports.donations_in(p),
        figures=donation_queries.transparency(),
        daily=_bars(reports.daily(p)),
    )


def _bars(rows):
    """Bar heights (0-100) of value in and out per day, for the chart."""
    top = max([max(i, o) for _, i, o in rows] or [0]) or 1
    return [(d, i, o, round(i * 100 / top), round(o * 100 / top)) for d, i, o in rows]


@bp.get("/stock/reports/valuation.csv")
@require("market.stock_reports.view")
def stock_valuation_csv():
    return reports.valuation_csv()


@bp.get("/stock/reports/movements.csv")
@require("market.stock_reports.view")
def stock_movements_csv():
    p = reports.period(request.args.get("start"), request.args.get("end"), today())
    return reports.movements_csv(p)


@bp.get("/stock/reports/donations.csv")
@require("market.stock_reports.view")
def donations_csv():
    p = reports.period(request.args.get("start"), request.args.get("end"), today())
    return reports.donations_csv(p)
