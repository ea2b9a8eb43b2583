"""API: PGS producer groups, farms (with their pledge and inspections), plots and
their plantings and certification status (/api/v1/t/<slug>/producers/pgs), on
the PGS API blueprint. Same permissions and the same refusals as the pages."""

from __future__ import annotations

from dataclasses import asdict

from flask.views import MethodView

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from producers.certification import plot_status
from producers.models.pgs import (
    Farm,
    Plot,
)
from producers.pgs import queries, services
from producers.pgs import schemas as s
from producers.pgs.api_pgs import blp
from producers.pgs.pages import actor_id
from producers.pgs.workflow import inspecting, pledging

# --- groups, farms, plots --------------------------------------------------------


@blp.route("/groups")
class Groups(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.GroupOut(many=True))
    @paged(blp)
    def get(self):
        """Producer groups."""
        return queries.groups()

    @api_require("producers.manage")
    @blp.arguments(s.GroupIn)
    @blp.response(201, s.GroupOut)
    @api_writes
    def post(self, data):
        """Create a producer group."""
        return services.create_group(**data, actor_id=actor_id())


@blp.route("/farms")
class Farms(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.FarmOut(many=True))
    @paged(blp)
    def get(self):
        """Farms (up to 500, by name)."""
        return [f for f, _, _ in queries.farms(limit=None)]

    @api_require("producers.manage")
    @blp.arguments(s.FarmIn)
    @blp.response(201, s.FarmOut)
    @api_writes
    def post(self, data):
        """Create a farm for a registry person."""
        return services.create_farm(**data, actor_id=actor_id())


@blp.route("/farms/<int:farm_id>")
class FarmDetail(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.FarmOut)
    def get(self, farm_id: int):
        """A farm."""
        return services.get(Farm, farm_id)


@blp.route("/farms/<int:farm_id>/pledge")
class FarmPledge(MethodView):
    @api_require("producers.pledge")
    @must_exist(farm_id=Farm)
    @blp.arguments(s.PledgeIn)
    @blp.response(201, s.FarmOut)
    @api_writes
    def post(self, data, farm_id: int):
        """Record the signed pledge; the farm history sets the conversion start."""
        farm = services.get(Farm, farm_id)
        pledging.sign_pledge(farm, **data, actor_id=actor_id())
        return farm


@blp.route("/farms/<int:farm_id>/plots")
class FarmPlots(MethodView):
    @api_require("producers.manage")
    @must_exist(farm_id=Farm)
    @blp.arguments(s.PlotIn)
    @blp.response(201, s.PlotOut)
    @api_writes
    def post(self, data, farm_id: int):
        """Add a plot: area in m² or rai–ngan–square wa; lat/lon and/or GeoJSON."""
        return services.create_plot(services.get(Farm, farm_id), data, actor_id=actor_id())


@blp.route("/farms/<int:farm_id>/inspections")
class FarmInspections(MethodView):
    @api_require("producers.plan_inspection")
    @must_exist(farm_id=Farm)
    @blp.arguments(s.InspectionIn)
    @blp.response(201, s.InspectionOut)
    @api_writes
    def post(self, data, farm_id: int):
        """Plan an inspection for the farm's cycle (needs a signed pledge)."""
        return inspecting.plan_inspection(services.get(Farm, farm_id), **data, actor_id=actor_id())


@blp.route("/plots")
class Plots(MethodView):
    @api_require("producers.view")
    @blp.arguments(s.PageArgs, location="query")
    @blp.response(200, s.PlotPage)
    @paged(blp, present=lambda rows: [plot for plot, _farm in rows])
    def get(self, args):
        """Plots, searched by code, name or farm."""
        return {"items": queries.plots_query(q=args["q"])}


@blp.route("/plots/<int:plot_id>")
class PlotDetail(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.PlotOut)
    def get(self, plot_id: int):
        """A plot (exact coordinates: staff and members only, never public)."""
        return services.get(Plot, plot_id)

    @api_require("producers.manage")
    @must_exist(plot_id=Plot)
    @blp.arguments(s.PlotIn)
    @blp.response(200, s.PlotOut)
    @api_writes
    def patch(self, data, plot_id: int):
        """Change a plot's fields."""
        return services.update_plot(services.get(Plot, plot_id), data, actor_id=actor_id())


@blp.route("/plots/<int:plot_id>/plantings")
class PlotPlantings(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.PlantingOut(many=True))
    @paged(blp)
    def get(self, plot_id: int):
        """The plot's plantings."""
        return services.plantings_of(services.get(Plot, plot_id).id)

    @api_require("producers.manage")
    @must_exist(plot_id=Plot)
    @blp.arguments(s.PlantingIn)
    @blp.response(201, s.PlantingOut)
    @api_writes
    def post(self, data, plot_id: int):
        """Add a planting (expected harvest not before planting)."""
        return services.add_planting(services.get(Plot, plot_id), data, actor_id=actor_id())


@blp.route("/plots/<int:plot_id>/certification")
class PlotCertification(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.CertificationOut)
    def get(self, plot_id: int):
        """The certification covering the plot today."""
        return asdict(plot_status(services.get(Plot, plot_id).id))
