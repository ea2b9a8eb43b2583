"""The registry: the "central data" of people, households and villages."""

from flask import Blueprint

from core import modules
from core.errors import N_

bp = Blueprint("registry", __name__, url_prefix="/t/<slug>/registry")

modules.register(
    modules.ModuleCard(
        key="registry",
        endpoint="registry.overview",
        title=N_("Registry"),
        description=N_("Villages, households and people"),
        kinds=frozenset({"council", "community", "network", "foundation"}),
        permission="registry.view",
    )
)

from core.registry import routes  # noqa: E402,F401
