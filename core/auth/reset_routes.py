"""Password pages for people who forgot theirs: typing a one-time code, asking
for one by email or SMS, and staff issuing one for a member. Thin: parse a
form, call one service, commit, render."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import bp, password_codes, reset_requests, rules, sessions
from core.auth.forms import ForgotPasswordForm, ResetPasswordForm, StaffResetForm, attach_error
from core.auth.policies import require
from core.boundary import refusal, settle, writes
from core.i18n.formatting import format_datetime


def _reset_url() -> str:
    return url_for("auth.password_reset", _external=True)


def shown_once(html: str):
    """A page with a one-time code: never kept by the browser or a proxy."""
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/password/reset", methods=["GET", "POST"], endpoint="password_reset")
@writes(keep_errors=True)  # a wrong code is counted although the answer is 422
def password_reset():
    form = ResetPasswordForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    if form.validate_on_submit():
        try:
            with refusal(passing=(password_codes.WrongCode,)) as refused:
                password_codes.redeem(
                    form.login.data, form.code.data, form.password.data, address=sessions.address()
                )
        except password_codes.WrongCode as exc:  # kept: the wrong code is counted, on the account and the address
            attach_error(form, exc)
            return render_template("auth/reset.html", form=form), 422
        if isinstance(error := refused.error, password_codes.ResetBlocked):
            form.form_errors.append(_(error.message, until=format_datetime(error.params["until"], "long")))
            return render_template("auth/reset.html", form=form), 429
        if error:
            attach_error(form, error)
        else:
            flash(_("Your new password is set. Every device that was logged in has been logged out. Please log in."),
                  "success")
            return redirect(url_for("auth.login_page"))
        return render_template("auth/reset.html", form=form), 422
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200


@bp.route("/password/forgot", methods=["GET", "POST"], endpoint="forgot_password")
@writes
def forgot_password():
    config = current_app.config
    available = reset_requests.self_service_channels(config)
    form = ForgotPasswordForm()
    if available and form.validate_on_submit():
        with refusal() as refused:
            reset_requests.request_code(
                form.login.data, config=config, lang=session.get("lang", "th"), url=_reset_url(),
                valid_text=lambda when: format_datetime(when, "short"),
            )
        if exc := refused.error:
            attach_error(form, exc)
            return render_template("auth/forgot.html", form=form, available=available), 422
        # the code is sent after this
        flash(_("If an account has this phone number or email, a code is on its way to it. "
                "It works once, for %(minutes)s minutes.", minutes=rules.RESET_VALID_MINUTES_SENT), "success")
        return redirect(url_for("auth.password_reset"))
    status = 422 if form.errors else 200
    return render_template("auth/forgot.html", form=form, available=available), status


@bp.route("/t/<slug>/members/password-code", methods=["GET", "POST"], endpoint="issue_reset_code")
@require("members.reset_password")
@writes
def issue_reset_code():
    form = StaffResetForm()
    if form.validate_on_submit():
        with refusal() as refused:
            issued = reset_requests.staff_issue(
                current_user, g.tenant, form.login.data, form.channel.data, current_app.config
            )
        if exc := refused.error:
            attach_error(form, exc)
            return render_template("auth/reset_code_new.html", form=form), 422
        settle()  # the code exists before it is sent
        expires_at = issued.row.expires_at
        problem = None
        if issued.address:  # sms or line: sent now, after the commit
            problem = reset_requests.deliver(
                form.channel.data, issued.address, issued.code, lang=issued.user.lang,
                valid=format_datetime(expires_at, "short"), url=_reset_url(), config=current_app.config,
                tenant=g.tenant, reference=issued.row.id,
            )
        return shown_once(render_template(
            "auth/reset_code.html", person=issued.user, code=rules.show_code(issued.code),
            expires_at=expires_at, reset_url=_reset_url(), channel=form.channel.data, problem=problem,
        ))
    return render_template("auth/reset_code_new.html", form=form), 422 if form.errors else 200
