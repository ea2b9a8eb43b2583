"""Forms of the bank pages: CSRF and rendering only; the services check the
values."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectChoice, SelectField, StringField

from core.payments.statements.models import DATE_FORMATS


class ActionForm(FlaskForm):
    """A button that posts: CSRF only."""


class BankAccountForm(FlaskForm):
    name = StringField(_l("Account name"))
    bank = StringField(_l("Bank"))
    number = StringField(_l("Account number"))
    ledger_account_id = SelectField(_l("Ledger account the money lands in"), choices=[], validate_choice=False)


class MappingForm(FlaskForm):
    date_column = StringField(_l("Date column"))
    description_column = StringField(_l("Description column"))
    amount_column = StringField(_l("Signed amount column"))
    debit_column = StringField(_l("Withdrawal column"))
    credit_column = StringField(_l("Deposit column"))
    reference_column = StringField(_l("Reference (Ref1) column"))
    balance_column = StringField(_l("Balance column"))
    date_format = SelectField(_l("Date format"), choices=[SelectChoice(f, f) for f in DATE_FORMATS],
                              validate_choice=False)
    year_era = SelectField(
        _l("Years"),
        choices=[SelectChoice("auto", _l("Buddhist Era when 2400 or later")),
                 SelectChoice("be", _l("Buddhist Era (พ.ศ.)")), SelectChoice("ce", _l("Common Era (ค.ศ.)"))],
        validate_choice=False)
    decimal_style = SelectField(
        _l("Number style"),
        choices=[SelectChoice("dot", "1,234.50"), SelectChoice("comma", "1.234,50")], validate_choice=False)
    skip_rows = StringField(_l("Rows to skip before the header"))
    has_header = BooleanField(_l("The first row read is a header"))


class UploadForm(FlaskForm):
    file = FileField(_l("Statement file (CSV)"))
    mode = SelectField(
        _l("If some lines are wrong"),
        choices=[SelectChoice("strict", _l("Import nothing until the file is fixed")),
                 SelectChoice("good_only", _l("Import the good rows only"))],
        validate_choice=False)


class ResolveForm(FlaskForm):
    payment_id = StringField(_l("Payment"))
    counter_account_id = SelectField(_l("Other account"), choices=[], validate_choice=False)
    memo = StringField(_l("Memo"))
    reason = StringField(_l("Reason"))
