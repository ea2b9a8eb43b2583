"""API: the caller's own account and tokens."""

from flask_smorest import Blueprint

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1/me", description="The caller")
