"""API: PGS (``/api/v1/t/<slug>/producers/pgs``): the blueprint, the charter
and the dashboard. Groups, farms, plots and plantings (api_farms), the
inspection workflow (api_inspections), committee decisions (api_committee),
certificates, sanctions and appeals (api_certificates) add their routes to it.
Same permissions and the same refusals as the pages."""

from __future__ import annotations

from dataclasses import asdict

from flask.views import MethodView
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from producers.models.pgs import (
    Standard,
)
from producers.pgs import dashboard, permissions, queries, services, workflow  # noqa: F401
from producers.pgs import schemas as s
from producers.pgs.pages import actor_id

blp = Blueprint(
    "producers_pgs_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/producers/pgs",
    description="Producers: PGS certification",
)


def _attrs(obj, schema) -> dict:
    """The object's raw values for the fields of ``schema`` (dumped once, by the response)."""
    return {name: getattr(obj, name) for name in schema._declared_fields if hasattr(obj, name)}


# --- charter ---------------------------------------------------------------------


@blp.route("/standards")
class Standards(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.StandardOut(many=True))
    @paged(blp)
    def get(self):
        """Every version of the network's standards."""
        return queries.standards()

    @api_require("producers.standards")
    @blp.arguments(s.StandardIn)
    @blp.response(201, s.StandardOut)
    @api_writes
    def post(self, data):
        """Create a draft standard (the next version of its code)."""
        return services.create_standard(**data, actor_id=actor_id())


def _standard_detail(standard: Standard) -> dict:
    return {**_attrs(standard, s.StandardOut), "criteria": services.criteria_of(standard.id)}


@blp.route("/standards/<int:standard_id>")
class StandardDetail(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.StandardDetailOut)
    def get(self, standard_id: int):
        """A standard with its criteria."""
        return _standard_detail(services.get(Standard, standard_id))


@blp.route("/standards/<int:standard_id>/criteria")
class Criteria(MethodView):
    @api_require("producers.standards")
    @must_exist(standard_id=Standard)
    @blp.arguments(s.CriterionIn)
    @blp.response(201, s.CriterionOut)
    @api_writes
    def post(self, data, standard_id: int):
        """Add a criterion to a draft standard."""
        return services.add_criterion(services.get(Standard, standard_id), **data, actor_id=actor_id())


@blp.route("/standards/<int:standard_id>/activate")
class StandardActivate(MethodView):
    @api_require("producers.standards")
    @blp.response(200, s.StandardOut)
    @api_writes
    def post(self, standard_id: int):
        """Put a draft in force (the previous version retires)."""
        standard = services.get(Standard, standard_id)
        return services.activate_standard(standard, actor_id=actor_id())


@blp.route("/dashboard")
class Dashboard(MethodView):
    @api_require("producers.dashboard")
    @blp.response(200, s.DashboardOut)
    def get(self):
        """The network's figures (aggregates only)."""
        return asdict(dashboard.build())
