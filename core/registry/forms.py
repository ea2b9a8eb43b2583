"""Registry forms: CSRF and field rendering only. The rules live in
:mod:`core.registry.policies` and are applied by the services, so pages and the
API validate alike; :func:`attach_errors` puts a service's field errors next to
the fields."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField

from core.errors import ValidationError
from core.registry.policies import FLAG_LABELS, FieldErrors


class ActionForm(FlaskForm):
    """A button that posts: CSRF only."""


class VillageForm(FlaskForm):
    moo = StringField(_l("Village number (หมู่)"))
    name_th = StringField(_l("Name (Thai)"))
    name_en = StringField(_l("Name (English)"))


class HouseholdForm(FlaskForm):
    code = StringField(_l("House number or code"))
    village_id = SelectField(_l("Village"), choices=[], validate_choice=False)
    address = TextAreaField(_l("Address"))
    notes = TextAreaField(_l("Notes"))


SEX_CHOICES = [SelectChoice("", _l("Not given")), SelectChoice("F", _l("Female")), SelectChoice("M", _l("Male")), SelectChoice("X", _l("Other"))]


class PersonForm(FlaskForm):
    title_th = StringField(_l("Title (Thai)"))
    first_name_th = StringField(_l("First name (Thai)"))
    last_name_th = StringField(_l("Last name (Thai)"))
    first_name_en = StringField(_l("First name (English)"))
    last_name_en = StringField(_l("Last name (English)"))
    national_id = StringField(_l("National ID"))
    phone = StringField(_l("Phone"))
    birth_date = StringField(_l("Birth date"))
    sex = SelectField(_l("Sex"), choices=SEX_CHOICES, validate_choice=False)
    elderly = BooleanField(FLAG_LABELS["elderly"])
    disabled = BooleanField(FLAG_LABELS["disabled"])
    bedridden = BooleanField(FLAG_LABELS["bedridden"])
    chronic_illness = BooleanField(FLAG_LABELS["chronic_illness"])
    hardship = BooleanField(FLAG_LABELS["hardship"])
    is_head = BooleanField(_l("Head of the household"))

    FLAGS = ("elderly", "disabled", "bedridden", "chronic_illness", "hardship")


class ResolveForm(FlaskForm):
    resolution = SelectField(
        _l("Decision"),
        choices=[SelectChoice("distinct", _l("Different people")), SelectChoice("resolved", _l("Resolved (corrected)"))],
        validate_choice=False,
    )
    note = TextAreaField(_l("Note"))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"))
    mode = SelectField(
        _l("If some rows are wrong"),
        choices=[SelectChoice("strict", _l("Import nothing until the file is fixed")),
                 SelectChoice("good_only", _l("Import the good rows only"))],
        validate_choice=False,
    )


def data_of(form: FlaskForm) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def attach_errors(form: FlaskForm, exc: ValidationError) -> None:
    """Show each error next to its field, translated; unknown fields go to the form."""
    errors = exc.errors if isinstance(exc, FieldErrors) else [exc]
    for error in errors:
        text = _(error.message, **error.params) if error.params else _(error.message)
        field = form._fields.get(error.field or "")
        if field is None:
            form.form_errors.append(text)
        else:
            field.errors = [*field.errors, text]
