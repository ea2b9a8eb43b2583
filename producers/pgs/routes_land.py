"""Pages: the network's charter, producer groups, farms, plots and plantings."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _  # noqa: F401

from core.auth.policies import require
from core.boundary import refusal, writes
from core.errors import N_, ValidationError
from producers import bp
from producers.models.pgs import (
    LAND_TYPES,
    SEVERITIES,
    WATER_SOURCES,
    Farm,
    Plot,
    Standard,
)
from producers.pgs import (
    conflicts,
    geo,
    permissions,  # noqa: F401
    queries,
    services,
)
from producers.pgs.pages import actor_id, allowed, done, posted, upload
from producers.pgs.workflow import inspecting, pledging

# --- standards -------------------------------------------------------------------


@bp.get("/pgs/standards")
@require("producers.view")
def pgs_standards():
    standards = queries.standards()
    return render_template(
        "producers/pgs/standards.html", standards=standards, can_edit=allowed("producers.standards")
    )


@bp.post("/pgs/standards")
@require("producers.standards")
@writes
def pgs_standard_create():
    data = posted()
    with refusal(only=ValidationError) as refused:
        standard = services.create_standard(
            code=data.get("code"),
            title_th=data.get("title_th"),
            title_en=data.get("title_en", ""),
            actor_id=actor_id(),
        )
    if exc := refused.error:
        standards = queries.standards()
        return render_template(
            "producers/pgs/standards.html", standards=standards, can_edit=True, error=exc, data=data
        ), 422
    return done("producers.pgs_standard", N_("Saved."), standard_id=standard.id)


@bp.get("/pgs/standards/<int:standard_id>")
@require("producers.view")
def pgs_standard(standard_id: int, error=None, data=None):
    standard = services.get(Standard, standard_id)
    return render_template(
        "producers/pgs/standard.html",
        standard=standard,
        criteria=services.criteria_of(standard.id),
        severities=SEVERITIES,
        can_edit=allowed("producers.standards"),
        error=error,
        data=data or {},
        conflict_rules=conflicts.RULES,
        rule_labels=conflicts.RULE_LABELS,
    )


@bp.post("/pgs/standards/<int:standard_id>/conflicts")
@require("producers.standards")
@writes
def pgs_standard_conflicts(standard_id: int):
    standard = services.get(Standard, standard_id)
    with refusal(only=ValidationError) as refused:
        services.set_conflicts_allowed(standard, request.form.getlist("allowed"), actor_id=actor_id())
    if exc := refused.error:
        return pgs_standard(standard_id, error=exc), 422
    return done("producers.pgs_standard", N_("Saved."), standard_id=standard.id)


@bp.post("/pgs/standards/<int:standard_id>/criteria")
@require("producers.standards")
@writes
def pgs_criterion_add(standard_id: int):
    standard = services.get(Standard, standard_id)
    data = posted()
    with refusal(only=ValidationError) as refused:
        services.add_criterion(
            standard,
            code=data.get("code"),
            text_th=data.get("text_th"),
            text_en=data.get("text_en", ""),
            severity=data.get("severity", "major"),
            actor_id=actor_id(),
        )
    if exc := refused.error:
        return pgs_standard(standard_id, error=exc, data=data), 422
    return done("producers.pgs_standard", N_("Saved."), standard_id=standard.id)


@bp.post("/pgs/standards/<int:standard_id>/activate")
@require("producers.standards")
@writes
def pgs_standard_activate(standard_id: int):
    standard = services.get(Standard, standard_id)
    services.activate_standard(standard, actor_id=actor_id())
    return done(
        "producers.pgs_standard", N_("The standard is now in force."), standard_id=standard.id
    )


@bp.post("/pgs/standards/<int:standard_id>/new-version")
@require("producers.standards")
@writes
def pgs_standard_version(standard_id: int):
    draft = services.new_version(services.get(Standard, standard_id), actor_id=actor_id())
    return done("producers.pgs_standard", N_("A new draft version was made."), standard_id=draft.id)


# --- groups and farms ------------------------------------------------------------


@bp.get("/pgs/groups")
@require("producers.view")
def pgs_groups(error=None, data=None):
    return render_template(
        "producers/pgs/groups.html",
        groups=queries.groups_with_counts(),
        villages=_villages(),
        can_edit=allowed("producers.manage"),
        error=error,
        data=data or {},
    )


def _villages():
    return queries.villages()


@bp.post("/pgs/groups")
@require("producers.manage")
@writes
def pgs_group_create():
    data = posted()
    with refusal(only=ValidationError) as refused:
        services.create_group(
            name=data.get("name"),
            village_id=data.get("village_id"),
            notes=data.get("notes"),
            actor_id=actor_id(),
        )
    if exc := refused.error:
        return pgs_groups(error=exc, data=data), 422
    return done("producers.pgs_groups", N_("Saved."))


@bp.get("/pgs/farms")
@require("producers.view")
def pgs_farms(error=None, data=None):
    from flask import request

    q = request.args.get("q", "")[:100]
    return render_template(
        "producers/pgs/farms.html",
        farms=queries.farms(q=q),
        q=q,
        groups=queries.groups(),
        people=_people(),
        can_edit=allowed("producers.manage"),
        error=error,
        data=data or {},
    )


def _people():
    return queries.people()


@bp.post("/pgs/farms")
@require("producers.manage")
@writes
def pgs_farm_create():
    data = posted()
    with refusal(only=ValidationError) as refused:
        farm = services.create_farm(
            person_id=data.get("person_id"),
            name=data.get("name"),
            group_id=data.get("group_id"),
            actor_id=actor_id(),
        )
    if exc := refused.error:
        return pgs_farms(error=exc, data=data), 422
    return done("producers.pgs_farm", N_("Saved."), farm_id=farm.id)


@bp.get("/pgs/farms/<int:farm_id>")
@require("producers.view")
def pgs_farm(farm_id: int, error=None, data=None):
    farm = services.get(Farm, farm_id)
    return render_template(
        "producers/pgs/farm.html",
        **queries.farm_page(farm),
        land_types=LAND_TYPES,
        water_sources=WATER_SOURCES,
        can_edit=allowed("producers.manage"),
        can_pledge=allowed("producers.pledge"),
        can_plan=allowed("producers.plan_inspection"),
        error=error,
        data=data or {},
    )


@bp.post("/pgs/farms/<int:farm_id>/pledge")
@require("producers.pledge")
@writes
def pgs_pledge(farm_id: int):
    farm = services.get(Farm, farm_id)
    data = posted()
    with refusal(only=ValidationError) as refused:
        pledging.sign_pledge(
            farm,
            standard_id=data.get("standard_id"),
            signed_on=data.get("signed_on"),
            last_prohibited_input_on=data.get("last_prohibited_input_on"),
            history=data.get("history"),
            actor_id=actor_id(),
        )
    if exc := refused.error:
        return pgs_farm(farm_id, error=exc, data=data), 422
    return done("producers.pgs_farm", N_("The pledge is recorded."), farm_id=farm.id)


@bp.post("/pgs/farms/<int:farm_id>/inspections")
@require("producers.plan_inspection")
@writes
def pgs_inspection_plan(farm_id: int):
    farm = services.get(Farm, farm_id)
    data = posted()
    with refusal(only=ValidationError) as refused:
        inspection = inspecting.plan_inspection(
            farm, cycle=data.get("cycle"), planned_on=data.get("planned_on"), actor_id=actor_id()
        )
    if exc := refused.error:
        return pgs_farm(farm_id, error=exc, data=data), 422
    return done(
        "producers.pgs_inspection", N_("The inspection is planned."), inspection_id=inspection.id
    )


# --- plots -----------------------------------------------------------------------


@bp.post("/pgs/farms/<int:farm_id>/plots")
@require("producers.manage")
@writes
def pgs_plot_create(farm_id: int):
    farm = services.get(Farm, farm_id)
    data = posted()
    with refusal(only=ValidationError) as refused:
        plot = services.create_plot(farm, data, actor_id=actor_id())
    if exc := refused.error:
        return pgs_farm(farm_id, error=exc, data=data), 422
    return done("producers.pgs_plot", N_("Saved."), plot_id=plot.id)


@bp.get("/pgs/plots")
@require("producers.view")
def pgs_plots():
    from flask import request

    from producers.pgs.pages import int_arg

    q = request.args.get("q", "")[:100]
    page = queries.plots(q=q, page=int_arg("page") or 1)
    return render_template("producers/pgs/plots.html", page=page, q=q)


@bp.get("/pgs/plots/<int:plot_id>")
@require("producers.view")
def pgs_plot(plot_id: int, error=None, data=None):
    plot = services.get(Plot, plot_id)
    return render_template(
        "producers/pgs/plot.html",
        **queries.plot_page(plot),
        land_types=LAND_TYPES,
        water_sources=WATER_SOURCES,
        area=geo.to_rai_ngan_wa(plot.area_sqm),
        can_edit=allowed("producers.manage"),
        error=error,
        data=data or {},
    )


@bp.post("/pgs/plots/<int:plot_id>")
@require("producers.manage")
@writes
def pgs_plot_update(plot_id: int):
    plot = services.get(Plot, plot_id)
    data = posted()
    with refusal(only=ValidationError) as refused:
        services.update_plot(plot, data, actor_id=actor_id())
    if exc := refused.error:
        return pgs_plot(plot_id, error=exc, data=data), 422
    return done("producers.pgs_plot", N_("Saved."), plot_id=plot.id)


@bp.post("/pgs/plots/<int:plot_id>/plantings")
@require("producers.manage")
@writes
def pgs_planting_add(plot_id: int):
    plot = services.get(Plot, plot_id)
    data = posted()
    with refusal(only=ValidationError) as refused:
        services.add_planting(plot, data, actor_id=actor_id())
    if exc := refused.error:
        return pgs_plot(plot_id, error=exc, data=data), 422
    return done("producers.pgs_plot", N_("Saved."), plot_id=plot.id)


@bp.post("/pgs/plots/<int:plot_id>/tenure")
@require("producers.manage")
@writes
def pgs_plot_tenure(plot_id: int):
    plot = services.get(Plot, plot_id)
    file = upload("file")
    if file is None:
        raise ValidationError(N_("Choose a file to upload"), field="file")
    services.attach_tenure(plot, file[0], file[1], actor_id=actor_id())
    return done("producers.pgs_plot", N_("The tenure document is attached."), plot_id=plot.id)
