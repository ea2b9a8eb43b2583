"""welfare domain."""

from flask import Blueprint

bp = Blueprint("welfare", __name__, url_prefix="/t/<slug>/welfare", template_folder="templates")

from welfare import routes  # noqa: E402,F401
