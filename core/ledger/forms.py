"""Reading the ledger forms: a manual entry (2–6 lines of account and debit or
credit typed in baht), a reversal reason, a period close date."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from core.audit.forms import FieldError
from core.errors import ValidationError
from core.forms import parse

MAX_LINES = 6
MIN_LINES = 2


def new_key() -> str:
    return "manual:" + secrets.token_urlsafe(12)


def _amount(text: str) -> int | None:
    try:
        return parse.money(text, positive=True)
    except ValidationError as exc:
        raise FieldError(exc.translated()) from None


def _date(text: str, required: bool = True) -> date | None:
    try:
        return parse.typed_date(text, required=required)
    except parse.Required:
        raise FieldError(_("Enter a date")) from None
    except ValidationError as exc:
        raise FieldError(exc.translated()) from None


@dataclass
class EntryForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    entry_date: date | None = None
    memo: str = ""
    key: str = ""
    lines: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def blank(cls, today: date) -> EntryForm:
        return cls(values={"entry_date": today.isoformat(), "key": new_key()})

    @classmethod
    def read(cls, form, account_ids: set[int]) -> EntryForm:
        found = cls(values={k: (v or "").strip() for k, v in form.items() if k != "csrf_token"})
        v = found.values
        try:
            found.entry_date = _date(v.get("entry_date", ""))
        except FieldError as exc:
            found.errors["entry_date"] = str(exc)
        found.memo = v.get("memo", "")[:500]
        if not found.memo:
            found.errors["memo"] = _("Say what this entry is for")
        key = v.get("key", "")
        found.key = key if key.startswith("manual:") and len(key) <= 60 else new_key()
        for i in range(MAX_LINES):
            found._read_line(i, account_ids)
        if len(found.lines) < MIN_LINES and not any(k.startswith("line-") for k in found.errors):
            found.errors["lines"] = _("An entry needs at least two lines")
        return found

    def _read_line(self, i: int, account_ids: set[int]) -> None:
        v = self.values
        account, debit, credit = (v.get(f"line-{i}-{part}", "") for part in ("account", "debit", "credit"))
        if not (account or debit or credit):
            return
        amounts = {}
        for side, text in (("debit", debit), ("credit", credit)):
            try:
                amounts[side] = _amount(text)
            except FieldError as exc:
                self.errors[f"line-{i}-{side}"] = str(exc)
        if not account.isdigit() or int(account) not in account_ids:
            self.errors[f"line-{i}-account"] = _("Choose an account")
        if any(k.startswith(f"line-{i}-") for k in self.errors):
            return
        if amounts["debit"] and amounts["credit"]:
            self.errors[f"line-{i}-credit"] = _("Enter a debit or a credit, not both")
        elif not (amounts["debit"] or amounts["credit"]):
            self.errors[f"line-{i}-debit"] = _("Enter a debit or a credit")
        else:
            self.lines.append((int(account), amounts["debit"] or -amounts["credit"]))


def read_close(form) -> tuple[str, date | None, dict[str, str]]:
    book = (form.get("book") or "").strip()
    errors = {}
    if not book:
        errors["book"] = _("Choose a book")
    through = None
    try:
        through = _date(form.get("through", ""))
    except FieldError as exc:
        errors["through"] = str(exc)
    return book, through, errors
