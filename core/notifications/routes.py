"""Notification pages: the tenant's outbox and each notification's delivery
log, for staff; the tenant's messaging settings; a person's contact preference."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.errors import ValidationError
from core.notifications import bp, provider_http, services
from core.notifications.forms import ContactPreferenceForm, MessagingSettingsForm, ResendForm
from core.notifications.masking import mask_address
from core.notifications.preferences import order_of, preference_for, set_preference
from core.notifications.queries import notification_with_log, notifications_page, person_or_404
from core.notifications.settings import masked, update_messaging_settings

PER_PAGE = 50


@bp.get("/")
@require("notifications.view")
def index():
    page = notifications_page(request.args.get("page", 1, type=int), PER_PAGE)
    return render_template(
        "notifications/index.html", page=page, mask_address=mask_address, shown_response=provider_http.shown,
        can_manage=can(current_user, "tenant.manage", g.tenant.id),
    )


@bp.get("/<int:notification_id>")
@require("notifications.view")
def detail(notification_id: int):
    notification, deliveries = notification_with_log(notification_id)
    return render_template(
        "notifications/detail.html", n=notification, deliveries=deliveries,
        mask_address=mask_address, shown_response=provider_http.shown,
        resend_form=ResendForm(formdata=None) if can(current_user, "notifications.resend", g.tenant.id) else None,
    )


@bp.post("/<int:notification_id>/resend")
@require("notifications.resend")
@writes
def resend(notification_id: int):
    """Send a failed notification again (after a provider was fixed, say)."""
    if not ResendForm().validate_on_submit():
        return redirect(url_for("notifications.detail", notification_id=notification_id))
    with refusal(only=ValidationError) as refused:
        services.resend(notification_id, actor_id=current_user.id)
    if exc := refused.error:
        flash(exc.translated(), "error")
    else:
        flash(_("The notification will be sent again."), "success")
    return redirect(url_for("notifications.detail", notification_id=notification_id))


@bp.route("/settings", methods=["GET", "POST"])
@require("tenant.manage")
@writes
def settings():
    tenant = g.tenant
    shown = masked(tenant)
    form = MessagingSettingsForm(data={f"sms_{k}": v for k, v in shown["sms"].items() if k != "token"})
    if form.validate_on_submit():
        line = {"channel_token": form.line_channel_token.data}
        sms = {f: form[f"sms_{f}"].data for f in ("url", "token", "auth_header", "auth_scheme", "sender",
                                                 "content_type", "body_template")}
        clear = tuple(name for name, box in (("line.channel_token", form.clear_line_channel_token),
                                             ("sms.token", form.clear_sms_token)) if box.data)
        with refusal(only=ValidationError) as refused:
            update_messaging_settings(tenant, actor_id=current_user.id, line=line, sms=sms, clear=clear)
        if exc := refused.error:
            form[exc.field if exc.field in form else "sms_url"].errors.append(exc.translated())
        else:
            flash(_("Settings saved."), "success")
            return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form, shown=shown)


@bp.route("/people/<int:person_id>/contact", methods=["GET", "POST"])
@require("registry.edit")
@writes
def contact(person_id: int):
    person = person_or_404(person_id)
    preference = preference_for(person_id)
    form = ContactPreferenceForm(data={
        "first_channel": order_of(preference)[0],
        "opted_out_channels": list(preference.opted_out_channels or []) if preference else [],
        "opted_out_all": preference.opted_out_all if preference else False,
        "line_user_id": preference.line_user_id if preference else "",
        "email": preference.email if preference else "",
    })
    if form.validate_on_submit():
        first = form.first_channel.data
        with refusal(only=ValidationError) as refused:
            set_preference(
                person_id, actor_id=current_user.id,
                channel_order=[first] + [c for c in order_of(preference) if c != first],
                opted_out_channels=form.opted_out_channels.data or [],
                opted_out_all=form.opted_out_all.data, line_user_id=form.line_user_id.data, email=form.email.data,
            )
        if exc := refused.error:
            form[exc.field if exc.field in form else "first_channel"].errors.append(exc.translated())
        else:
            flash(_("Contact preference saved."), "success")
            return redirect(url_for("notifications.contact", person_id=person_id))
    return render_template("notifications/contact.html", form=form, person=person, phone=mask_address(person.phone))
