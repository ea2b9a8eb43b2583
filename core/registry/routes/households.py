"""Overview, villages and households."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.errors import ValidationError
from core.forms import parse
from core.registry import bp, queries, services
from core.registry.forms import ActionForm, HouseholdForm, VillageForm, attach_errors, data_of
from core.registry.models import VULNERABILITY_FLAGS
from core.registry.policies import FLAG_LABELS


@bp.get("/")
@require("registry.view")
def overview():
    stats = queries.overview()
    return render_template("registry/overview.html", stats=stats, flag_labels=FLAG_LABELS)


@bp.get("/villages")
@require("registry.view")
def villages():
    return render_template(
        "registry/villages.html", villages=queries.villages(),
        can_edit=can(current_user, "registry.edit", g.tenant.id),
        can_merge=can(current_user, "registry.merge", g.tenant.id),
    )


def _village_form(village=None):
    form = VillageForm(obj=village)
    if form.validate_on_submit():
        with refusal(only=ValidationError) as refused:
            if village is None:
                services.create_village(current_user, g.tenant, data_of(form))
            else:
                services.update_village(current_user, g.tenant, village, data_of(form))
            return redirect(url_for("registry.villages"))
        if exc := refused.error:
            attach_errors(form, exc)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("registry/village_form.html", form=form, village=village), status


@bp.route("/villages/new", methods=["GET", "POST"])
@require("registry.edit")
@writes
def new_village():
    return _village_form()


@bp.route("/villages/<int:village_id>/edit", methods=["GET", "POST"])
@require("registry.edit")
@writes
def edit_village(village_id: int):
    return _village_form(queries.get_village(village_id))


def _int_arg(name: str) -> int | None:
    return parse.id_or_none(request.args.get(name))


@bp.get("/households")
@require("registry.view")
def households():
    flag = request.args.get("flag") if request.args.get("flag") in VULNERABILITY_FLAGS else None
    filters = {"q": request.args.get("q", "")[:100], "village_id": _int_arg("village"), "flag": flag}
    page = queries.households(**filters, page=_int_arg("page") or 1)
    return render_template(
        "registry/households.html", page=page, filters=filters, villages=queries.villages(),
        flag_labels=FLAG_LABELS, can_edit=can(current_user, "registry.edit", g.tenant.id),
    )


@bp.get("/households/export.csv")
@require("registry.view")
def households_csv():
    """The households list as CSV, with the page's filters and columns: the
    head's national ID masked as on the page, no phones or addresses."""
    from core import clock, csv_export
    from core.registry.models import Household
    from core.registry.policies import mask_national_id

    flag = request.args.get("flag") if request.args.get("flag") in VULNERABILITY_FLAGS else None
    stmt = queries.households_query(q=request.args.get("q", "")[:100], village_id=_int_arg("village"), flag=flag)
    lang, today = get_locale().language, clock.today()

    def rows():
        for h in csv_export.batched(stmt, Household.id, descending=False):
            yield [h.code, h.village.label(lang) if h.village else None,
                   h.head.display_name(lang) if h.head else None,
                   mask_national_id(h.head.national_id) if h.head else None, len(h.members),
                   "; ".join(str(FLAG_LABELS[f]) for f in sorted(h.vulnerability(today)))]

    return csv_export.response("households", [_("Code"), _("Village"), _("Head"), _("National ID"), _("Members"),
                                              _("Vulnerability")], rows, stream=True)


@bp.get("/households/<int:household_id>")
@require("registry.view")
def household(household_id: int):
    return render_household(queries.get_household(household_id))


def render_household(household, revealed: dict | None = None):
    return render_template(
        "registry/household.html",
        household=household,
        flag_labels=FLAG_LABELS,
        revealed=revealed or {},
        action_form=ActionForm(),
        can_edit=can(current_user, "registry.edit", g.tenant.id),
        can_reveal=can(current_user, "registry.view_full_id", g.tenant.id),
    )


def _household_form(household=None):
    form = HouseholdForm(obj=household)
    form.village_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(v.id), v.label(_lang())) for v in queries.villages()
    ]
    if request.method == "GET" and household is not None:
        form.village_id.data = str(household.village_id or "")
    if form.validate_on_submit():
        with refusal(only=ValidationError) as refused:
            if household is None:
                household = services.create_household(current_user, g.tenant, data_of(form))
            else:
                services.update_household(current_user, g.tenant, household, data_of(form))
            return redirect(url_for("registry.household", household_id=household.id))
        if exc := refused.error:
            attach_errors(form, exc)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("registry/household_form.html", form=form, household=household), status


def _lang() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "th"


@bp.route("/households/new", methods=["GET", "POST"])
@require("registry.edit")
@writes
def new_household():
    return _household_form()


@bp.route("/households/<int:household_id>/edit", methods=["GET", "POST"])
@require("registry.edit")
@writes
def edit_household(household_id: int):
    return _household_form(queries.get_household(household_id))
