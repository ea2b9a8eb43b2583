"""Forms of the account pages (Flask-WTF: every form carries a CSRF token).
Messages are msgids, shown in the user's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import DataRequired, EqualTo, Length

from core.auth.rules import MIN_PASSWORD_LENGTH
from core.tenancy.labels import ROLE_LABELS
from core.tenancy.models import ALL_ROLES

_REQUIRED = _l("This field is required")
_TOO_LONG = _l("This is too long")
_LOGIN_HINT = _l("Mobile phone number (e.g. 081-234-5678) or email address")


def _password(label, name_required=_REQUIRED):
    return PasswordField(
        label,
        validators=[
            DataRequired(message=name_required),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l(
                    "The password must have at least %(n)s characters", n=MIN_PASSWORD_LENGTH
                ),
            ),
        ],
    )


def _confirm(other: str):
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_REQUIRED),
            EqualTo(other, message=_l("The passwords do not match")),
        ],
    )


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _roles_field():
    return MultiCheckboxField(
        _l("Roles"),
        choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ALL_ROLES],
        validators=[DataRequired(message=_l("Please choose at least one role"))],
    )


class LoginForm(FlaskForm):
    login = StringField(
        _l("Phone number or email"),
        validators=[DataRequired(message=_REQUIRED)],
        description=_LOGIN_HINT,
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_REQUIRED)])


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("Your name"),
        validators=[DataRequired(message=_REQUIRED), Length(max=200, message=_TOO_LONG)],
    )
    login = StringField(
        _l("Phone number or email"),
        validators=[DataRequired(message=_REQUIRED)],
        description=_LOGIN_HINT,
    )
    password = _password(_l("Password"))
    confirm = _confirm("password")


class ClaimForm(FlaskForm):
    code = StringField(
        _l("Invitation code"),
        validators=[DataRequired(message=_REQUIRED)],
        description=_l("The 8 letters and digits on the paper from the staff"),
    )
    display_name = StringField(
        _l("Your name"),
        validators=[Length(max=200, message=_TOO_LONG)],
        description=_l("Leave empty to use the name in the registry"),
    )
    login = StringField(
        _l("Phone number or email"),
        validators=[DataRequired(message=_REQUIRED)],
        description=_LOGIN_HINT,
    )
    password = _password(_l("Password"))
    confirm = _confirm("password")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(message=_REQUIRED)]
    )
    new_password = _password(_l("New password"))
    confirm = _confirm("new_password")


class LanguageForm(FlaskForm):
    lang = SelectField(
        _l("Language"), choices=[SelectChoice("th", "ไทย"), SelectChoice("en", "English")]
    )


class AddMemberForm(FlaskForm):
    login = StringField(
        _l("Phone number or email"),
        validators=[DataRequired(message=_REQUIRED)],
        description=_l("The person must already have an account"),
    )
    roles = _roles_field()


class RolesForm(FlaskForm):
    roles = _roles_field()


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_REQUIRED), Length(max=100, message=_TOO_LONG)],
        description=_l("What the token is for, e.g. the name of the system using it"),
    )


def attach_error(form: FlaskForm, exc) -> None:
    """Show a DomainError next to its field (or at the top of the form)."""

    message = exc.translated()
    field = form._fields.get(exc.field) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)


class ForgotPasswordForm(FlaskForm):
    login = StringField(
        _l("Phone number or email"),
        validators=[DataRequired(message=_REQUIRED), Length(max=254, message=_TOO_LONG)],
        description=_LOGIN_HINT,
    )


class ResetPasswordForm(FlaskForm):
    login = StringField(
        _l("Phone number or email"),
        validators=[DataRequired(message=_REQUIRED), Length(max=254, message=_TOO_LONG)],
        description=_LOGIN_HINT,
    )
    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_REQUIRED), Length(max=20, message=_TOO_LONG)],
        description=_l("The 8 letters and digits you were given or sent"),
    )
    password = _password(_l("New password"))
    confirm = _confirm("password")


class StaffResetForm(FlaskForm):
    login = StringField(
        _l("The member's phone number or email"),
        validators=[DataRequired(message=_REQUIRED), Length(max=254, message=_TOO_LONG)],
        description=_l("As they log in with it"),
    )
    channel = SelectField(
        _l("How the code reaches them"),
        choices=[
            SelectChoice("print", _l("Show it here, to print or read out")),
            SelectChoice("sms", _l("Also send it by SMS")),
            SelectChoice("line", _l("Also send it by LINE")),
        ],
    )
