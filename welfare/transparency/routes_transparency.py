"""The printable fund statement for a period, for committees and funders."""

from __future__ import annotations

from datetime import date

from flask import render_template

import welfare.funds.permissions  # noqa: F401
from core.auth.policies import require
from core.ledger import services as ledger
from welfare import bp
from welfare.funds.services import get_fund
from welfare.funds.web import arg_date
from welfare.transparency import queries


@bp.get("/funds/<int:fund_id>/statement")
@require("welfare.funds.view")
def fund_statement(fund_id: int):
    fund = get_fund(fund_id)
    today = ledger.today()
    start = arg_date("from", date(today.year, 1, 1))
    end = arg_date("to", today)
    if end < start:
        start, end = end, start
    return render_template("welfare/transparency/statement.html", s=queries.statement(fund, start, end),
                           today=today)
