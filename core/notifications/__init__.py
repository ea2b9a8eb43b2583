"""core.notifications: the outbox and its delivery channels."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/t/<slug>/notifications")

from core.notifications import line, routes, sms  # noqa: E402,F401  (registers the channels and pages)
