"""Forms for tenant settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

TIMEZONES = ("Asia/Bangkok", "Asia/Yangon", "Asia/Vientiane", "Asia/Phnom_Penh", "Asia/Kuala_Lumpur", "UTC")


class SettingsForm(FlaskForm):
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(message=_l("Enter the Thai name")), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=20)])
    contact_email = EmailField(_l("Contact email"), validators=[Optional(), Email(message=_l("Enter a valid email address")), Length(max=200)])
    address = TextAreaField(_l("Office address"), validators=[Optional(), Length(max=1000)])
    timezone = SelectField(_l("Time zone"), choices=[SelectChoice(z, z) for z in TIMEZONES])
