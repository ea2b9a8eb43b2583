"""Member pages: enrolment, contributions and arrears, the member statement."""

from __future__ import annotations

from datetime import date

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

import welfare.funds.permissions  # noqa: F401
from core.auth.policies import can, require
from core.boundary import attempt, must_exist, writes
from core.ledger import services as ledger
from core.registry import picker
from welfare import bp
from welfare.funds.services import get_fund
from welfare.funds.web import arg_date, arg_int, form_date, form_money, form_text
from welfare.members import services
from welfare.models.members import MEMBER_STATUSES
from welfare.models.sources import CONTRIBUTION_PERIODS
from welfare.sources import services as sources


def _can_manage() -> bool:
    return can(current_user, "welfare.funds.manage", g.tenant.id)


@bp.get("/funds/<int:fund_id>/members")
@require("welfare.funds.view")
def members(fund_id: int):
    return _members_page(fund_id)


def _members_page(fund_id: int):
    fund = get_fund(fund_id)
    today = ledger.today()
    rows = services.list_members(fund.id)
    owed = {r["member"].id: r for r in sources.arrears(fund.id, today)}
    pick: dict = {}
    if _can_manage():
        args = {k: v for k in ("q_person", "p_person", "q_household", "p_household") if (v := request.args.get(k))}
        chosen_kind, _sep, chosen_id = (request.form.get("who") or "").partition(":")
        pick = {
            "args": args,
            "people": picker.search_people(args.get("q_person"), args.get("p_person")),
            "households": picker.search_households(args.get("q_household"), args.get("p_household")),
            "person": picker.chosen("people", chosen_id) if chosen_kind == "person" else None,
            "household": picker.chosen("households", chosen_id) if chosen_kind == "household" else None,
            "pages": lambda which: lambda n: url_for("welfare.members", fund_id=fund.id, **{**args, f"p_{which}": n}),
        }
    return render_template(
        "welfare/members/members.html", fund=fund, rows=rows, owed=owed, names=services.display_name,
        pick=pick, today=today, can_manage=_can_manage(),
    )


@bp.get("/funds/<int:fund_id>/members/export.csv")
@require("welfare.funds.view")
def members_csv(fund_id: int):
    """The fund's members as CSV, the page's columns: number, name, joined,
    status and contributions owed."""
    from core import csv_export
    from welfare.models.members import Member

    fund = get_fund(fund_id)
    owed = {r["member"].id: r["owed"] for r in sources.arrears(fund.id, ledger.today())}
    stmt = services.members_stmt(fund.id)

    def rows():
        for m in csv_export.batched(stmt, Member.id, descending=False):
            yield [m.member_no, services.display_name(m), m.joined_on, gettext(m.status_label),
                   csv_export.Satang(owed[m.id]) if owed.get(m.id) else None]

    return csv_export.response(f"members-fund-{fund.id}", [gettext("Member no."), gettext("Member"), gettext("Joined"), gettext("Status"),
                                                           gettext("Contributions owed")], rows, stream=True)


@bp.post("/funds/<int:fund_id>/members")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def enroll(fund_id: int):
    def act():
        who = form_text("who", 40)
        kind, _, raw = who.partition(":")
        ident = int(raw) if raw.isdigit() and len(raw) < 15 else None
        member = services.enroll(
            fund_id=fund_id, joined_on=form_date("joined_on"), member_no=form_text("member_no", 60),
            person_id=ident if kind == "person" else None, household_id=ident if kind == "household" else None,
            actor_id=current_user.id)
        return url_for("welfare.member", member_id=member.id)

    return attempt(act, lambda: _members_page(fund_id))


@bp.get("/members/<int:member_id>")
@require("welfare.funds.view")
def member(member_id: int):
    return _member_page(member_id)


@bp.get("/my/statement")
@require("welfare.funds.own_statement")
def my_statement():
    """A resident's own member statement (and their household's): only the
    memberships of the registry person linked to the account."""
    mine = services.members_of_user(current_user.id)
    if not mine:
        return render_template("welfare/members/mine.html", mine=[])
    chosen = arg_int("member")
    if chosen is not None and chosen not in {m.id for m in mine}:
        abort(404)
    return _member_page(chosen or mine[0].id, own=True, mine=mine)


def _member_page(member_id: int, *, own: bool = False, mine=()):
    member = services.get_member(member_id)
    today = ledger.today()
    start = arg_date("from", date(today.year, 1, 1))
    end = arg_date("to", today)
    if end < start:
        start, end = end, start
    statement = services.statement(member.id, start=start, end=end)
    return render_template(
        "welfare/members/member.html", s=statement, fund=get_fund(member.fund_id), periods=CONTRIBUTION_PERIODS,
        statuses=MEMBER_STATUSES, today=today, can_manage=_can_manage() and not own, own=own, mine=mine,
    )


@bp.get("/members/<int:member_id>/statement/print")
@require("welfare.funds.view")
def member_statement_print(member_id: int):
    """The member statement on A4: the organisation's header, the member's
    name and number (no ID number), contributions, benefits, loans with their
    repayments and what is still owed, dates in the Buddhist Era."""
    member = services.get_member(member_id)
    today = ledger.today()
    start = arg_date("from", date(today.year, 1, 1))
    end = arg_date("to", today)
    if end < start:
        start, end = end, start
    statement = services.statement(member.id, start=start, end=end)
    return render_template(
        "welfare/members/statement_print.html", s=statement, fund=get_fund(member.fund_id), today=today,
        loans=services.loan_lines(statement["loans"], start=start, end=end), periods=CONTRIBUTION_PERIODS,
    )


@bp.post("/members/<int:member_id>/schedule")
@require("welfare.funds.manage")
@writes
@must_exist(member_id=services.get_member)
def set_schedule(member_id: int):
    def act():
        sources.set_schedule(member_id=member_id, amount_satang=form_money("amount"), period=form_text("period", 10),
                             starts_on=form_date("starts_on"), ends_on=form_date("ends_on", required=False),
                             actor_id=current_user.id)
        return url_for("welfare.member", member_id=member_id)

    return attempt(act, lambda: _member_page(member_id))


@bp.post("/members/<int:member_id>/contributions")
@require("welfare.funds.manage")
@writes
@must_exist(member_id=services.get_member)
def record_contribution(member_id: int):
    def act():
        sources.record_contribution(member_id=member_id, amount_satang=form_money("amount"),
                                    paid_on=form_date("paid_on"), method=form_text("method", 10) or "cash",
                                    actor_id=current_user.id)
        return url_for("welfare.member", member_id=member_id)

    return attempt(act, lambda: _member_page(member_id))


@bp.post("/members/<int:member_id>/status")
@require("welfare.funds.manage")
@writes
@must_exist(member_id=services.get_member)
def member_status(member_id: int):
    def act():
        services.set_status(member_id, form_text("status", 20), on=form_date("on", required=False) or ledger.today(),
                            actor_id=current_user.id)
        return url_for("welfare.member", member_id=member_id)

    return attempt(act, lambda: _member_page(member_id))


