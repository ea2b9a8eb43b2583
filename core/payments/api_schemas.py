"""API schemas of manual payments, receipts, bank statements and
reconciliation. Money goes out as integer satang with a formatted string
beside it (``amount`` and ``amount_formatted``), dates as ISO 8601; bank
account numbers only masked. Input is typed here and checked by the same
services as the pages."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, fields, validate

from core.api.paging import PageFields
from core.boundary import abandon
from core.errors import ValidationError
from core.i18n.formatting import format_thb
from core.payments.manual.services import TOKEN
from core.payments.statements.models import DATE_FORMATS


def _value(obj, name):
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name)


def formatted(name: str) -> fields.Function:
    """``฿1,234.50`` beside an integer-satang field ``name``."""
    return fields.Function(lambda obj: format_thb(_value(obj, name)), metadata={"description": f"{name}, formatted"})


def satang(**kw) -> fields.Integer:
    kw.setdefault("metadata", {"description": "satang"})
    return fields.Integer(**kw)


def validation_error(exc: ValidationError):
    """A service's input error as 422 JSON naming its field with a stable code,
    in the caller's language (the same shape as the registry API)."""
    abandon()
    message = exc.translated()
    body = {"error": {"code": exc.code, "message": message, "status": 422}}
    if exc.field:
        body["error"].update(field=exc.field, fields={exc.field: [message]}, codes={exc.field: exc.code})
    else:
        body["error"]["message"] = message
    return jsonify(body), 422


# --- manual payments and receipts ---------------------------------------------


class ManualPaymentIn(Schema):
    amount = fields.String(required=True, validate=validate.Length(max=40),
                           metadata={"description": "baht as typed, at most two decimals: \"1234.50\""})
    method = fields.String(required=True, validate=validate.Length(max=20),
                           metadata={"description": "cash or transfer"})
    payer_person_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**63 - 1))
    payer_name = fields.String(load_default=None, validate=validate.Length(max=200))
    reference = fields.String(load_default=None, validate=validate.Length(max=100),
                              metadata={"description": "slip or transaction number; required for a transfer"})
    credit_account_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**63 - 1))
    description = fields.String(load_default="", validate=validate.Length(max=500))
    book = fields.String(load_default=None, validate=validate.Length(max=40))
    idempotency_key = fields.String(
        load_default=None, validate=validate.Regexp(TOKEN),
        metadata={"description": "16-64 of A-Z a-z 0-9 _ -; or the Idempotency-Key header. "
                                 "The same key again returns the first receipt with 200."})


class ReceiptArgs(Schema):
    book = fields.String(load_default=None, validate=validate.Length(max=40))


class ReceiptOut(Schema):
    id = fields.Integer()
    display_number = fields.String()
    book = fields.String()
    year = fields.Integer(metadata={"description": "Buddhist Era"})
    number = fields.Integer()
    issued_at = fields.DateTime()
    payment_id = fields.Integer(allow_none=True)
    payer_person_id = fields.Integer(allow_none=True)
    payer_name = fields.String()
    amount = satang()
    amount_formatted = formatted("amount")
    description = fields.String()
    method = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)
    voided = fields.Boolean()
    voided_at = fields.DateTime(allow_none=True)
    void_reason = fields.String(allow_none=True)


class ReceiptPage(PageFields):
    items = fields.List(fields.Nested(ReceiptOut))


class VoidIn(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


# --- bank accounts, statements, reconciliation --------------------------------


class BankAccountOut(Schema):
    id = fields.Integer()
    name = fields.String()
    bank = fields.String()
    number_masked = fields.String()
    ledger_account_id = fields.Integer()


class BankAccountList(Schema):
    items = fields.List(fields.Nested(BankAccountOut))


class StatementUploadForm(Schema):
    class Meta:
        unknown = EXCLUDE  # the CSRF token of a session caller

    mode = fields.String(load_default="strict", validate=validate.OneOf(("strict", "good_only")),
                         metadata={"description": "strict imports nothing when a line is bad; "
                                                  "good_only skips bad lines"})


class StatementUploadFiles(Schema):
    file = Upload(required=True, metadata={"description": "the bank's CSV statement"})


class ImportErrorOut(Schema):
    row = fields.Integer()
    field = fields.String(allow_none=True)
    code = fields.String(allow_none=True)
    message = fields.String()


class StatementImportOut(Schema):
    id = fields.Integer()
    bank_account_id = fields.Integer()
    filename = fields.String()
    mode = fields.String()
    status = fields.String(metadata={"description": "queued, validating, importing, invalid, done or failed"})
    finished = fields.Boolean()
    percent = fields.Integer()
    total_rows = fields.Integer()
    processed_rows = fields.Integer()
    lines_added = fields.Integer()
    lines_already = fields.Integer()
    rows_skipped = fields.Integer()
    message = fields.String(allow_none=True)
    errors = fields.List(fields.Nested(ImportErrorOut))
    created_at = fields.DateTime()
    status_url = fields.String()


class ReconcileIn(Schema):
    bank_account_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**63 - 1))


class ReconcileOut(Schema):
    status = fields.String(metadata={"description": "done (run at once) or queued"})
    accounts = fields.Dict(keys=fields.String(), values=fields.Dict(),
                           metadata={"description": "per bank account id: lines matched by ref1, "
                                                    "by amount and date, and left ambiguous"})


class ExceptionArgs(Schema):
    bank_account_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**63 - 1))


class LineOut(Schema):
    id = fields.Integer()
    bank_account_id = fields.Integer()
    line_date = fields.Date()
    amount = satang()
    amount_formatted = formatted("amount")
    description = fields.String()
    reference = fields.String(allow_none=True)
    ref1 = fields.String(allow_none=True)
    balance_after = satang(allow_none=True)
    status = fields.String()


class OpenPaymentOut(Schema):
    id = fields.Integer()
    amount = satang()
    amount_formatted = formatted("amount")
    method = fields.String()
    status = fields.String()
    ref1 = fields.String(allow_none=True)
    description = fields.String()
    succeeded_at = fields.DateTime(allow_none=True)


class AmbiguousOut(LineOut):
    candidate_payment_ids = fields.List(fields.Integer())


class MismatchOut(Schema):
    line = fields.Nested(LineOut)
    payment = fields.Nested(OpenPaymentOut)
    difference = satang(metadata={"description": "line − payment, satang"})
    difference_formatted = formatted("difference")


class AccountExceptionsOut(Schema):
    bank_account = fields.Nested(BankAccountOut)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    unmatched = fields.List(fields.Nested(LineOut))
    ambiguous = fields.List(fields.Nested(AmbiguousOut))
    mismatches = fields.List(fields.Nested(MismatchOut))
    payments = fields.List(fields.Nested(OpenPaymentOut), metadata={"description": "payments not on a statement"})


class ExceptionsOut(Schema):
    items = fields.List(fields.Nested(AccountExceptionsOut))


class StatementArgs(Schema):
    as_of = fields.Date(load_default=None, metadata={"description": "YYYY-MM-DD; today when left out"})


class DifferenceOut(Schema):
    line = fields.Nested(LineOut)
    difference = satang()
    difference_formatted = formatted("difference")


class ReconStatementOut(Schema):
    bank_account = fields.Nested(BankAccountOut)
    as_of = fields.Date()
    bank_closing = satang()
    bank_closing_formatted = formatted("bank_closing")
    closing_from_balance = fields.Boolean()
    ledger_balance = satang()
    ledger_balance_formatted = formatted("ledger_balance")
    in_transit = fields.List(fields.Nested(OpenPaymentOut))
    in_transit_total = satang()
    in_transit_total_formatted = formatted("in_transit_total")
    other_ledger = satang()
    other_ledger_formatted = formatted("other_ledger")
    ledger_only_total = satang()
    ledger_only_total_formatted = formatted("ledger_only_total")
    not_in_ledger = fields.List(fields.Nested(LineOut))
    late = fields.List(fields.Nested(LineOut))
    differences = fields.List(fields.Nested(DifferenceOut))
    bank_only_total = satang()
    bank_only_total_formatted = formatted("bank_only_total")
    explained = satang()
    explained_formatted = formatted("explained")
    difference = satang()
    difference_formatted = formatted("difference")
    balances = fields.Boolean()


ID = validate.Range(min=1, max=2**63 - 1)


class BankAccountIn(Schema):
    name = fields.String(required=True, validate=validate.Length(max=200))
    bank = fields.String(load_default="", validate=validate.Length(max=200))
    number = fields.String(load_default="", validate=validate.Length(max=60),
                           metadata={"description": "kept only masked: the last four digits"})
    ledger_account_id = fields.Integer(required=True, validate=ID,
                                       metadata={"description": "an asset account of the ledger the money lands in"})


class MappingIn(Schema):
    """A bank account's CSV column mapping; checked by the same service as the page."""

    date_column = fields.String(required=True, validate=validate.Length(max=200))
    description_column = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    amount_column = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200),
                                  metadata={"description": "a signed amount; or both debit and credit columns"})
    debit_column = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    credit_column = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    reference_column = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200),
                                     metadata={"description": "the Ref1 column"})
    balance_column = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    date_format = fields.String(load_default="DD/MM/YYYY", validate=validate.Length(max=40),
                                metadata={"description": ", ".join(DATE_FORMATS)})
    year_era = fields.String(load_default="auto", validate=validate.Length(max=40),
                             metadata={"description": "auto (Buddhist Era when 2400 or later), be or ce"})
    decimal_style = fields.String(load_default="dot", validate=validate.Length(max=40),
                                  metadata={"description": "dot (1,234.50) or comma (1.234,50)"})
    skip_rows = fields.Integer(load_default=0, metadata={"description": "0 to 50"})
    has_header = fields.Boolean(load_default=True)


class MappingOut(Schema):
    bank_account_id = fields.Integer()
    date_column = fields.String()
    description_column = fields.String(allow_none=True)
    amount_column = fields.String(allow_none=True)
    debit_column = fields.String(allow_none=True)
    credit_column = fields.String(allow_none=True)
    reference_column = fields.String(allow_none=True)
    balance_column = fields.String(allow_none=True)
    date_format = fields.String()
    year_era = fields.String()
    decimal_style = fields.String()
    skip_rows = fields.Integer()
    has_header = fields.Boolean()


class LinkIn(Schema):
    payment_id = fields.Integer(required=True, validate=ID,
                                metadata={"description": "a payment that landed in this bank account, not matched"})


class ReasonIn(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=2000), metadata={"description": "required"})


class EntryIn(Schema):
    counter_account_id = fields.Integer(required=True, validate=ID,
                                        metadata={"description": "the ledger account the other side goes to"})
    memo = fields.String(load_default="", validate=validate.Length(max=500))


class LinkOut(Schema):
    line = fields.Nested(LineOut)
    payment_id = fields.Integer()
    kind = fields.String()
    difference = satang(metadata={"description": "line − payment, satang"})
    difference_formatted = formatted("difference")


class IgnoredPaymentOut(Schema):
    payment_id = fields.Integer()
    bank_account_id = fields.Integer()
    action = fields.String()
    reason = fields.String()


def translated_errors(errors: list[dict] | None) -> list[dict]:
    """A statement import's per-line errors in the caller's language."""
    out = []
    for error in errors or []:
        msgid, params = error.get("message") or "", error.get("params") or {}
        out.append({"row": error.get("row"), "field": error.get("field"), "code": error.get("code"),
                    "message": _(msgid, **params) if params else _(msgid)})
    return out
