"""core.notifications."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/t/<slug>/notifications")
