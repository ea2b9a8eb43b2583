"""market domain: goods centres, stock, coupons, distribution rounds, queue,
orders, delivery, donations."""

from flask import Blueprint

from core import modules

bp = Blueprint("market", __name__, url_prefix="/t/<slug>/market", template_folder="templates")

modules.register(
    modules.ModuleCard(
        key="market",
        endpoint="market.index",
        title="Low-cost goods centre",
        description="Coupons, queue cards and low-cost goods delivered by village teams.",
        kinds=frozenset({"council", "community", "network"}),
    )
)

from market import routes  # noqa: E402,F401
