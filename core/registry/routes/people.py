"""People: add to a household, edit, make head, reveal a national ID; the
duplicates review."""

from __future__ import annotations

from flask import g, redirect, render_template, url_for
from flask_login import current_user

from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.errors import ValidationError
from core.registry import bp, queries, services
from core.registry.forms import ActionForm, PersonForm, ResolveForm, attach_errors, data_of
from core.registry.routes.households import render_household


def _person_form(household, person=None):
    form = PersonForm(obj=person)
    if person is not None and not form.is_submitted():
        form.birth_date.data = person.birth_date.isoformat() if person.birth_date else ""
        form.is_head.data = household is not None and household.head_person_id == person.id
    if form.validate_on_submit():
        data = data_of(form)
        with refusal(only=ValidationError) as refused:
            if person is None:
                services.add_person(current_user, g.tenant, household, data, make_head=data["is_head"])
            else:
                services.update_person(current_user, g.tenant, person, data)
                if data["is_head"] and household is not None:
                    services.set_head(current_user, g.tenant, household, person)
            if household is None:
                return redirect(url_for("registry.households"))
            return redirect(url_for("registry.household", household_id=household.id))
        if exc := refused.error:
            attach_errors(form, exc)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("registry/person_form.html", form=form, household=household, person=person), status


@bp.route("/households/<int:household_id>/people/new", methods=["GET", "POST"])
@require("registry.edit")
@writes
def new_person(household_id: int):
    return _person_form(queries.get_household(household_id))


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@require("registry.edit")
@writes
def edit_person(person_id: int):
    person = queries.get_person(person_id)
    return _person_form(person.household, person)


@bp.post("/people/<int:person_id>/head")
@require("registry.edit")
@writes
def make_head(person_id: int):
    person = queries.get_person(person_id)
    if ActionForm().validate_on_submit() and person.household is not None:
        services.set_head(current_user, g.tenant, person.household, person)
    return redirect(url_for("registry.household", household_id=person.household_id))


@bp.post("/people/<int:person_id>/reveal")
@require("registry.view_full_id")
@writes
def reveal_national_id(person_id: int):
    """Shows the full national ID on the household page (never in a URL) and
    audits the look."""
    person = queries.get_person(person_id)
    full = services.reveal_national_id(current_user, g.tenant, person)
    household = person.household
    if household is None:
        response = render_template("registry/reveal.html", person=person, full=full)
    else:
        response = render_household(household, revealed={person.id: full})
    return response, 200, {"Cache-Control": "no-store"}


@bp.get("/duplicates")
@require("registry.view")
def duplicates():
    return render_template("registry/duplicates.html", flags=queries.duplicate_flags(), form=ResolveForm(),
                           can_merge=can(current_user, "registry.merge", g.tenant.id))


@bp.post("/duplicates/<int:flag_id>/resolve")
@require("registry.edit")
@writes
def resolve_duplicate(flag_id: int):
    flag = queries.get_flag(flag_id)
    form = ResolveForm()
    if form.validate_on_submit():
        services.resolve_flag(current_user, g.tenant, flag, form.resolution.data, form.note.data)
    return redirect(url_for("registry.duplicates"))
