"""Tenant pages: the landing page (public), the network aggregates."""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user

from core import modules, page_copies
from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.tenancy import bp
from core.tenancy.queries import descendants, network_summary, parent_and_children

# A visitor's landing page is the same for every visitor (the language is in
# the query or the session cookie): it is
# kept for a few seconds in front of the app (core.microcache) and by proxies.
VISITOR_CACHE = {"Cache-Control": "public, max-age=10", "Vary": "Cookie"}


@bp.get("/")
def landing():
    tenant = g.tenant
    user = current_user._get_current_object()  # loaded once, asked many times below
    if not user.is_authenticated:
        return _landing(tenant, user), 200, VISITOR_CACHE
    # a member's own copy, while nothing on it changed (core.page_copies)
    return page_copies.kept("tenancy.landing", tenant.id, lambda: _landing(tenant, user))


def _landing(tenant, user) -> str:
    cards = [
        c
        for c in modules.cards_for(tenant.kind)
        if c.permission is None or can(user, c.permission, tenant.id)
    ]
    # parent and children read here (with the tenant, core.tenancy.web), not lazily from the template
    parent, children = g.get("tenant_family") or parent_and_children(tenant)
    if tenant.kind == "network":
        children = descendants(tenant)[:50]
    return render_template(
        "tenancy/landing.html",
        cards=cards,
        parent=parent,
        children=children,
        membership=user.membership_in(tenant.id) if user.is_authenticated else None,
        waiting=modules.waiting_for(user, tenant),
    )


@bp.get("/network")
@require("network.aggregates")
def network():
    rows = network_summary(g.tenant)
    totals = {
        "villages": sum(r.villages for r in rows),
        "households": sum(r.households for r in rows),
        "people": sum(r.people for r in rows),
    }
    return render_template("tenancy/network.html", rows=rows, totals=totals)


@bp.route("/settings", methods=["GET", "POST"])
@require("tenant.manage")
@writes
def settings():
    from flask import flash, redirect, url_for
    from flask_babel import gettext as _

    from core.errors import ValidationError
    from core.tenancy.forms import SettingsForm
    from core.tenancy.services import update_settings

    tenant = g.tenant
    form = SettingsForm(obj=tenant)
    if form.validate_on_submit():
        with refusal(only=ValidationError) as refused:
            update_settings(tenant, actor_id=current_user.id, **{f: form[f].data for f in (
                "name_th", "name_en", "contact_phone", "contact_email", "address", "timezone")})
        if exc := refused.error:
            form[exc.field].errors.append(str(exc))
        else:
            flash(_("Settings saved."), "success")
            return redirect(url_for("tenancy.settings"))
    return render_template("tenancy/settings.html", form=form)
