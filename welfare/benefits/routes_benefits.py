"""Benefit pages: types with their rules, claims, check, payment request."""

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
from welfare.benefits import services
from welfare.funds.services import get_fund
from welfare.funds.web import attach_upload, form_date, form_int, form_money, form_text
from welfare.governance import evidence
from welfare.governance import services as governance
from welfare.members import services as members
from welfare.models.benefits import BENEFIT_CODES


def _can(permission: str) -> bool:
    return can(current_user, permission, g.tenant.id)


@bp.get("/funds/<int:fund_id>/benefits")
@require("welfare.funds.view")
def benefits(fund_id: int):
    return _benefits_page(fund_id)


def _benefits_page(fund_id: int):
    fund = get_fund(fund_id)
    types = services.list_types(fund.id)
    return render_template(
        "welfare/benefits/benefits.html", fund=fund, types=types, type_names={t.id: t.name for t in types},
        claims=services.list_claims(fund.id), members=members.list_members(fund.id, status="active"),
        names=members.display_name, codes=BENEFIT_CODES, doc_kinds=DOC_KINDS, today=ledger.today(),
        can_manage=_can("welfare.funds.manage"), can_claim=_can("welfare.funds.claims"),
    )


@bp.post("/funds/<int:fund_id>/benefit-types")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def create_benefit_type(fund_id: int):
    def act():
        services.create_type(
            fund_id=fund_id, code=form_text("code", 20), name=form_text("name", 300),
            per_event_cap_satang=form_money("per_event_cap"),
            per_year_cap_satang=form_money("per_year_cap", required=False),
            per_night_satang=form_money("per_night", required=False),
            min_membership_days=form_int("min_membership_days", default=0),
            required_documents=[k for k in request.form.getlist("required_documents") if k in DOC_KINDS],
            actor_id=current_user.id)
        return url_for("welfare.benefits", fund_id=fund_id)

    return attempt(act, lambda: _benefits_page(fund_id))


@bp.post("/funds/<int:fund_id>/claims")
@require("welfare.funds.claims")
@writes
@must_exist(fund_id=get_fund)
def submit_claim(fund_id: int):
    def act():
        claim = services.submit_claim(
            member_id=form_int("member_id"), benefit_type_id=form_int("benefit_type_id"),
            event_date=form_date("event_date"), amount_requested_satang=form_money("amount"),
            nights=form_int("nights", required=False), description=form_text("description"),
            actor_id=current_user.id)
        if claim.fund_id != fund_id:
            from welfare.benefits.services import ClaimNotFound

            raise ClaimNotFound()
        return url_for("welfare.claim", claim_id=claim.id)

    return attempt(act, lambda: _benefits_page(fund_id))


@bp.get("/claims/<int:claim_id>")
@require("welfare.funds.view")
def claim(claim_id: int):
    return _claim_page(claim_id)


def _claim_page(claim_id: int):
    claim = services.get_claim(claim_id)
    benefit_type = services.get_type(claim.benefit_type_id)
    member = members.get_member(claim.member_id)
    return render_template(
        "welfare/benefits/claim.html", claim=claim, benefit_type=benefit_type, member=member,
        name=members.display_name(member), fund=get_fund(claim.fund_id),
        docs=(docs := documents.documents_for(services.TARGET, claim.id)), also=documents.also_attached(docs),
        missing=services.missing_documents(claim, benefit_type), doc_kinds=DOC_KINDS,
        reused=evidence.reused(services.TARGET, claim.id),
        resolutions=[r for r in governance.list_resolutions(claim.fund_id)
                     if r.status == "active" and r.kind in ("benefit", "disbursement")],
        can_claim=_can("welfare.funds.claims"), can_request=_can("welfare.funds.request"),
        can_attach=_can("welfare.funds.evidence"),
    )


@bp.post("/claims/<int:claim_id>/check")
@require("welfare.funds.claims")
@writes
@must_exist(claim_id=services.get_claim)
def check_claim(claim_id: int):
    def act():
        services.check_claim(claim_id, actor_id=current_user.id)
        return url_for("welfare.claim", claim_id=claim_id)

    return attempt(act, lambda: _claim_page(claim_id))


@bp.post("/claims/<int:claim_id>/refuse")
@require("welfare.funds.claims")
@writes
@must_exist(claim_id=services.get_claim)
def refuse_claim(claim_id: int):
    def act():
        services.refuse_claim(claim_id, reason=form_text("reason", 2000), actor_id=current_user.id)
        return url_for("welfare.claim", claim_id=claim_id)

    return attempt(act, lambda: _claim_page(claim_id))


@bp.post("/claims/<int:claim_id>/accept-reused")
@require("welfare.funds.claims")
@writes
@must_exist(claim_id=services.get_claim)
def accept_reused_documents(claim_id: int):
    def act():
        services.accept_reused_documents(claim_id, reason=form_text("reason", 2000), actor_id=current_user.id)
        return url_for("welfare.claim", claim_id=claim_id)

    return attempt(act, lambda: _claim_page(claim_id))


@bp.post("/claims/<int:claim_id>/pay")
@require("welfare.funds.request")
@writes
@must_exist(claim_id=services.get_claim)
def request_claim_payment(claim_id: int):
    def act():
        dis = services.request_payment(claim_id, resolution_id=form_int("resolution_id"),
                                       requested_by=current_user.id, ip=request.remote_addr)
        return url_for("welfare.disbursement", disbursement_id=dis.id)

    return attempt(act, lambda: _claim_page(claim_id))


@bp.post("/claims/<int:claim_id>/documents")
@require("welfare.funds.evidence")
@writes
@must_exist(claim_id=services.get_claim)
def claim_document(claim_id: int):
    def act():
        attach_upload(services.TARGET, claim_id, actor_id=current_user.id)
        return url_for("welfare.claim", claim_id=claim_id)

    return attempt(act, lambda: _claim_page(claim_id))
