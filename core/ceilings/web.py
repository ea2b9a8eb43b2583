"""For pages: a request refused above a ceiling is rolled back, then
recorded for a second person; the page's boundary (``core.boundary.writes``)
commits the record with its answer."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user

from core.boundary import abandon, in_unit_of_work
from core.ceilings import services
from core.ceilings.models import HeldAction


def hold(exc: services.NeedsSecondPerson, *, action: str, payload: dict, summary: str) -> HeldAction:
    if not in_unit_of_work():
        raise RuntimeError("hold() needs the view decorated with @writes")
    abandon()  # whatever the refused request began is dropped; only the held request is kept
    row = services.hold(exc, action=action, payload=payload, summary=summary, actor_id=current_user.id)
    flash(_("%(message)s. The request is held (no. %(id)s) until another authorised person confirms it.",
            message=exc.translated(), id=row.id), "warning")
    return row
