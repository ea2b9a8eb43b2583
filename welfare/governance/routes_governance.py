"""Meetings, resolutions, disbursement requests and the signatory's inbox."""

from __future__ import annotations

from flask import g, render_template, request, url_for
from flask_login import current_user

import welfare.funds.permissions  # noqa: F401
from core.auth.policies import can, require
from core.boundary import attempt, must_exist, writes
from core.documents import services as documents
from core.documents.models import KINDS as DOC_KINDS
from core.ledger import services as ledger
from welfare import bp
from welfare.funds import queries
from welfare.funds.routes_funds import fund_page
from welfare.funds.services import get_fund, list_funds
from welfare.funds.web import attach_upload, form_date, form_int, form_money, form_text
from welfare.governance import disbursements as d
from welfare.governance import evidence, panels
from welfare.governance import services as governance
from welfare.models.governance import MEETING_KINDS, RESOLUTION_KINDS


def _can(permission: str) -> bool:
    return can(current_user, permission, g.tenant.id)


def _ip() -> str | None:
    return request.remote_addr


# --- meetings and resolutions ----------------------------------------------------


@bp.get("/funds/<int:fund_id>/meetings")
@require("welfare.funds.view")
def meetings(fund_id: int):
    return _meetings_page(fund_id)


def _meetings_page(fund_id: int):
    fund = get_fund(fund_id)
    return render_template(
        "welfare/governance/meetings.html", fund=fund, meetings=governance.list_meetings(fund.id),
        resolutions=governance.list_resolutions(fund.id), kinds=MEETING_KINDS, today=ledger.today(),
        can_manage=_can("welfare.funds.manage"),
    )


@bp.post("/funds/<int:fund_id>/meetings")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def create_meeting(fund_id: int):
    def act():
        meeting = governance.create_meeting(
            fund_id=fund_id, held_on=form_date("held_on"), kind=form_text("kind", 20), title=form_text("title", 300),
            attendees=form_text("attendees"), attendee_count=form_int("attendee_count", required=False),
            eligible_count=form_int("eligible_count", default=0), quorum_percent=form_int("quorum_percent", default=50),
            minutes=form_text("minutes", 20000), actor_id=current_user.id)
        return url_for("welfare.meeting", meeting_id=meeting.id)

    return attempt(act, lambda: _meetings_page(fund_id))


@bp.get("/meetings/<int:meeting_id>")
@require("welfare.funds.view")
def meeting(meeting_id: int):
    return _meeting_page(meeting_id)


def _meeting_page(meeting_id: int):
    meeting = governance.get_meeting(meeting_id)
    fund = get_fund(meeting.fund_id)
    return render_template(
        "welfare/governance/meeting.html", meeting=meeting, fund=fund,
        resolutions=governance.list_resolutions(meeting_id=meeting.id), kinds=RESOLUTION_KINDS,
        docs=(docs := documents.documents_for(evidence.MEETING, meeting.id)), also=documents.also_attached(docs),
        today=ledger.today(),
        can_manage=_can("welfare.funds.manage"), can_attach=_can("welfare.funds.evidence"),
    )


@bp.post("/meetings/<int:meeting_id>/resolutions")
@require("welfare.funds.manage")
@writes
@must_exist(meeting_id=governance.get_meeting)
def create_resolution(meeting_id: int):
    def act():
        governance.create_resolution(
            meeting_id=meeting_id, kind=form_text("kind", 20), amount_cap_satang=form_money("amount_cap"),
            purpose=form_text("purpose"), valid_until=form_date("valid_until", required=False),
            number=form_text("number", 40), actor_id=current_user.id)
        return url_for("welfare.meeting", meeting_id=meeting_id)

    return attempt(act, lambda: _meeting_page(meeting_id))


@bp.post("/meetings/<int:meeting_id>/documents")
@require("welfare.funds.evidence")
@writes
@must_exist(meeting_id=governance.get_meeting)
def meeting_document(meeting_id: int):
    def act():
        attach_upload(evidence.MEETING, meeting_id, actor_id=current_user.id)
        return url_for("welfare.meeting", meeting_id=meeting_id)

    return attempt(act, lambda: _meeting_page(meeting_id))


@bp.get("/resolutions/<int:resolution_id>")
@require("welfare.funds.view")
def resolution(resolution_id: int):
    resolution = d.get_resolution(resolution_id)
    uses = d.list_for_resolution(resolution.id)
    return render_template("welfare/governance/resolution.html", resolution=resolution,
                           fund=get_fund(resolution.fund_id), uses=uses,
                           meeting=governance.get_meeting(resolution.meeting_id))


@bp.post("/resolutions/<int:resolution_id>/revoke")
@require("welfare.funds.manage")
@writes
@must_exist(resolution_id=d.get_resolution)
def revoke_resolution(resolution_id: int):
    def act():
        governance.revoke_resolution(resolution_id, actor_id=current_user.id)
        return url_for("welfare.resolution", resolution_id=resolution_id)

    return attempt(act, lambda: resolution(resolution_id))


# --- disbursements -------------------------------------------------------------------


@bp.get("/funds/<int:fund_id>/disbursements")
@require("welfare.funds.view")
def disbursements(fund_id: int):
    return _disbursements_page(fund_id)


def _disbursements_page(fund_id: int):
    fund = get_fund(fund_id)
    rows = d.list_for_fund(fund.id)
    return render_template(
        "welfare/governance/disbursements.html", fund=fund, rows=rows,
        resolutions=[r for r in governance.list_resolutions(fund.id) if r.status == "active"],
        names=queries.user_names(x.requested_by for x in rows),
        can_request=_can("welfare.funds.request"),
        **{"lines": [], **panels.fund_disbursements_panels(fund)},  # the budget lines, from budgets
    )


@bp.post("/funds/<int:fund_id>/disbursements")
@require("welfare.funds.request")
@writes
@must_exist(fund_id=get_fund)
def request_disbursement(fund_id: int):
    def act():
        key = form_text("debit_key", 40) or "program_expense"
        if key not in ("benefit_expense", "admin_expense", "program_expense"):
            key = "program_expense"
        dis = d.request(
            fund_id=fund_id, resolution_id=form_int("resolution_id"), amount_satang=form_money("amount"),
            purpose=form_text("purpose", 2000), target_type="welfare.expense", target_id=None,
            requested_by=current_user.id, debit_key=key, credit_key="bank" if form_text("from") == "bank" else "cash",
            budget_line_id=form_int("budget_line_id", required=False),
            overspend_resolution_id=form_int("overspend_resolution_id", required=False), ip=_ip())
        return url_for("welfare.disbursement", disbursement_id=dis.id)

    return attempt(act, lambda: _disbursements_page(fund_id))


@bp.get("/disbursements/<int:disbursement_id>")
@require("welfare.funds.view")
def disbursement(disbursement_id: int):
    return _disbursement_page(disbursement_id)


def _disbursement_page(disbursement_id: int):
    dis = d.get(disbursement_id)
    fund = get_fund(dis.fund_id)
    decisions = d.decisions(dis.id)
    mine = next((x for x in decisions if x.user_id == current_user.id), None)
    decided = {x.user_id for x in decisions}
    awaited = [s.user_id for s in d.valid_signatories(fund.id)
               if s.user_id not in decided and s.user_id != dis.requested_by] if dis.status == "pending" else []
    may_decide = (_can("welfare.funds.approve") and dis.status == "pending" and dis.requested_by != current_user.id
                  and mine is None and current_user.id in awaited)
    return render_template(
        "welfare/governance/disbursement.html", dis=dis, fund=fund,
        resolution=d.get_resolution(dis.resolution_id), decisions=decisions, mine=mine, awaited=awaited,
        names=(names := queries.user_names([dis.requested_by] + [x.user_id for x in decisions] + awaited)),
        awaited_names=[names.get(u) or f"#{u}" for u in awaited],
        approvals=d.approvals_count(dis), docs=(docs := documents.documents_for(evidence.DISBURSEMENT, dis.id)),
        also=documents.also_attached(docs), reused=evidence.reused_for(dis),
        missing=evidence.missing_for_payment(dis) if fund.requires_documents else set(), doc_kinds=DOC_KINDS,
        can_accept=_can("welfare.funds.approve") and dis.status == "pending" and dis.requested_by != current_user.id,
        can_decide=may_decide,
        can_attach=_can("welfare.funds.evidence"),
        **{"draws": [], **panels.disbursement_panels(dis)},  # the restricted money drawn, from sources
    )


@bp.post("/disbursements/<int:disbursement_id>/approve")
@require("welfare.funds.approve")
@writes
@must_exist(disbursement_id=d.get)
def approve(disbursement_id: int):
    def act():
        d.approve(disbursement_id, user_id=current_user.id, ip=_ip())
        return url_for("welfare.disbursement", disbursement_id=disbursement_id)

    return attempt(act, lambda: _disbursement_page(disbursement_id))


@bp.post("/disbursements/<int:disbursement_id>/accept-reused")
@require("welfare.funds.approve")
@writes
@must_exist(disbursement_id=d.get)
def accept_reused_for_disbursement(disbursement_id: int):
    def act():
        d.accept_reused_documents(disbursement_id, reason=form_text("reason", 2000), user_id=current_user.id,
                                  ip=_ip())
        return url_for("welfare.disbursement", disbursement_id=disbursement_id)

    return attempt(act, lambda: _disbursement_page(disbursement_id))


@bp.post("/disbursements/<int:disbursement_id>/reject")
@require("welfare.funds.approve")
@writes
@must_exist(disbursement_id=d.get)
def reject(disbursement_id: int):
    def act():
        d.reject(disbursement_id, user_id=current_user.id, reason=form_text("reason", 2000), ip=_ip())
        return url_for("welfare.disbursement", disbursement_id=disbursement_id)

    return attempt(act, lambda: _disbursement_page(disbursement_id))


@bp.post("/disbursements/<int:disbursement_id>/documents")
@require("welfare.funds.evidence")
@writes
@must_exist(disbursement_id=d.get)
def disbursement_document(disbursement_id: int):
    def act():
        attach_upload(evidence.DISBURSEMENT, disbursement_id, actor_id=current_user.id)
        return url_for("welfare.disbursement", disbursement_id=disbursement_id)

    return attempt(act, lambda: _disbursement_page(disbursement_id))


@bp.get("/approvals")
@require("welfare.funds.approve")
def approvals():
    rows = d.pending_for(current_user.id)
    funds = {f.id: f for f in list_funds()}
    return render_template("welfare/governance/approvals.html", rows=rows, funds=funds,
                           names=queries.user_names(x.requested_by for x in rows))


@bp.get("/evidence")
@require("welfare.funds.view")
def evidence_view():
    funds = {f.id: f for f in list_funds()}
    return render_template("welfare/governance/evidence.html", report=evidence.completeness(), funds=funds,
                           DOC_KINDS=DOC_KINDS)


# --- a fund's signatories and approval policy (forms on the fund's page) -----------------


@bp.post("/funds/<int:fund_id>/signatories")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def add_signatory(fund_id: int):
    def act():
        governance.add_signatory(
            fund_id=fund_id, user_id=form_int("user_id"), valid_from=form_date("valid_from"),
            valid_until=form_date("valid_until", required=False), actor_id=current_user.id, tenant_id=g.tenant.id)
        return url_for("welfare.fund", fund_id=fund_id)

    return attempt(act, lambda: fund_page(fund_id))


@bp.post("/funds/<int:fund_id>/signatories/<int:signatory_id>/end")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def end_signatory(fund_id: int, signatory_id: int):
    def act():
        governance.end_signatory(signatory_id, until=form_date("until", required=False) or ledger.today(),
                                 actor_id=current_user.id, fund_id=fund_id)
        return url_for("welfare.fund", fund_id=fund_id)

    return attempt(act, lambda: fund_page(fund_id))


@bp.post("/funds/<int:fund_id>/policy")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def set_policy(fund_id: int):
    def act():
        governance.set_required(fund_id, form_int("required"), actor_id=current_user.id)
        return url_for("welfare.fund", fund_id=fund_id)

    return attempt(act, lambda: fund_page(fund_id))
