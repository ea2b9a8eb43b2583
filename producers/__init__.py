"""producers domain: PGS networks, plots, inspections, certificates, lots, QR,
listings."""

from flask import Blueprint

from core import modules

bp = Blueprint("producers", __name__, url_prefix="/t/<slug>/producers", template_folder="templates")

modules.register(
    modules.ModuleCard(
        key="producers",
        endpoint="producers.index",
        title="Organic producers (PGS)",
        description="Plots, peer inspection, certificates and a QR code for every plot.",
        kinds=frozenset({"pgs_network", "council"}),
    )
)

from producers import routes  # noqa: E402,F401
