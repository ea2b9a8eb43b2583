"""What the form kit (``core/templates/macros/forms.html``) reads in Python:
the error a field shows and the text of a day-first date box."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Flask, g, has_request_context, request

from core.i18n.formatting import BE_OFFSET, _lang


def field_error(name: str, errors: Mapping[str, Any] | None = None, action: str | None = None) -> str | None:
    """The refusal shown at the field ``name``: the view's own ``errors``
    (``{field: message}``, a message or a list of them), else the boundary's
    ``g.form_error`` when it belongs to this field of the form posted to
    ``action`` (by default the URL of this request, the form shown again)."""
    own = errors.get(name) if errors else None
    if own:
        return " ".join(str(m) for m in own) if isinstance(own, list | tuple) else str(own)
    if not has_request_context():
        return None
    shown = g.get("form_error")
    if shown and shown.get("field") == name and shown.get("action") == (_path(action) if action else request.path):
        return str(shown.get("message") or "")
    return None


def form_refused(action: str) -> bool:
    """Whether the form posted to ``action`` was refused and is shown again
    (a folded form is then unfolded, its error in sight)."""
    shown = g.get("form_error") if has_request_context() else None
    return shown is not None and shown.get("action") == _path(action)


def _path(action: str) -> str:
    """A form's URL as url_for writes it (under the script root, perhaps with
    a query) as the request's path reads."""
    return action.split("?", 1)[0].removeprefix(request.script_root) or "/"


def date_input_value(value: object) -> str:
    """A date for a day-first date box: ``07/12/2569`` in Thai (Buddhist Era),
    ``07/12/2026`` in English; text that is not a date is kept as typed."""
    from core.payments.statements.dates import BadCell, parse_statement_date

    when: date | None
    if isinstance(value, date):
        when = value
    elif value:
        try:
            when = parse_statement_date(str(value).strip()[:40], "DD/MM/YYYY", "auto")
        except BadCell:
            when = None
    else:
        when = None
    if when is None:
        return str(value or "")
    year = when.year + BE_OFFSET if _lang(None) == "th" else when.year
    return f"{when.day:02d}/{when.month:02d}/{year}"


def init_app(app: Flask) -> None:
    app.add_template_global(field_error, "field_error")
    app.add_template_global(form_refused, "form_refused")
    app.add_template_filter(date_input_value, "date_input")
