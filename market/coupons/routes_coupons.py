"""Coupon pages: programmes, issue, coupon cards, the redemption desk and the
page a scanned coupon QR opens."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import g, redirect, render_template, request, url_for
from flask_login import current_user

from core.auth.policies import can, require
from core.boundary import refusal, settle, writes
from core.db import db
from core.errors import N_, NotFound, ValidationError
from core.registry.models import VULNERABILITY_FLAGS, Household, Village
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
from market.models.catalog import Category, Item, ServicePoint
from market.models.coupons import Coupon, Programme
from market.models.rounds import Round


def _choices() -> dict:
    return {
        "villages": list(db.session.scalars(sa.select(Village).order_by(Village.moo, Village.id))),
        "items": list(
            db.session.scalars(sa.select(Item).where(Item.active).order_by(Item.name_th))
        ),
        "categories": list(db.session.scalars(sa.select(Category).order_by(Category.name_th))),
        "rounds": list(db.session.scalars(sa.select(Round).order_by(Round.starts_on.desc()))),
        "flags": VULNERABILITY_FLAGS,
        "flag_labels": FLAG_LABELS,
    }


@bp.get("/coupons/")
@require("market.coupons.view")
def coupons_index():
    programmes = list(db.session.scalars(sa.select(Programme).order_by(Programme.id.desc())))
    return render_template(
        "market/coupons/index.html",
        programmes=programmes,
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
    it came from (422), with what was typed kept."""
    coupons = list(
        db.session.scalars(
            sa.select(Coupon)
            .where(Coupon.programme_id == programme.id)
            .order_by(Coupon.id.desc())
            .limit(200)
        )
    )
    page = render_template(
        "market/coupons/programme.html",
        programme=programme,
        coupons=coupons,
        eligible_count=len(issuing.eligible_households(programme)),
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
            "market.programme",
            programme_id=programme_id,
            issued=len(result.issued),
            already=result.already,
        )
    )


@bp.get("/coupons/programmes/<int:programme_id>/cards")
@require("market.coupons.manage")
@writes
def coupon_cards(programme_id: int):
    """An A4 sheet of cards (8 a page) with each coupon's signed QR."""
    programme = issuing.get_programme(programme_id)
    query = sa.select(Coupon).where(
        Coupon.programme_id == programme.id, Coupon.state.in_(("issued", "active", "partly_used"))
    )
    round_id = forms.int_or_none(request.args.get("round"), "round")
    if round_id:
        query = query.where(Coupon.round_id == round_id)
    coupons = list(db.session.scalars(query.order_by(Coupon.id).limit(800)))
    cards = []
    for coupon in coupons:
        url = url_for("market.coupon_qr", token=signing.token_for(coupon), _external=True)
        cards.append(
            {
                "coupon": coupon,
                "household": db.session.get(Household, coupon.household_id),
                "qr": qr_svg(url),
                "last_day": services.last_valid_day(coupon),
            }
        )
    # a signing key made on first use is kept
    return render_template("market/coupons/cards.html", programme=programme, cards=cards)


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
    return list(
        db.session.scalars(
            sa.select(ServicePoint).where(ServicePoint.active).order_by(ServicePoint.id)
        )
    )


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
                if point_id is not None and db.session.get(ServicePoint, point_id) is None:
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
        items=list(db.session.scalars(sa.select(Item).where(Item.active).order_by(Item.name_th))),
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
    from market.models.coupons import CouponKey

    if request.method == "POST":
        if request.form.get("action") == "revoke":
            signing.revoke_key((request.form.get("kid") or "")[:16], actor_id=current_user.id)
        else:
            signing.rotate_key(actor_id=current_user.id)
        return redirect(url_for("market.coupon_keys"))
    keys = list(db.session.scalars(sa.select(CouponKey).order_by(CouponKey.id.desc())))
    return render_template("market/coupons/keys.html", keys=keys)


@bp.get("/coupons/households/<int:household_id>")
@require("market.coupons.view")
def household_coupons(household_id: int):
    household = db.session.get(Household, household_id)
    if household is None:
        raise NotFound()
    coupons = list(
        db.session.scalars(
            sa.select(Coupon).where(Coupon.household_id == household_id).order_by(Coupon.id.desc())
        )
    )
    return render_template("market/coupons/household.html", household=household, coupons=coupons)


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


@bp.get("/coupons/mine")
@require("tenant.view")
def my_wallet():
    """A household's own wallet: its coupons beside its waste-bank credit."""
    from core.registry.models import Person
    from market.wallet import services as wallet

    household_id = db.session.scalar(
        sa.select(Person.household_id)
        .where(Person.user_id == current_user.id, Person.household_id.is_not(None))
        .limit(1)
    )
    if household_id is None:
        raise NotFound()
    coupons = list(
        db.session.scalars(
            sa.select(Coupon)
            .where(Coupon.household_id == household_id, Coupon.state.notin_(("replaced",)))
            .order_by(Coupon.valid_until.desc())
        )
    )
    return render_template(
        "market/coupons/mine.html",
        coupons=coupons,
        credit=wallet.balance(household_id),
        last_day=services.last_valid_day,
    )
