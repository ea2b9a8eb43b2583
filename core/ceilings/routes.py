"""Ceiling pages: the tenant admin sets the ceilings; an authorised person
other than the one who asked confirms or refuses held requests."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.ceilings import bp, services
from core.ceilings.policies import KINDS
from core.errors import Forbidden, ValidationError
from core.forms import parse
from core.forms.parse import digits
from core.money import Money


def _parse(name: str, raw: str) -> int:
    """A ceiling as typed; the service refuses zero and negatives."""
    if KINDS[name].money:
        return Money.parse(digits(raw)[:40], field=name).satang
    return parse.whole(raw or "0", name, maximum=10**15 - 1, message=services.InvalidCeiling.message) or 0


@bp.route("/", methods=["GET", "POST"])
@login_required
@writes
def index() -> ResponseReturnValue:
    may_set = can(current_user, "ceilings.settings", g.tenant.id)
    may_confirm = can(current_user, "ceilings.confirm", g.tenant.id)
    if not (may_set or may_confirm):
        raise Forbidden()
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not may_set:
            raise Forbidden()
        with refusal(only=ValidationError) as refused:
            values = {name: _parse(name, request.form.get(name, "")) for name in KINDS}
            services.update(g.tenant, values, actor_id=current_user.id)
            flash(_("The ceilings have been saved."), "success")
            return redirect(url_for("ceilings.index"))
        if exc := refused.error:
            errors[exc.field or ""] = exc.translated()
    shown_values = {name: (f"{v // 100}.{v % 100:02d}" if KINDS[name].money else str(v))
                    for name, v in services.ceilings(g.tenant).items()}
    return render_template("ceilings/index.html", kinds=KINDS, values=shown_values,
                           form=request.form if errors else None, errors=errors, may_set=may_set,
                           may_confirm=may_confirm, held=services.waiting(), shown=services.shown), \
        (422 if errors else 200)


def _decide(held_id: int, verb):
    services.get(held_id)  # 404 first for another tenant's id
    with refusal() as refused:
        verb()
    if exc := refused.error:
        flash(exc.translated(), "error")
    else:
        flash(_("Done."), "success")
    return redirect(url_for("ceilings.index"))


@bp.post("/held/<int:held_id>/confirm")
@require("ceilings.confirm")
@writes
def confirm(held_id: int):
    return _decide(held_id, lambda: services.confirm(held_id, actor_id=current_user.id))


@bp.post("/held/<int:held_id>/reject")
@require("ceilings.confirm")
@writes
def reject(held_id: int):
    return _decide(held_id, lambda: services.reject(held_id, actor_id=current_user.id,
                                                    reason=request.form.get("reason") or ""))
