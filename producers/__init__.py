"""producers domain."""

from flask import Blueprint

bp = Blueprint("producers", __name__, url_prefix="/t/<slug>/producers", template_folder="templates")

from producers import routes  # noqa: E402,F401
