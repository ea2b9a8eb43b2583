"""For pages: a request refused above a ceiling is rolled back, then
recorded for a second person in its own transaction."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user

from core.ceilings import services
from core.ceilings.models import HeldAction
from core.db import db


def hold(exc: services.NeedsSecondPerson, *, action: str, payload: dict, summary: str) -> HeldAction:
    db.session.rollback()
    row = services.hold(exc, action=action, payload=payload, summary=summary, actor_id=current_user.id)
    db.session.commit()
    flash(_("%(message)s. The request is held (no. %(id)s) until another authorised person confirms it.",
            message=exc.translated(), id=row.id), "warning")
    return row
