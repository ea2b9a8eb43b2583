"""core.audit."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/t/<slug>/audit")

from core.audit import routes  # noqa: E402,F401
