"""Forms for tenant settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

TIMEZONES = ("Asia/Bangkok", "Asia/Yangon", "Asia/Vientiane", "Asia/Phnom_Penh", "Asia/Kuala_Lumpur", "UTC")


class SettingsForm(FlaskForm):
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(message=_l("Enter the Thai name")), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=20)])
    contact_email = EmailField(_l("Contact email"), validators=[Optional(), Email(message=_l("Enter a valid email address")), Length(max=200)])
    address = TextAreaField(_l("Office address"), validators=[Optional(), Length(max=1000)])
    timezone = SelectField(_l("Time zone"), choices=[SelectChoice(z, z) for z in TIMEZONES])


_ADMIN_HINT = _l("Phone number or email. If there is no account yet, one is made and you get a one-time code "
                 "for them to set their password.")


class AdminForm(FlaskForm):
    admin_login = StringField(_l("Administrator's phone number or email"),
                              validators=[DataRequired(message=_l("Please enter a phone number or email")),
                                          Length(max=254)], description=_ADMIN_HINT)
    admin_name = StringField(_l("Administrator's name"), validators=[Optional(), Length(max=200)],
                             description=_l("Needed only for a new account"))


class MemberOrganisationForm(FlaskForm):
    slug = StringField(_l("Short name (for the address)"),
                       validators=[DataRequired(message=_l("This field is required")), Length(max=64)],
                       description=_l("Lower-case letters, digits and dashes, e.g. khok-sai"))
    name_th = StringField(_l("Name in Thai"), validators=[DataRequired(message=_l("Enter the Thai name")), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[])
    admin_login = StringField(_l("Administrator's phone number or email"), validators=[Optional(), Length(max=254)],
                              description=_ADMIN_HINT)
    admin_name = StringField(_l("Administrator's name"), validators=[Optional(), Length(max=200)],
                             description=_l("Needed only for a new account"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from core.tenancy.labels import KIND_LABELS
        from core.tenancy.network_admin import MEMBER_KINDS

        self.kind.choices = [SelectChoice(k, KIND_LABELS[k]) for k in MEMBER_KINDS]


class LeaveNetworkForm(FlaskForm):
    confirm = BooleanField(_l("I have read what leaving means"))
