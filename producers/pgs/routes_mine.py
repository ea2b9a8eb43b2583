"""Pages: a producer's own farm on their phone — my plots, add a plot (typed,
or drawn on the map), ask for an inspection, my certificates and their
expiry. Only the producer's own farms are reachable (another's is not found)."""

from __future__ import annotations

from flask import render_template

from core.auth.policies import require
from core.boundary import refusal, writes
from core.errors import N_, Conflict, ValidationError
from producers import bp
from producers.models.pgs import LAND_TYPES, WATER_SOURCES
from producers.pgs import (
    inbox,  # noqa: F401  (registers what waits for each person)
    mine,
    permissions,  # noqa: F401
)
from producers.pgs.pages import actor_id, done, posted


@bp.get("/pgs/mine")
@require("producers.own")
def pgs_mine(error=None):
    html = render_template("producers/pgs/mine.html", **mine.page(actor_id()), error=error)
    return (html, error.status) if error else html


@bp.get("/pgs/mine/farms/<int:farm_id>/plots/new")
@require("producers.own")
def pgs_mine_plot_new(farm_id: int, error=None, data=None):
    farm = mine.own_farm(farm_id, actor_id())
    html = render_template(
        "producers/pgs/mine_plot.html",
        farm=farm,
        land_types=LAND_TYPES,
        water_sources=WATER_SOURCES,
        error=error,
        data=data or {},
    )
    return (html, error.status) if error else html


@bp.post("/pgs/mine/farms/<int:farm_id>/plots")
@require("producers.own")
@writes
def pgs_mine_plot_create(farm_id: int):
    farm = mine.own_farm(farm_id, actor_id())
    data = posted()
    with refusal(only=ValidationError) as refused:
        mine.add_plot(farm, data, actor_id=actor_id())
    if isinstance(exc := refused.error, ValidationError):
        return pgs_mine_plot_new(farm_id, error=exc, data=data)
    return done("producers.pgs_mine", N_("The plot is added."))


@bp.post("/pgs/mine/farms/<int:farm_id>/inspection")
@require("producers.own")
@writes
def pgs_mine_ask_inspection(farm_id: int):
    farm = mine.own_farm(farm_id, actor_id())
    with refusal(only=(ValidationError, Conflict)) as refused:
        mine.ask_inspection(farm, actor_id=actor_id())
    if isinstance(exc := refused.error, (ValidationError, Conflict)):
        return pgs_mine(error=exc)
    return done(
        "producers.pgs_mine",
        N_("Your request is sent: the network will name the inspectors and tell you the day."),
    )
