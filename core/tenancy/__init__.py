"""Tenancy: tenants (nested community organisations) and memberships."""

from flask import Blueprint

bp = Blueprint("tenancy", __name__, url_prefix="/t/<slug>")

from core.tenancy import cards, network_routes, routes  # noqa: E402,F401
