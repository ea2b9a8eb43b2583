"""Page action: the inspector's whole checklist (and, if they wish, their
verdict) in one form, one submit — for a phone in the field."""

from __future__ import annotations

from flask import request

from core.auth.policies import require
from core.boundary import refusal, writes
from core.errors import N_, Conflict, Forbidden, ValidationError
from producers import bp
from producers.models.pgs import Inspection
from producers.pgs import (
    checklist,
    permissions,  # noqa: F401
    services,
)
from producers.pgs.pages import actor_id, done, posted, upload
from producers.pgs.routes_workflow import _render_inspection


@bp.post("/pgs/inspections/<int:inspection_id>/checklist")
@require("producers.inspect")
@writes
def pgs_inspection_checklist(inspection_id: int):
    inspection = services.get(Inspection, inspection_id)
    data = posted()
    answers = {
        c.id: checklist.Posted(
            result=data.get(f"result-{c.id}", ""),
            note=(data.get(f"note-{c.id}") or "")[:4000],
            photo=upload(f"photo-{c.id}"),
        )
        for c in services.criteria_of(inspection.standard_id)
    }
    with refusal(only=(ValidationError, Conflict, Forbidden)) as refused:
        checklist.answer_all(
            inspection,
            answers,
            verdict=request.form.get("verdict") or None,
            inspected_on=data.get("inspected_on"),
            summary=data.get("summary"),
            actor_id=actor_id(),
        )
    if refused:
        return _render_inspection(
            services.get(Inspection, inspection_id), checklist_error=refused.error, checklist_data=data
        )
    return done(
        "producers.pgs_inspection", N_("The checklist is saved."), inspection_id=inspection_id
    )
