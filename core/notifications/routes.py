"""Notification pages: the tenant's outbox, for staff."""

from __future__ import annotations

from flask import render_template, request

from core.auth.policies import require
from core.notifications import bp
from core.notifications.masking import mask_address
from core.notifications.queries import notifications_page

PER_PAGE = 50


@bp.get("/")
@require("notifications.view")
def index():
    page = notifications_page(request.args.get("page", 1, type=int), PER_PAGE)
    return render_template("notifications/index.html", page=page, mask_address=mask_address)
