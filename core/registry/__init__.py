"""The registry: the "central data" of people, households and villages."""

from flask import Blueprint

bp = Blueprint("registry", __name__, url_prefix="/t/<slug>/registry")

from core.registry import routes  # noqa: E402,F401
