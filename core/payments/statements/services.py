"""Bank accounts, their statement mappings and statement uploads: verbs and
lookups for the tenant in context. Flush, never commit."""

from __future__ import annotations

import sqlalchemy as sa

from core.audit.services import record
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from core.imports import runner
from core.imports.models import ImportJob
from core.ledger.models import Account
from core.payments.statements.importer import IMPORTER, mapping_for
from core.payments.statements.models import (
    DATE_FORMATS,
    DECIMAL_STYLES,
    YEAR_ERAS,
    BankAccount,
    StatementLine,
    StatementMapping,
)

MAX_STATEMENT_BYTES = 20 * 1024 * 1024


class BankAccountNotFound(NotFound):
    code = "bank_account_not_found"
    message = N_("Bank account not found")


class StatementImportNotFound(NotFound):
    code = "statement_import_not_found"
    message = N_("Statement upload not found")


class StatementLineNotFound(NotFound):
    code = "statement_line_not_found"
    message = N_("Statement line not found")


class LedgerAccountTaken(Conflict):
    code = "bank_ledger_account_taken"
    message = N_("Another bank account already uses this ledger account")


class NotRetryable(Conflict):
    code = "statement_import_not_retryable"
    message = N_("Only an import with errors can import its good rows")


def bank_accounts() -> list[BankAccount]:
    return list(db.session.scalars(sa.select(BankAccount).order_by(BankAccount.name)))


def get_bank_account(bank_account_id: int) -> BankAccount:
    found = db.session.scalar(sa.select(BankAccount).where(BankAccount.id == bank_account_id))
    if found is None:
        raise BankAccountNotFound()
    return found


def get_import(import_id: int) -> ImportJob:
    found = runner.get(IMPORTER.kind, import_id)
    if found is None:
        raise StatementImportNotFound()
    return found


def import_account(job: ImportJob) -> BankAccount:
    """The bank account a statement import is for."""
    if job.subject_id is None:
        raise BankAccountNotFound()
    return get_bank_account(job.subject_id)


def get_line(line_id: int) -> StatementLine:
    found = db.session.scalar(sa.select(StatementLine).where(StatementLine.id == line_id))
    if found is None:
        raise StatementLineNotFound()
    return found


def imports(bank_account_id: int, limit: int = 20) -> list[ImportJob]:
    return runner.jobs(IMPORTER.kind, subject_id=bank_account_id, limit=limit)


def asset_accounts() -> list[Account]:
    return list(db.session.scalars(sa.select(Account).where(Account.type == "asset").order_by(Account.code)))


def _text(value, field: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(N_("This field is required"), field=field)
    if len(value) > limit:
        raise ValidationError(N_("At most %(limit)s characters"), field=field, limit=limit)
    return value


def mask_number(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    return ("x" * max(len(digits) - 4, 0) + digits[-4:]) if digits else ""


def create_bank_account(*, name: str, bank: str, number: str, ledger_account_id: int, actor_id: int | None) -> BankAccount:
    name = _text(name, "name", 120, required=True)
    account = db.session.scalar(sa.select(Account).where(Account.id == ledger_account_id, Account.type == "asset"))
    if account is None:
        raise ValidationError(N_("Choose an asset account of the ledger"), field="ledger_account_id")
    if db.session.scalar(sa.select(BankAccount.id).where(BankAccount.ledger_account_id == account.id)):
        raise LedgerAccountTaken(field="ledger_account_id")
    if db.session.scalar(sa.select(BankAccount.id).where(BankAccount.name == name)):
        raise ValidationError(N_("A bank account with this name already exists"), field="name")
    row = BankAccount(name=name, bank=_text(bank, "bank", 60), number_masked=mask_number(number or ""),
                      ledger_account_id=account.id)
    db.session.add(row)
    db.session.flush()
    record("payments.bank_account.create", actor_id=actor_id, target_type="bank_account", target_id=row.id,
           after={"name": row.name, "bank": row.bank, "number": row.number_masked, "ledger_account_id": account.id})
    return row


MAPPING_FIELDS = ("date_column", "description_column", "amount_column", "debit_column", "credit_column",
                  "reference_column", "balance_column", "date_format", "year_era", "decimal_style",
                  "skip_rows", "has_header")


def current_mapping(bank_account_id: int) -> StatementMapping:
    return mapping_for(bank_account_id)


def save_mapping(bank_account: BankAccount, data: dict, actor_id: int | None) -> StatementMapping:
    """Create or replace the account's mapping after checking it."""
    clean: dict = {}
    for role in ("date", "description", "amount", "debit", "credit", "reference", "balance"):
        clean[f"{role}_column"] = _text(data.get(f"{role}_column"), f"{role}_column", 60) or None
    if not clean["date_column"]:
        raise ValidationError(N_("This field is required"), field="date_column")
    if not clean["amount_column"] and not (clean["debit_column"] and clean["credit_column"]):
        raise ValidationError(N_("Map either an amount column or both debit and credit columns"),
                              field="amount_column")
    for name, choices in (("date_format", DATE_FORMATS), ("year_era", YEAR_ERAS), ("decimal_style", DECIMAL_STYLES)):
        if data.get(name) not in choices:
            raise ValidationError(N_("Choose one of the options"), field=name)
        clean[name] = data[name]
    try:
        clean["skip_rows"] = int(data.get("skip_rows") or 0)
    except (TypeError, ValueError):
        clean["skip_rows"] = -1
    if not 0 <= clean["skip_rows"] <= 50:
        raise ValidationError(N_("A number from 0 to 50"), field="skip_rows")
    clean["has_header"] = bool(data.get("has_header"))
    mapping = db.session.scalar(
        sa.select(StatementMapping).where(StatementMapping.bank_account_id == bank_account.id))
    before = {k: getattr(mapping, k) for k in MAPPING_FIELDS} if mapping else None
    if mapping is None:
        mapping = StatementMapping(bank_account_id=bank_account.id)
        db.session.add(mapping)
    for key, value in clean.items():
        setattr(mapping, key, value)
    db.session.flush()
    record("payments.statement_mapping.save", actor_id=actor_id, target_type="bank_account",
           target_id=bank_account.id, before=before, after=clean)
    return mapping


def start_import(bank_account: BankAccount, filename: str, content: bytes, mode: str,
                 actor_id: int | None) -> ImportJob:
    """Keep the file with a queued job; the caller enqueues the task after commit."""
    if not content:
        raise ValidationError(N_("Choose a file to upload"), field="file")
    if len(content) > MAX_STATEMENT_BYTES:
        raise ValidationError(N_("The file is larger than %(limit)s MB"), field="file", limit=20)
    if mode not in ("strict", "good_only"):
        raise ValidationError(N_("Choose one of the options"), field="mode")
    job = runner.new_job(IMPORTER, filename or "statement.csv", content, mode, actor_id=actor_id,
                         subject_id=bank_account.id)
    record("payments.statement.upload", actor_id=actor_id, target_type="statement_import", target_id=job.id,
           after={"filename": job.filename, "bytes": len(content), "mode": mode, "bank_account_id": bank_account.id})
    return job


def import_good_rows(job: ImportJob, actor_id: int | None) -> ImportJob:
    if job.status != "invalid":
        raise NotRetryable()
    runner.retry_good_rows(job)
    record("payments.statement.good_only", actor_id=actor_id, target_type="statement_import", target_id=job.id)
    return job


# --- the exceptions page and the reconciliation statement ----------------------

LIST_LIMIT = 200


def _lines(bank_account_id: int, statuses: tuple[str, ...], limit: int = LIST_LIMIT) -> list[StatementLine]:
    return list(db.session.scalars(
        sa.select(StatementLine)
        .where(StatementLine.bank_account_id == bank_account_id, StatementLine.status.in_(statuses))
        .order_by(StatementLine.line_date, StatementLine.id).limit(limit)
    ))


def counts(bank_account_id: int) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(StatementLine.status, sa.func.count())
        .where(StatementLine.bank_account_id == bank_account_id).group_by(StatementLine.status)
    ).all()
    return dict(rows)


def exceptions(account: BankAccount, window_days: int = 3) -> dict:
    """What staff still have to look at, each list capped at LIST_LIMIT."""
    from core.payments.models import Payment
    from core.payments.reconciliation.matching import open_payments_query
    from core.payments.statements.models import ReconMatch

    mismatches = db.session.execute(
        sa.select(StatementLine, Payment, ReconMatch.difference)
        .join(ReconMatch, ReconMatch.statement_line_id == StatementLine.id)
        .join(Payment, Payment.id == ReconMatch.payment_id)
        .where(StatementLine.bank_account_id == account.id, StatementLine.status == "mismatch")
        .order_by(StatementLine.line_date, StatementLine.id).limit(LIST_LIMIT)
    ).all()
    open_payments = list(db.session.scalars(open_payments_query(account).order_by(Payment.id).limit(LIST_LIMIT)))
    ambiguous = _lines(account.id, ("ambiguous",))
    candidates = {
        line.id: [p for p in open_payments if p.amount == line.amount] for line in ambiguous
    }
    return {
        "unmatched": _lines(account.id, ("unmatched",)),
        "ambiguous": ambiguous,
        "candidates": candidates,
        "mismatches": mismatches,
        "payments": open_payments,
    }


def recon_statement(account: BankAccount, as_of) -> dict:
    """Bank closing balance = ledger balance − ledger items not on the statement
    + bank items not in the ledger, as of a date."""
    from core.ledger.models import Account, JournalEntry, JournalLine
    from core.ledger.queries import balance
    from core.payments.models import Payment
    from core.payments.payouts.models import StripePayout
    from core.payments.statements.models import ReconException, ReconMatch

    upto = (StatementLine.bank_account_id == account.id) & (StatementLine.line_date <= as_of)
    last_known = db.session.scalar(
        sa.select(StatementLine).where(upto, StatementLine.balance_after.is_not(None))
        .order_by(StatementLine.line_date.desc(), StatementLine.id.desc()).limit(1))
    later = upto
    if last_known is not None:
        later = upto & sa.or_(StatementLine.line_date > last_known.line_date,
                              sa.and_(StatementLine.line_date == last_known.line_date,
                                      StatementLine.id > last_known.id))
    bank_closing = (last_known.balance_after if last_known else 0) + (
        db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(StatementLine.amount), 0)).where(later)) or 0)

    ledger_account = db.session.scalar(sa.select(Account).where(Account.id == account.ledger_account_id))
    ledger_balance = balance(ledger_account, as_of)

    entry_date = (sa.select(JournalEntry.entry_date).where(JournalEntry.id == Payment.journal_entry_id)
                  .scalar_subquery())
    on_statement = sa.exists(
        sa.select(ReconMatch.id).join(StatementLine, StatementLine.id == ReconMatch.statement_line_id)
        .where(ReconMatch.payment_id == Payment.id, StatementLine.line_date <= as_of))
    in_transit = list(db.session.scalars(
        sa.select(Payment).where(Payment.debit_account_id == account.ledger_account_id,
                                 Payment.journal_entry_id.is_not(None), entry_date <= as_of, ~on_statement)
        .order_by(Payment.id)))

    payment_entries = sa.select(Payment.journal_entry_id).where(Payment.journal_entry_id.is_not(None))
    recon_entries = sa.select(ReconException.journal_entry_id).where(ReconException.journal_entry_id.is_not(None))
    # a Stripe payout's entry is booked from its bank line, so it is on the statement
    payout_entries = sa.select(StripePayout.journal_entry_id).where(StripePayout.journal_entry_id.is_not(None))
    other_ledger = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(JournalLine.amount), 0))
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(JournalLine.account_id == account.ledger_account_id, JournalEntry.entry_date <= as_of,
               JournalEntry.id.not_in(payment_entries), JournalEntry.id.not_in(recon_entries),
               JournalEntry.id.not_in(payout_entries))) or 0

    not_in_ledger = list(db.session.scalars(
        sa.select(StatementLine).where(upto, StatementLine.status.in_(("unmatched", "ambiguous", "ignored")))
        .order_by(StatementLine.line_date, StatementLine.id)))
    matched = db.session.execute(
        sa.select(StatementLine, ReconMatch.difference, entry_date.label("entry_date"),
                  sa.exists(sa.select(ReconException.id).where(
                      ReconException.statement_line_id == StatementLine.id,
                      ReconException.action == "entry")).label("difference_entered"))
        .join(ReconMatch, ReconMatch.statement_line_id == StatementLine.id)
        .join(Payment, Payment.id == ReconMatch.payment_id)
        .where(upto, StatementLine.status.in_(("matched", "mismatch")))
    ).all()
    late = [row.StatementLine for row in matched if row.entry_date is None or row.entry_date > as_of]
    differences = [(row.StatementLine, row.difference) for row in matched
                   if row.entry_date is not None and row.entry_date <= as_of and row.difference
                   and not row.difference_entered]

    in_transit_total = sum(p.amount for p in in_transit)
    bank_only_total = (sum(line.amount for line in not_in_ledger) + sum(line.amount for line in late)
                       + sum(d for _, d in differences))
    ledger_only_total = in_transit_total + other_ledger
    explained = ledger_balance - ledger_only_total + bank_only_total
    return {
        "as_of": as_of, "bank_closing": bank_closing, "closing_from_balance": last_known is not None,
        "ledger_balance": ledger_balance, "in_transit": in_transit, "in_transit_total": in_transit_total,
        "other_ledger": other_ledger, "ledger_only_total": ledger_only_total,
        "not_in_ledger": not_in_ledger, "late": late, "differences": differences,
        "bank_only_total": bank_only_total, "explained": explained,
        "difference": bank_closing - explained, "balances": bank_closing == explained,
    }
