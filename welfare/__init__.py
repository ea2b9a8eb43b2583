"""welfare domain: funds, grants, budgets, meetings, approvals, loans, benefits."""

from flask import Blueprint

from core import modules

bp = Blueprint("welfare", __name__, url_prefix="/t/<slug>/welfare", template_folder="templates")

modules.register(
    modules.ModuleCard(
        key="welfare",
        endpoint="welfare.index",
        title="Welfare and revolving funds",
        description="Grants in tranches, meeting resolutions, 2-of-3 approvals, loans that revolve back.",
        kinds=frozenset({"council", "community", "network", "foundation"}),
    )
)

from welfare import routes  # noqa: E402,F401
