"""Users, log-in, permissions."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from core.auth import routes  # noqa: E402,F401
