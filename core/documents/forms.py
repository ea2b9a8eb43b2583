"""The upload form: CSRF and field rendering only; the rules are in
:mod:`core.documents.sniffing` and :mod:`core.documents.services`."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectChoice, SelectField

from core.documents.models import KINDS
from core.errors import ValidationError


class UploadForm(FlaskForm):
    file = FileField(_l("File"))
    kind = SelectField(_l("Kind of document"), choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(key, _(label)) for key, label in KINDS.items()]


def attach_error(form: FlaskForm, exc: ValidationError) -> None:
    """Show a service's error next to its field, translated."""
    text = exc.translated()
    field = form._fields.get(exc.field or "")
    if field is None:
        form.form_errors.append(text)
    else:
        field.errors = [*field.errors, text]
