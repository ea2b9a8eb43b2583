"""The whole checklist in one go: an inspector on the team answers every
criterion (and may sign the verdict) with one form. Everything is checked
before anything is written; only answers that changed are written again, so
re-sending the same answers does not undo the team's signatures."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import N_, ValidationError
from producers.models.pgs import ANSWERS, Inspection
from producers.pgs import services
from producers.pgs.workflow import inspecting


@dataclass(frozen=True)
class Posted:
    result: str
    note: str
    photo: tuple[bytes, str | None] | None = None


class ChecklistIncomplete(ValidationError):
    code = "checklist_incomplete"
    message = N_("Answer every criterion: %(codes)s not answered")


class FailNeedsNote(ValidationError):
    code = "checklist_fail_note"
    message = N_("Say what was seen for every failed criterion: %(codes)s")


def answer_all(
    inspection: Inspection,
    posted: dict[int, Posted],
    *,
    verdict: str | None = None,
    inspected_on=None,
    summary: str | None = None,
    actor_id: int | None,
) -> int:
    """Write the changed answers, then sign ``verdict`` when given. Returns
    the number of answers written. Raises before writing on any gap."""
    inspecting.require_answering(inspection, actor_id)
    criteria = services.criteria_of(inspection.standard_id)
    missing = [c.code for c in criteria if posted.get(c.id, Posted("", "")).result not in ANSWERS]
    if missing:
        raise ChecklistIncomplete(field=f"criterion-{_first(criteria, missing)}", codes=", ".join(missing))
    unexplained = [
        c.code for c in criteria if posted[c.id].result == "fail" and not posted[c.id].note.strip()
    ]
    if unexplained:
        raise FailNeedsNote(
            field=f"criterion-{_first(criteria, unexplained)}", codes=", ".join(unexplained)
        )
    if verdict not in (None, "", "pass", "fail"):
        raise ValidationError(N_("The verdict is pass or fail"), field="verdict")
    current = inspecting.answers_of(inspection.id)
    written = 0
    for c in criteria:
        new = posted[c.id]
        old = current.get(c.id)
        note = new.note.strip() or None
        if old is not None and old.result == new.result and (old.note or None) == note and not new.photo:
            continue
        inspecting.answer(
            inspection,
            criterion_id=c.id,
            result=new.result,
            note=note,
            photo=new.photo,
            actor_id=actor_id,
        )
        written += 1
    if verdict:
        inspecting.sign_verdict(
            inspection, verdict=verdict, inspected_on=inspected_on, summary=summary, actor_id=actor_id
        )
    return written


def _first(criteria, codes: list[str]) -> int:
    return next(c.id for c in criteria if c.code == codes[0])
