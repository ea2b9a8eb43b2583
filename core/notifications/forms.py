"""Forms for messaging settings and a person's contact preference."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget


def longest(n: int) -> Length:
    return Length(max=n, message=_l("This value is too long: at most %(max)d characters"))


CHANNEL_LABELS = {"line": _l("LINE"), "sms": _l("SMS"), "email": _l("Email")}
CHANNEL_CHOICES = [SelectChoice(value, label) for value, label in CHANNEL_LABELS.items()]


class MessagingSettingsForm(FlaskForm):
    line_channel_token = PasswordField(_l("LINE channel access token"), validators=[Optional(), longest(500)])
    clear_line_channel_token = BooleanField(_l("Remove the stored LINE token"))
    sms_url = StringField(_l("SMS gateway URL"), validators=[Optional(), longest(500)])
    sms_token = PasswordField(_l("SMS gateway token"), validators=[Optional(), longest(500)])
    clear_sms_token = BooleanField(_l("Remove the stored SMS token"))
    sms_auth_header = StringField(_l("Authentication header"), validators=[Optional(), longest(100)])
    sms_auth_scheme = StringField(_l("Authentication scheme"), validators=[Optional(), longest(40)])
    sms_sender = StringField(_l("Sender name"), validators=[Optional(), longest(40)])
    sms_content_type = SelectField(
        _l("Body format"),
        choices=[SelectChoice("application/json", "JSON"),
                 SelectChoice("application/x-www-form-urlencoded", _l("Form"))],
    )
    sms_body_template = TextAreaField(_l("Body template"), validators=[Optional(), longest(2000)])


class ContactPreferenceForm(FlaskForm):
    first_channel = SelectField(_l("Preferred channel"), choices=CHANNEL_CHOICES)
    opted_out_channels = SelectMultipleField(
        _l("Never send by"), choices=CHANNEL_CHOICES,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), validators=[Optional()],
    )
    opted_out_all = BooleanField(_l("Opted out of all messages"))
    line_user_id = StringField(_l("LINE user id"), validators=[Optional(), longest(64)])
    email = StringField(_l("Email"), validators=[Optional(), longest(254)])


class ResendForm(FlaskForm):
    """The "send again" button: only the CSRF token."""
