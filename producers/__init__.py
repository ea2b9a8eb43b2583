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


@bp.app_template_filter("cycle_year")
def _cycle_year(cycle):
    """A PGS cycle as the reader counts years (พ.ศ. in Thai)."""
    from flask_babel import get_locale

    from producers.pgs.years import shown

    locale = get_locale()
    return shown(cycle, locale.language if locale else "th")
