"""Account pages: register, log in, log out (here or everywhere), the tenant
switcher with the user's preferences. Thin: parse a form, call one service, commit, redirect."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from core.auth import bp, cookies, events, lockout, services, sessions
from core.auth.forms import (
    ChangePasswordForm,
    ConfirmForm,
    LanguageForm,
    LoginForm,
    RegisterForm,
    attach_error,
)
from core.auth.loader import init_loader
from core.auth.queries import active_memberships
from core.auth.tokens import no_session_for_tokens  # also installs the token request loader
from core.boundary import refusal, writes
from core.i18n.formatting import format_datetime
from core.redirects import local_path

init_loader()
bp.after_app_request(no_session_for_tokens)
bp.after_app_request(sessions.write_after_response)
bp.record_once(lambda state: cookies.init_app(state.app))


def start_session(user) -> None:
    """Log the user in on this device: a new server-side session (ending any
    this cookie had), then the cookie. Language and CSRF token carry over.
    The caller commits before the response."""
    sessions.revoke(session.get(sessions.KEY))
    key = sessions.start(user.id, sessions.address())
    login_user(user)
    session[sessions.KEY] = key


def end_session() -> None:
    """Forget the user in this cookie, keeping the language and CSRF token."""
    keep = {k: session[k] for k in ("lang", "csrf_token") if k in session}
    logout_user()
    session.clear()
    session.update(keep)


def landing_for(user) -> str:
    memberships = active_memberships(user.id)
    if len(memberships) == 1:
        return url_for("tenancy.landing", slug=memberships[0].tenant.slug)
    return url_for("auth.switch")


@bp.get("/login", endpoint="login_page")
def login_page():
    return render_template("auth/login.html", form=LoginForm())


# A separate endpoint from the page, so the log-in rate limit (core.security,
# keyed on "auth.login") counts attempts, not visits.
@bp.post("/login")
@writes(keep_errors=True)  # a failed log-in is counted although the answer is 422 or 429
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422
    address = sessions.address()
    try:
        user = services.authenticate(
            form.login.data,
            form.password.data,
            address=address,
            policy=lockout.Policy.from_config(current_app.config),
        )
    except services.AccountLocked as exc:  # the failure is kept
        until = format_datetime(exc.params["until"], "long")
        form.form_errors.append(_(exc.message, until=until))
        return render_template("auth/login.html", form=form), 429
    except (services.InvalidCredentials, services.LoginThrottled) as exc:
        form.form_errors.append(exc.translated())
        status = 429 if isinstance(exc, services.LoginThrottled) else 422
        return render_template("auth/login.html", form=form), status
    start_session(user)
    events.logged_in(user, address)
    return redirect(local_path(request.args.get("next")) or landing_for(user))


@bp.route("/register", methods=["GET", "POST"])
@writes
def register():
    if current_user.is_authenticated:
        return redirect(url_for("auth.switch"))
    form = RegisterForm()
    if form.validate_on_submit():
        with refusal() as refused:
            user = services.register(
                form.login.data,
                form.password.data,
                form.display_name.data,
                lang=session.get("lang", "th"),
            )
        if exc := refused.error:
            attach_error(form, exc)
        else:
            start_session(user)
            return redirect(url_for("auth.switch"))
    return render_template("auth/register.html", form=form)


@bp.post("/logout")
@writes
def logout():
    key = session.get(sessions.KEY)
    if current_user.is_authenticated:
        sessions.revoke(key)
        events.logged_out(current_user, sessions.address())
    end_session()
    return redirect(url_for("web.home"))


@bp.post("/me/sessions/end-all")
@login_required
@writes
def log_out_everywhere():
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _render_switch(), 400
    services.log_out_everywhere(current_user, address=sessions.address())
    end_session()
    flash(_("You have been logged out on every device."), "success")
    return redirect(url_for("auth.login_page"))


def _render_switch(password_form=None, language_form=None):
    return render_template(
        "auth/switch.html",
        memberships=active_memberships(current_user.id),
        password_form=password_form or ChangePasswordForm(formdata=None),
        language_form=language_form or LanguageForm(formdata=None, lang=current_user.lang),
        sessions_form=ConfirmForm(formdata=None),
        live_sessions=sessions.live_count(current_user.id),
    )


@bp.get("/me/tenants")
@login_required
def switch():
    return _render_switch()


@bp.post("/me/password")
@login_required
@writes
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with refusal() as refused:
            user = current_user._get_current_object()
            services.change_password(
                user, form.current_password.data, form.new_password.data,
                address=sessions.address(),
            )
        if exc := refused.error:
            attach_error(form, exc)
        else:
            start_session(user)  # this device goes on, in a new session
            flash(
                _("Your password has been changed. Other devices have been logged out."), "success"
            )
            return redirect(url_for("auth.switch"))
    return _render_switch(password_form=form), 422


@bp.post("/me/language")
@login_required
@writes
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        services.set_language(current_user, form.lang.data)
        session["lang"] = form.lang.data
        return redirect(url_for("auth.switch"))
    return _render_switch(language_form=form), 422


from core.auth import member_routes, reset_routes  # noqa: E402,F401
