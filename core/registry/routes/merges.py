"""Merges of confirmed duplicate people and villages, and their undo."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.policies import require
from core.boundary import refusal, writes
from core.errors import N_, NotFound, ValidationError
from core.registry import bp, merging, queries
from core.registry.forms import ActionForm
from core.registry.models import Person


def _id(name: str) -> int | None:
    value = (request.values.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def _person(person_id: int | None) -> Person:
    person = queries.find_person(person_id)
    if person is None:
        raise NotFound(N_("This record no longer exists: it may have been merged already"))
    return person


def _merge(kind: str, kept_id, removed_id, **kw):
    """One merge (committed by the page's boundary); a refusal comes back as the error to show."""
    with refusal() as refused:
        merging.merge(current_user, g.tenant, kind, kept_id, removed_id, **kw)
    if refused:
        return refused.error
    flash(_("Merged. The merge can be undone from the list of merges."), "success")
    return None


@bp.route("/merge/people", methods=["GET", "POST"])
@require("registry.merge")
@writes
def merge_people():
    """Confirm a merge of two people: which one to keep, and (if they are
    registered in different villages) that they are the same person."""
    form = ActionForm()
    kept, removed = _person(_id("keep")), _person(_id("remove"))
    error = None
    if request.method == "POST" and form.validate_on_submit():
        error = _merge("person", kept.id, removed.id,
                       confirm_villages=request.form.get("confirm_villages") == "1",
                       reason=request.form.get("reason"))
        if error is None:
            return redirect(url_for("registry.merges"))
        if isinstance(error, NotFound):
            raise error
    villages = merging.check_villages(kept, removed)
    page = render_template("registry/merge_people.html", kept=kept, removed=removed, villages=villages,
                           error=error, form=form, reason=request.form.get("reason", ""))
    return (page, error.status) if error else page


@bp.route("/villages/<int:village_id>/merge", methods=["GET", "POST"])
@require("registry.merge")
@writes
def merge_village(village_id: int):
    """Merge this village (a duplicate) into another one of the tenant."""
    removed = queries.get_village(village_id)
    form = ActionForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        if _id("keep") is None:
            error = ValidationError(N_("Choose the village to merge into"), field="keep")
        else:
            error = _merge("village", _id("keep"), removed.id, reason=request.form.get("reason"))
        if error is None:
            return redirect(url_for("registry.merges"))
    others = [v for v in queries.villages() if v.id != removed.id]
    page = render_template("registry/merge_village.html", removed=removed, others=others, error=error,
                           form=form, chosen=_id("keep"), reason=request.form.get("reason", ""),
                           households=queries.households(village_id=removed.id).total)
    return (page, error.status) if error else page


@bp.get("/merges")
@require("registry.merge")
def merges():
    return render_template("registry/merges.html", merges=queries.merges(), form=ActionForm())


@bp.post("/merges/<int:merge_id>/undo")
@require("registry.merge")
@writes
def undo_merge(merge_id: int):
    entry = queries.find_merge(merge_id)
    if entry is None:
        raise NotFound()
    if ActionForm().validate_on_submit():
        with refusal() as refused:
            merging.undo(current_user, g.tenant, entry)
        if exc := refused.error:
            flash(exc.translated(), "error")
            return redirect(url_for("registry.merges"))
        flash(_("The merge was undone: the record is back with everything that was moved."), "success")
    return redirect(url_for("registry.merges"))

