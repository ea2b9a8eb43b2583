"""core.ledger."""

from flask import Blueprint

bp = Blueprint("ledger", __name__, url_prefix="/t/<slug>/ledger")

from core.ledger import routes  # noqa: E402,F401
