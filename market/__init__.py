"""market domain."""

from flask import Blueprint

bp = Blueprint("market", __name__, url_prefix="/t/<slug>/market", template_folder="templates")

from market import routes  # noqa: E402,F401
