"""API: registry."""

from flask_smorest import Blueprint

blp = Blueprint("registry_api", __name__, url_prefix="/api/v1/t/<slug>/registry", description="Registry")
