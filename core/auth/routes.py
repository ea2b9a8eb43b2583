"""Account pages: register, log in, log out, the tenant switcher with the
user's preferences. Thin: parse a form, call one service, commit, redirect."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from core.auth import bp, services
from core.auth.forms import ChangePasswordForm, LanguageForm, LoginForm, RegisterForm, attach_error
from core.auth.loader import init_loader
from core.auth.queries import active_memberships
from core.auth.tokens import no_session_for_tokens  # also installs the token request loader
from core.db import db
from core.errors import DomainError
from core.i18n.formatting import format_datetime

init_loader()
bp.after_app_request(no_session_for_tokens)


def safe_next(target: str | None) -> str | None:
    """Only local paths: ``/x``, never ``//host`` or ``/\\host``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def start_session(user) -> None:
    """Log the user in. The session is a signed cookie (no server-side id to
    fix), so it is kept: language and CSRF token carry over."""
    login_user(user)


def landing_for(user) -> str:
    memberships = active_memberships(user.id)
    if len(memberships) == 1:
        return url_for("tenancy.landing", slug=memberships[0].tenant.slug)
    return url_for("auth.switch")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.login.data,
                form.password.data,
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"],
            )
        except services.AccountLocked as exc:
            db.session.commit()  # the failure count is kept
            until = format_datetime(exc.params["until"], "long")
            form.form_errors.append(_(exc.message, until=until))
        except services.InvalidCredentials as exc:
            db.session.commit()
            form.form_errors.append(_(exc.message))
        else:
            db.session.commit()
            start_session(user)
            return redirect(safe_next(request.args.get("next")) or landing_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("auth.switch"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register(
                form.login.data,
                form.password.data,
                form.display_name.data,
                lang=session.get("lang", "th"),
            )
        except DomainError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            start_session(user)
            return redirect(url_for("auth.switch"))
    return render_template("auth/register.html", form=form)


@bp.post("/logout")
def logout():
    keep = {k: session[k] for k in ("lang", "csrf_token") if k in session}
    logout_user()
    session.clear()
    session.update(keep)
    return redirect(url_for("web.home"))


def _render_switch(password_form=None, language_form=None):
    return render_template(
        "auth/switch.html",
        memberships=active_memberships(current_user.id),
        password_form=password_form or ChangePasswordForm(formdata=None),
        language_form=language_form or LanguageForm(formdata=None, lang=current_user.lang),
    )


@bp.get("/me/tenants")
@login_required
def switch():
    return _render_switch()


@bp.post("/me/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except DomainError as exc:
            db.session.rollback()
            attach_error(form, exc)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # this session follows the new version
            flash(
                _("Your password has been changed. Other devices have been logged out."), "success"
            )
            return redirect(url_for("auth.switch"))
    return _render_switch(password_form=form), 422


@bp.post("/me/language")
@login_required
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        services.set_language(current_user, form.lang.data)
        db.session.commit()
        session["lang"] = form.lang.data
        return redirect(url_for("auth.switch"))
    return _render_switch(language_form=form), 422


from core.auth import member_routes  # noqa: E402,F401
