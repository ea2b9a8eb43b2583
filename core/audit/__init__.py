"""core.audit."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/t/<slug>/audit")
