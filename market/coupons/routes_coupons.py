"""Coupon pages: programmes, issue, coupon cards, the redemption desk and the
page a scanned coupon QR opens."""

from __future__ import annotations

import secrets

from flask import g, redirect, render_template, request, url_for
from flask_login import current_user

from core.auth.policies import can, require
from core.boundary import refusal, settle, writes
from core.db import db
from core.errors import N_, NotFound, ValidationError
from core.registry.models import VULNERABILITY_FLAGS
from core.registry.policies import FLAG_LABELS
from market import bp
from market.coupons import (
    errors,
    forms,
    issuing,
    permissions,  # noqa: F401
    queries,
    services,
    signing,
)
from market.coupons.qr import qr_svg
from market.models.catalog import ServicePoint
from market.models.coupons import Coupon, Programme


def _choices() -> dict:
    return {**queries.form_choices(), "flags": VULNERABILITY_FLAGS, "flag_labels": FLAG_LABELS}


def _page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 1_000_000))
    except ValueError:
        return 1


@bp.get("/coupons/")
@require("market.coupons.view")
def coupons_index():
    return render_template(
        "market/coupons/index.html",
        programmes=queries.programmes(),
        stats=queries.programme_stats(),
        can_manage=can(current_user, "market.coupons.manage", g.tenant.id),
        can_redeem=can(current_user, "market.coupons.redeem", g.tenant.id),
    )


def _programme_form(programme: Programme | None):
    error = None
    if request.method == "POST":
        with refusal(only=ValidationError) as refused:
            data = forms.programme_data(request.form)
            programme = issuing.save_programme(data, actor_id=current_user.id, programme=programme)
            return redirect(url_for("market.programme", programme_id=programme.id))
        if exc := refused.error:
            error = exc
    status = 422 if error else 200
    return render_template(
        "market/coupons/programme_form.html",
        programme=programme,
        error=error,
        form=request.form,
        **_choices(),
    ), status


@bp.route("/coupons/programmes/new", methods=["GET", "POST"])
@require("market.coupons.manage")
@writes
def new_programme():
    return _programme_form(None)


@bp.route("/coupons/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@require("market.coupons.manage")
@writes
def edit_programme(programme_id: int):
    return _programme_form(issuing.get_programme(programme_id))


@bp.get("/coupons/programmes/<int:programme_id>")
@require("market.coupons.view")
def programme(programme_id: int):
    return _render_programme(issuing.get_programme(programme_id))


def _render_programme(programme: Programme, issue_error: ValidationError | None = None):
    """The programme page; a refused issue shows its reason beside the form
    it came from (422), with what was typed kept. Its coupons are paged."""
    coupons = queries.programme_coupons(programme.id, _page_number())
    page = render_template(
        "market/coupons/programme.html",
        programme=programme,
        coupons=coupons,
        eligible_count=queries.eligible_count(programme),
        can_manage=can(current_user, "market.coupons.manage", g.tenant.id),
        issue_error=issue_error,
        issue_form=request.form if issue_error else {},
        **_choices(),
    )
    return (page, 422) if issue_error else page


@bp.post("/coupons/programmes/<int:programme_id>/issue")
@require("market.coupons.manage")
@writes
def issue_coupons(programme_id: int):
    programme = issuing.get_programme(programme_id)
    with refusal(only=ValidationError) as refused:
        result = issuing.issue_round(
            programme_id,
            round_id=forms.int_or_none(request.form.get("round_id"), "round_id"),
            valid_from=forms.day(request.form.get("valid_from"), "valid_from"),
            valid_until=forms.day(request.form.get("valid_until"), "valid_until"),
            actor_id=current_user.id,
        )
    if isinstance(exc := refused.error, ValidationError):
        return _render_programme(programme, issue_error=exc)
    return redirect(
        url_for(
            "market.coupons_issued",
            programme_id=programme_id,
            first=result.issued[0] if result.issued else None,
            last=result.issued[-1] if result.issued else None,
            already=result.already,
            not_eligible=result.not_eligible[:50],
        )
    )


@bp.get("/coupons/programmes/<int:programme_id>/cards")
@require("market.coupons.manage")
@writes
def coupon_cards(programme_id: int):
    """A4 sheets of cards (8 a sheet) with each coupon's signed QR, a few
    sheets a page (``?page=``), so a programme of any size prints in parts."""
    programme = issuing.get_programme(programme_id)
    round_id = forms.int_or_none(request.args.get("round"), "round")
    key = signing.current_key()
    # a signing key made on first use is kept: the boundary commits it
    rows = queries.card_rows(programme.id, round_id, _page_number())
    cards = [
        {
            "coupon": coupon,
            "household_code": code,
            "qr": qr_svg(
                url_for("market.coupon_qr", token=signing.token_with(key, coupon), _external=True)
            ),
            "last_day": services.last_valid_day(coupon),
        }
        for coupon, code in rows.items
    ]
    return render_template(
        "market/coupons/cards.html", programme=programme, cards=cards, page=rows, round_id=round_id
    )


@bp.get("/coupons/<int:coupon_id>")
@require("market.coupons.view")
@writes
def coupon(coupon_id: int):
    c = services.get(coupon_id)
    url = url_for("market.coupon_qr", token=signing.token_for(c), _external=True)
    return render_template(
        "market/coupons/coupon.html",
        coupon=c,
        qr=qr_svg(url),
        redemptions=queries.redemption_rows(c.id),
        last_day=services.last_valid_day(c),
        replacement=queries.replacement_of(c.id),
        can_manage=can(current_user, "market.coupons.manage", g.tenant.id),
        can_redeem=can(current_user, "market.coupons.redeem", g.tenant.id),
        points=_points(),
        key=secrets.token_urlsafe(12),
    )


@bp.post("/coupons/<int:coupon_id>/cancel")
@require("market.coupons.manage")
@writes
def cancel_coupon(coupon_id: int):
    issuing.cancel(
        coupon_id, reason=(request.form.get("reason") or "").strip()[:200], actor_id=current_user.id
    )
    return redirect(url_for("market.coupon", coupon_id=coupon_id))


@bp.post("/coupons/<int:coupon_id>/reissue")
@require("market.coupons.manage")
@writes
def reissue_coupon(coupon_id: int):
    new = issuing.reissue(
        coupon_id, reason=(request.form.get("reason") or "").strip()[:200], actor_id=current_user.id
    )
    return redirect(url_for("market.coupon", coupon_id=new.id))


def _points() -> list[ServicePoint]:
    return queries.active_points()


def _lookup(text: str) -> Coupon:
    """A scanned token (``code.kid.sig``, or its URL) or a typed code. Wrong
    codes are counted (and committed) before the error is shown."""
    text = (text or "").strip()
    if "/q/" in text:
        text = text.rsplit("/q/", 1)[1]
    try:
        if text.count(".") == 2:
            return signing.verify(text)
        return services.find_by_code(text, actor=f"user:{current_user.id}")
    except (errors.CouponNotFound, errors.NotThisTenant):
        settle()  # the wrong code stays counted whatever the page does next
        raise


@bp.route("/coupons/redeem", methods=["GET", "POST"])
@require("market.coupons.redeem")
@writes
def redeem_desk():
    found = result = error = None
    text = (request.values.get("code") or "").strip()[:300]
    if text:
        with refusal() as refused:
            found = _lookup(text)
            if request.method == "POST" and request.form.get("amount"):
                amount = forms.baht(request.form.get("amount"), "amount")
                point_id = forms.int_or_none(
                    request.form.get("service_point_id"), "service_point_id"
                )
                if point_id is not None and queries.service_point(point_id) is None:
                    raise ValidationError(N_("Choose a service point"), field="service_point_id")
                result = services.redeem(
                    found.id,
                    amount,
                    idempotency_key=(request.form.get("key") or "")[:100],
                    service_point_id=point_id,
                    operator_id=current_user.id,
                    ref="desk",
                    item_ids=forms.ids(request.form.getlist("item_ids"), "item_ids"),
                )
                db.session.refresh(found)
            else:
                services.check_usable(found)
        if exc := refused.error:
            error = exc
    status = 200 if error is None or found is not None else error.status
    return render_template(
        "market/coupons/redeem.html",
        text=text,
        found=found,
        result=result,
        error=error,
        points=_points(),
        key=secrets.token_urlsafe(12),
        items=queries.active_items(),
    ), status


@bp.get("/coupons/q/<token>")
@require("market.coupons.redeem")
def coupon_qr(token: str):
    """What a staff phone opens after scanning a coupon card."""
    c = signing.verify(token[:200])
    return redirect(url_for("market.redeem_desk", code=c.code))


@bp.route("/coupons/keys", methods=["GET", "POST"])
@require("market.coupons.keys")
@writes
def coupon_keys():
    if request.method == "POST":
        if request.form.get("action") == "revoke":
            signing.revoke_key((request.form.get("kid") or "")[:16], actor_id=current_user.id)
        else:
            signing.rotate_key(actor_id=current_user.id)
        return redirect(url_for("market.coupon_keys"))
    return render_template("market/coupons/keys.html", keys=queries.signing_keys())


@bp.get("/coupons/households/<int:household_id>")
@require("market.coupons.view")
def household_coupons(household_id: int):
    household = queries.household(household_id)
    if household is None:
        raise NotFound()
    return render_template(
        "market/coupons/household.html",
        household=household,
        coupons=queries.household_coupons(household_id),
    )


@bp.get("/coupons/report")
@require("market.coupons.view")
def coupon_report():
    """Coupons issued and redeemed per programme and round (CSV with ?format=csv)."""
    from core import csv_export
    from core.csv_export import Satang

    rows = queries.issued_redeemed_report()
    if request.args.get("format") == "csv":
        return csv_export.response(
            "coupons",
            [
                "programme",
                "round",
                "coupons",
                "households",
                "value_baht",
                "redeemed_baht",
                "fully_used",
            ],
            (
                [
                    r["programme"],
                    r["round"],
                    r["coupons"],
                    r["households"],
                    Satang(r["value_satang"]),
                    Satang(r["redeemed_satang"]),
                    r["fully_used"],
                ]
                for r in rows
            ),
        )
    return render_template(
        "market/coupons/report.html", rows=rows, by_day=queries.redemptions_by_day()
    )
