"""Pages for a fund's sources of money: grants and tranches, donations,
matching contributions."""

from __future__ import annotations

from flask import g, render_template, request, url_for
from flask_login import current_user

import welfare.funds.permissions  # noqa: F401
from core.auth.policies import can, require
from core.boundary import attempt, must_exist, writes
from core.forms.parse import ce_year
from core.ledger import services as ledger
from welfare import bp
from welfare.funds.services import get_fund
from welfare.funds.web import form_bool, form_date, form_int, form_money, form_text
from welfare.governance import services as governance
from welfare.models.sources import GRANT_USES, GRANTOR_KINDS
from welfare.sources import restricted, services


def _can_manage() -> bool:
    return can(current_user, "welfare.funds.manage", g.tenant.id)


@bp.get("/funds/<int:fund_id>/sources")
@require("welfare.funds.view")
def grants(fund_id: int):
    return _sources_page(fund_id)


def _sources_page(fund_id: int):
    fund = get_fund(fund_id)
    grant_list = services.list_grants(fund.id)
    grant_rows = [(gr, services.tranches_of(gr.id)) for gr in grant_list]
    releases = [r for r in governance.list_resolutions(fund.id) if r.status == "active" and r.kind == "release"]
    return render_template(
        "welfare/sources/sources.html", fund=fund, grants=grant_rows, donations=services.list_donations(fund.id),
        matching=services.list_matching(fund.id), grantor_kinds=GRANTOR_KINDS, today=ledger.today(),
        can_manage=_can_manage(), grant_uses=GRANT_USES, uses=restricted.uses_of(gr.id for gr in grant_list),
        releases=releases,
    )


@bp.post("/funds/<int:fund_id>/grants")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def create_grant(fund_id: int):
    def act():
        services.create_grant(
            fund_id=fund_id, grantor_name=form_text("grantor_name", 300), grantor_kind=form_text("grantor_kind", 30),
            total_satang=form_money("total"), agreement_ref=form_text("agreement_ref", 200),
            signed_on=form_date("signed_on", required=False), permitted_uses=form_text("permitted_uses"),
            restricted=form_bool("restricted"), uses=request.form.getlist("uses")[:10], actor_id=current_user.id)
        return url_for("welfare.grants", fund_id=fund_id)

    return attempt(act, lambda: _sources_page(fund_id))


@bp.post("/grants/<int:grant_id>/tranches")
@require("welfare.funds.manage")
@writes
def add_tranche(grant_id: int):
    grant = services.get_grant(grant_id)

    def act():
        services.add_tranche(grant_id=grant.id, amount_satang=form_money("amount"),
                             expected_on=form_date("expected_on", required=False),
                             conditions=form_text("conditions"), actor_id=current_user.id)
        return url_for("welfare.grants", fund_id=grant.fund_id)

    return attempt(act, lambda: _sources_page(grant.fund_id))


@bp.post("/tranches/<int:tranche_id>/receive")
@require("welfare.funds.manage")
@writes
def receive_tranche(tranche_id: int):
    tranche = services.get_tranche(tranche_id)

    def act():
        services.receive_tranche(tranche.id, received_on=form_date("received_on"), into=form_text("into", 10),
                                 actor_id=current_user.id)
        return url_for("welfare.grants", fund_id=tranche.fund_id)

    return attempt(act, lambda: _sources_page(tranche.fund_id))


@bp.post("/grants/<int:grant_id>/release")
@require("welfare.funds.manage")
@writes
def release_restricted(grant_id: int):
    grant = services.get_grant(grant_id)

    def act():
        services.release_restricted(grant.id, form_money("amount"), purpose=form_text("purpose", 600),
                                    resolution_id=form_int("resolution_id"), actor_id=current_user.id)
        return url_for("welfare.grants", fund_id=grant.fund_id)

    return attempt(act, lambda: _sources_page(grant.fund_id))


@bp.post("/funds/<int:fund_id>/donations")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def record_donation(fund_id: int):
    def act():
        services.record_donation(
            fund_id=fund_id, amount_satang=form_money("amount"), received_on=form_date("received_on"),
            donor_name=form_text("donor_name", 300), anonymous=not form_bool("show_name"),
            into=form_text("into", 10) or "cash", note=form_text("note"), actor_id=current_user.id)
        return url_for("welfare.grants", fund_id=fund_id)

    return attempt(act, lambda: _sources_page(fund_id))


@bp.post("/funds/<int:fund_id>/matching")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def create_matching(fund_id: int):
    def act():
        services.create_matching(fund_id=fund_id, matcher_name=form_text("matcher_name", 300),
                                 year=ce_year(form_int("year") or 0),
                                 ratio_percent=form_int("ratio_percent", default=100), actor_id=current_user.id)
        return url_for("welfare.grants", fund_id=fund_id)

    return attempt(act, lambda: _sources_page(fund_id))


@bp.post("/matching/<int:matching_id>/receive")
@require("welfare.funds.manage")
@writes
def receive_matching(matching_id: int):
    matching = services.get_matching(matching_id)

    def act():
        services.receive_matching(matching.id, received_on=form_date("received_on"),
                                  into=form_text("into", 10) or "bank", actor_id=current_user.id)
        return url_for("welfare.grants", fund_id=matching.fund_id)

    return attempt(act, lambda: _sources_page(matching.fund_id))
