"""Network administration pages: the network's member organisations, adding
one, naming its administrator; an organisation leaving its network. Thin:
parse a form, call one service, commit, render."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.forms import attach_error
from core.auth.policies import require
from core.auth.rules import show_code
from core.boundary import refusal, writes
from core.tenancy import bp, network_admin
from core.tenancy.forms import AdminForm, LeaveNetworkForm, MemberOrganisationForm


def _render(add_form=None, admin_forms=None, status: int = 200):
    rows = network_admin.members_of(g.tenant)
    forms = admin_forms or {}
    return render_template(
        "tenancy/members.html",
        rows=rows,
        add_form=add_form or MemberOrganisationForm(formdata=None),
        admin_forms={r.tenant.id: forms.get(r.tenant.id) or AdminForm(formdata=None, prefix=f"o{r.tenant.id}")
                     for r in rows},
    ), status


def _named_page(tenant, named):
    """The new administrator's one-time code, shown once to print or read out."""
    from core.auth.reset_routes import shown_once

    return shown_once(render_template(
        "tenancy/admin_named.html", organisation=tenant, named=named,
        code=show_code(named.code) if named and named.code else None,
        reset_url=url_for("auth.password_reset", _external=True),
    ))


@bp.get("/network/members")
@require("network.manage")
def network_members():
    return _render()


@bp.post("/network/members")
@require("network.manage")
@writes
def add_network_member():
    form = MemberOrganisationForm()
    if not form.validate_on_submit():
        return _render(add_form=form, status=422)
    with refusal() as refused:
        tenant, named = network_admin.add_member_organisation(
            current_user, g.tenant, slug=form.slug.data, name_th=form.name_th.data, name_en=form.name_en.data,
            kind=form.kind.data, admin_login=form.admin_login.data, admin_name=form.admin_name.data,
        )
    if exc := refused.error:
        attach_error(form, exc)
        return _render(add_form=form, status=422)
    flash(_("%(name)s has joined the network.", name=tenant.name_th), "success")
    if named is not None and named.code:
        return _named_page(tenant, named)
    return redirect(url_for("tenancy.network_members"))


@bp.post("/network/members/<member>/admin")
@require("network.manage")
@writes
def name_network_member_admin(member: str):
    organisation = network_admin.member_by_slug(g.tenant, member)  # 404 for anything else
    tenant_id = organisation.id
    form = AdminForm(prefix=f"o{tenant_id}")
    if not form.validate_on_submit():
        return _render(admin_forms={tenant_id: form}, status=422)
    with refusal() as refused:
        named = network_admin.name_admin(
            current_user, g.tenant, organisation.id, form.admin_login.data, form.admin_name.data
        )
    if exc := refused.error:
        if exc.status in (403, 404):
            raise exc
        attach_error(form, exc)
        return _render(admin_forms={tenant_id: form}, status=422)
    flash(_("%(person)s is now an administrator of %(name)s.", person=named.user.display_name,
            name=organisation.name_th), "success")
    if named.code:
        return _named_page(organisation, named)
    return redirect(url_for("tenancy.network_members"))


@bp.route("/settings/network", methods=["GET", "POST"])
@require("tenant.manage")
@writes
def leave_network():
    tenant = g.tenant
    network = tenant.parent
    form = LeaveNetworkForm()
    if form.validate_on_submit():
        with refusal() as refused:
            network_admin.leave_network(current_user, tenant, confirmed=form.confirm.data)
        if exc := refused.error:
            attach_error(form, exc)
        else:
            flash(_("%(name)s has left the network.", name=tenant.name_th), "success")
            return redirect(url_for("tenancy.landing"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("tenancy/leave_network.html", form=form, network=network), status
