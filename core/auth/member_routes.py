"""Tenant pages of the auth area: members and roles, invitation codes for
assisted use, API tokens; and the public page where a code is claimed."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import bp, claims, lockout, members, sessions, tokens
from core.auth.forms import (
    AddMemberForm,
    ClaimForm,
    ConfirmForm,
    RolesForm,
    TokenForm,
    attach_error,
)
from core.auth.policies import require
from core.auth.queries import members_of, tokens_of
from core.auth.routes import start_session
from core.boundary import refusal, writes
from core.db import utcnow
from core.errors import N_, DomainError, Forbidden, NotFound
from core.i18n.formatting import format_datetime
from core.registry.queries import find_person


def _flash_error(exc: DomainError) -> None:
    flash(exc.translated(), "error")


# --- members -------------------------------------------------------------------


def _render_members(add_form=None, status: int = 200):
    rows = members_of(g.tenant.id)
    role_forms = {
        m.id: RolesForm(formdata=None, roles=list(m.roles), prefix=f"m{m.id}") for m in rows
    }
    return render_template(
        "auth/members.html",
        rows=rows,
        role_forms=role_forms,
        confirm_form=ConfirmForm(formdata=None),
        add_form=add_form or AddMemberForm(formdata=None),
    ), status


@bp.get("/t/<slug>/members")
@require("members.manage")
def members_page():
    return _render_members()


@bp.post("/t/<slug>/members")
@require("members.manage")
@writes
def add_member():
    form = AddMemberForm()
    if form.validate_on_submit():
        with refusal() as refused:
            members.add_member(current_user, g.tenant, form.login.data, form.roles.data)
        if exc := refused.error:
            attach_error(form, exc)
        else:
            flash(_("The member has been added."), "success")
            return redirect(url_for("auth.members_page"))
    return _render_members(add_form=form, status=422)


@bp.post("/t/<slug>/members/<int:membership_id>/roles")
@require("members.manage")
@writes
def set_roles(membership_id: int):
    members.find(g.tenant.id, membership_id)  # 404 before anything else
    form = RolesForm(prefix=f"m{membership_id}")
    with refusal(passing=(NotFound, Forbidden)) as refused:
        if not form.validate_on_submit():
            raise DomainError(N_("Please choose at least one role"), field="roles")
        members.set_roles(current_user, g.tenant, membership_id, form.roles.data)
    if exc := refused.error:
        _flash_error(exc)
    else:
        flash(_("The roles have been saved."), "success")
    return redirect(url_for("auth.members_page"))


@bp.post("/t/<slug>/members/<int:membership_id>/deactivate")
@require("members.manage")
@writes
def deactivate_member(membership_id: int):
    with refusal(passing=(NotFound, Forbidden)) as refused:
        members.deactivate(current_user, g.tenant, membership_id)
    if exc := refused.error:
        _flash_error(exc)
    else:
        flash(_("The member has been deactivated."), "success")
    return redirect(url_for("auth.members_page"))


# --- invitation codes ------------------------------------------------------------


@bp.route("/t/<slug>/members/invite/<int:person_id>", methods=["GET", "POST"])
@require("registry.invite")
@writes
def invite(person_id: int):
    person = find_person(person_id)
    if person is None or person.tenant_id != g.tenant.id:
        raise NotFound()
    form = ConfirmForm()
    if form.validate_on_submit():
        invite_row, code = claims.create_invite(current_user, g.tenant, person.id)
        return render_template(
            "auth/invite_code.html",
            person=person,
            code=f"{code[:4]}-{code[4:]}",
            expires_at=invite_row.expires_at,
            claim_url=url_for("auth.claim", _external=True),
        )
    return render_template("auth/invite.html", person=person, form=form)


# --- claiming an account -----------------------------------------------------------

@bp.route("/claim", methods=["GET", "POST"])
@writes(keep_errors=True)  # a wrong code is counted although the answer is 422
def claim():
    form = ClaimForm()
    now = utcnow()
    address = sessions.address()
    blocked = lockout.claim_blocked_until(address, now)
    if blocked:
        form.form_errors.append(
            _(
                "Too many wrong codes. Please try again after %(until)s.",
                until=format_datetime(blocked, "long"),
            )
        )
        return render_template("auth/claim.html", form=form), 429
    if form.validate_on_submit():
        with refusal() as refused:
            user = claims.claim(
                form.code.data, form.login.data, form.password.data, form.display_name.data
            )
        if exc := refused.error:
            if isinstance(exc, claims.UnknownCode):
                lockout.claim_failed(address, now)  # counted per address, on the server
            attach_error(form, exc)
        else:
            start_session(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("auth.switch"))
        return render_template("auth/claim.html", form=form), 422
    return render_template("auth/claim.html", form=form)


# --- API tokens -------------------------------------------------------------------


def _render_tokens(form=None, new_token: str | None = None, status: int = 200):
    return render_template(
        "auth/api_tokens.html",
        form=form or TokenForm(formdata=None),
        confirm_form=ConfirmForm(formdata=None),
        rows=tokens_of(current_user.id),
        new_token=new_token,
    ), status


@bp.get("/t/<slug>/api-tokens")
@require("api_tokens.manage")
def api_tokens():
    return _render_tokens()


@bp.post("/t/<slug>/api-tokens")
@require("api_tokens.manage")
@writes
def create_api_token():
    form = TokenForm()
    if form.validate_on_submit():
        with refusal() as refused:
            _token, plain = tokens.create_token(current_user, g.tenant, form.name.data)
        if exc := refused.error:
            attach_error(form, exc)
        else:
            return _render_tokens(new_token=plain)
    return _render_tokens(form=form, status=422)


@bp.post("/t/<slug>/api-tokens/<int:token_id>/revoke")
@require("api_tokens.manage")
@writes
def revoke_api_token(token_id: int):
    tokens.revoke_token(current_user, g.tenant, token_id)
    flash(_("The token has been revoked."), "success")
    return redirect(url_for("auth.api_tokens"))
