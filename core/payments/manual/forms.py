"""The manual payment form and the void form: CSRF and field rendering only;
the rules are in :mod:`core.payments.manual.services` and :mod:`core.payments.receipts.services`."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from core.errors import ValidationError


class ManualPaymentForm(FlaskForm):
    token = HiddenField()
    method = SelectField(_l("Payment method"), choices=[], validate_choice=False)
    amount = StringField(_l("Amount in baht"), render_kw={"inputmode": "decimal", "autocomplete": "off"})
    payer_person_id = IntegerField(_l("Registry person number"), validators=[Optional()])
    payer_name = StringField(_l("Payer's name"))
    reference = StringField(_l("Slip or transaction number"))
    description = TextAreaField(_l("What the payment is for"))
    credit_account = SelectField(_l("Account settled"), choices=[], coerce=int, validate_choice=False)
    file = FileField(_l("Photo or scan of the slip"))

    def __init__(self, accounts, lang: str = "th", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = [SelectChoice("cash", _("Cash")), SelectChoice("transfer", _("Bank transfer"))]
        self.credit_account.choices = [
            SelectChoice(a.id, f"{a.code} {a.name_en if lang == 'en' and a.name_en else a.name_th}"
                               + ("" if a.book == "general" else f" ({a.book})"))
            for a in accounts
        ]
        if not self.token.data:
            self.token.data = secrets.token_urlsafe(24)


class VoidForm(FlaskForm):
    reason = StringField(_l("Reason for voiding"))


def attach_error(form: FlaskForm, exc: ValidationError) -> None:
    """Show a service's error next to its field, translated."""
    text = exc.translated()
    field = form._fields.get(exc.field or "")
    if field is None or field.type == "HiddenField":
        form.form_errors.append(text)
    else:
        field.errors = [*field.errors, text]
