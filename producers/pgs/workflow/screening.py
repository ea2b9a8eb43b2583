"""Screening: grading an inspection's non-compliances (it cannot decide) and
closing them."""

from __future__ import annotations

import sqlalchemy as sa

from core import clock
from core.audit.services import snapshot
from core.db import db, utcnow
from core.errors import N_, ValidationError
from producers.models.pgs import (
    SEVERITIES,
    Criterion,
    Inspection,
    NonCompliance,
)
from producers.pgs.services import InvalidTransition, _date, _text, get
from producers.pgs.workflow import (
    _audit,
    _lock,
)
from producers.pgs.workflow.inspecting import _require_status, answers_of

# --- screening -------------------------------------------------------------------


def grade(
    inspection: Inspection,
    *,
    criterion_id=None,
    grade: str,
    description: str,
    corrective_action: str,
    due_on,
    actor_id: int | None,
) -> NonCompliance:
    """Screening records a non-compliance: its grade, the corrective action
    and its due date. Screening never decides certification."""
    _require_status(inspection, "submitted")
    if grade not in SEVERITIES:
        raise ValidationError(N_("Choose a severity: minor, major or critical"), field="grade")
    criterion_id = None if criterion_id in (None, "") else criterion_id
    if criterion_id is not None:
        criterion = get(Criterion, criterion_id, N_("Unknown criterion"))
        if criterion.standard_id != inspection.standard_id:
            raise ValidationError(
                N_("This criterion is not part of the inspection's standard"), field="criterion_id"
            )
        criterion_id = criterion.id
    due = _date(due_on, "due_on")
    if due is None:
        raise ValidationError(N_("This field is required"), field="due_on")
    if due < (inspection.inspected_on or clock.today()):
        raise ValidationError(N_("The due date cannot be before the inspection"), field="due_on")
    nc = NonCompliance(
        inspection_id=inspection.id,
        farm_id=inspection.farm_id,
        criterion_id=criterion_id,
        grade=grade,
        description=_text(description, "description", max_len=4000),
        corrective_action=_text(corrective_action, "corrective_action", max_len=4000),
        due_on=due,
        status="open",
        opened_on=clock.today(),
    )
    db.session.add(nc)
    db.session.flush()
    _audit("noncompliance.grade", nc, actor_id)
    return nc


def noncompliances_of(
    *, inspection_id: int | None = None, farm_id: int | None = None
) -> list[NonCompliance]:
    query = sa.select(NonCompliance).order_by(NonCompliance.id)
    if inspection_id is not None:
        query = query.where(NonCompliance.inspection_id == inspection_id)
    if farm_id is not None:
        query = query.where(NonCompliance.farm_id == farm_id)
    return list(db.session.scalars(query))


def complete_screening(
    inspection: Inspection, *, note: str | None = None, actor_id: int | None
) -> Inspection:
    _require_status(inspection, "submitted")
    graded = {nc.criterion_id for nc in noncompliances_of(inspection_id=inspection.id)}
    failed = [a.criterion_id for a in answers_of(inspection.id).values() if a.result == "fail"]
    if any(c not in graded for c in failed):
        raise InvalidTransition(
            N_("Every failed criterion needs a graded non-compliance before screening ends")
        )
    before = snapshot(inspection)
    inspection.status = "screened"
    inspection.screened_at = utcnow()
    inspection.screened_by_user_id = actor_id
    inspection.screening_note = _text(note, "note", required=False, max_len=4000)
    db.session.flush()
    _audit("inspection.screen", inspection, actor_id, before)
    return inspection


def close_noncompliance(
    nc: NonCompliance, *, note: str, closed_on=None, actor_id: int | None
) -> NonCompliance:
    _lock(nc)
    if nc.status != "open":
        raise InvalidTransition(N_("This non-compliance is already closed"))
    day = _date(closed_on, "closed_on") or clock.today()
    if day < nc.opened_on or day > clock.today():
        raise ValidationError(
            N_("The closing date must be between opening and today"), field="closed_on"
        )
    before = snapshot(nc)
    nc.status, nc.closed_on, nc.closed_by_user_id = "closed", day, actor_id
    nc.closing_note = _text(note, "note", max_len=4000)
    db.session.flush()
    _audit("noncompliance.close", nc, actor_id, before)
    return nc
