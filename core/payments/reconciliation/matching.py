"""Matching bank statement lines to ledger payments, set-based in SQL.

Per bank account, in one transaction (the caller commits):

0. **Bank-confirmed payments** — a payment shown as our own PromptPay QR or
   transfer details with a Ref1 and still waiting (provider ``manual``) is
   confirmed by the one line with that Ref1 and exactly its amount: it lands
   in this account and succeeds through ``services.transition`` (which posts
   its entry), audited with the line that confirmed it (no person acted: the
   bank statement did). Another amount leaves the line for staff.
1. **Ref1** — a line whose Ref1 equals a payment's ``ref1``, the payment
   landed in the account's ledger account and succeeded: one
   ``INSERT … SELECT`` into ``recon_match``; the line is *matched* when the
   amounts agree and an *amount mismatch* when not.
2. **Amount and date** — the lines left, against the payments left, with the
   same amount and the payment's entry date within ± ``window_days`` of the
   line: a pair is matched only when it is the only candidate on both sides;
   lines with several candidates are *ambiguous*, left for staff.
   Before it, Stripe payouts find their lines (``core.payments.payouts.services``):
   one line for many card and PromptPay payments, booked from the provider
   clearing account to the bank with the fees apart.

``UNIQUE (statement_line_id)`` and ``UNIQUE (payment_id)`` on
``recon_match`` with ``ON CONFLICT DO NOTHING`` make every match exactly-once,
so running it twice (or two workers at once) changes nothing the second time.
Lines resolved by staff (ignored, entered) and payments ignored by staff are
left out. Matching never loops over lines in Python; only the verbs that
follow a match (a payment's success, a payout's entry) run once per match.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.audit.services import record
from core.db import db
from core.errors import N_, Conflict, ValidationError
from core.ledger import services as ledger
from core.payments.models import Payment
from core.payments.payouts import services as payouts
from core.payments.statements.models import BankAccount, ReconException, ReconMatch, StatementLine
from core.tenancy.context import require_tenant_id

DEFAULT_WINDOW_DAYS = 3
MATCHABLE_PAYMENT_STATUSES = ("succeeded", "partly_refunded")


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _window(line_date: str, entry_date: str) -> str:
    """SQL: the entry date lies within ±:w days of the line date."""
    if _postgres():
        return f"{entry_date} BETWEEN {line_date} - CAST(:w AS integer) AND {line_date} + CAST(:w AS integer)"
    return f"abs(julianday({entry_date}) - julianday({line_date})) <= :w"


_OPEN_PAYMENTS = """
    p.tenant_id = :t AND p.debit_account_id = :acct
    AND p.status IN ('succeeded', 'partly_refunded')
    AND NOT EXISTS (SELECT 1 FROM recon_match m WHERE m.tenant_id = :t AND m.payment_id = p.id)
    AND NOT EXISTS (SELECT 1 FROM recon_exception x WHERE x.tenant_id = :t AND x.payment_id = p.id)
"""

_OPEN_LINES = """
    sl.tenant_id = :t AND sl.bank_account_id = :b AND sl.status IN ('unmatched', 'ambiguous') AND sl.amount > 0
    AND NOT EXISTS (SELECT 1 FROM recon_match ml WHERE ml.tenant_id = :t AND ml.statement_line_id = sl.id)
    AND NOT EXISTS (SELECT 1 FROM stripe_payout pl WHERE pl.tenant_id = :t AND pl.statement_line_id = sl.id)
"""

# Our own PromptPay QR (or transfer details) with a Ref1, still waiting for the
# money (or cancelled: money that arrives anyway is a fact, and the domain's
# hook flags it as an overpayment): a bank line with that Ref1 and exactly that
# amount confirms it, when the line names only that payment. When the payer
# paid twice (several lines with the same Ref1 and amount), the first line
# confirms the payment and the others stay open, shown as duplicates.
_CONFIRM_SQL = """
    INSERT INTO recon_match (tenant_id, statement_line_id, payment_id, kind, difference, created_at)
    SELECT :t, line_id, payment_id, 'ref1', 0, CURRENT_TIMESTAMP
    FROM (
        SELECT sl.id AS line_id, p.id AS payment_id,
               count(*) OVER (PARTITION BY sl.id) AS per_line,
               row_number() OVER (PARTITION BY p.id ORDER BY sl.line_date, sl.id) AS nth_line
        FROM statement_line sl
        JOIN payment p ON p.tenant_id = sl.tenant_id AND p.ref1 = sl.ref1 AND p.amount = sl.amount
        WHERE {open_lines} AND sl.ref1 IS NOT NULL
          AND p.provider = 'manual' AND p.method IN ('promptpay', 'transfer')
          AND p.status IN ('created', 'pending', 'cancelled')
          AND NOT EXISTS (SELECT 1 FROM recon_match m WHERE m.tenant_id = :t AND m.payment_id = p.id)
    ) pairs
    WHERE per_line = 1 AND nth_line = 1
    ON CONFLICT DO NOTHING
    RETURNING statement_line_id, payment_id
"""

# The money landed in this bank account: that is where the payment's entry goes.
_LAND_CONFIRMED = """
    UPDATE payment SET debit_account_id = :acct
    WHERE tenant_id = :t AND status IN ('created', 'pending', 'cancelled') AND id IN (
        SELECT m.payment_id FROM recon_match m JOIN statement_line sl
          ON sl.tenant_id = m.tenant_id AND sl.id = m.statement_line_id
        WHERE m.tenant_id = :t AND sl.bank_account_id = :b AND sl.status IN ('unmatched', 'ambiguous'))
"""


def _ref1_sql() -> str:
    return f"""
    INSERT INTO recon_match (tenant_id, statement_line_id, payment_id, kind, difference, created_at)
    SELECT :t, sl.id, p.id, 'ref1', sl.amount - p.amount, CURRENT_TIMESTAMP
    FROM statement_line sl
    JOIN payment p ON p.tenant_id = sl.tenant_id AND p.ref1 = sl.ref1
    WHERE {_OPEN_LINES} AND sl.ref1 IS NOT NULL AND {_OPEN_PAYMENTS}
    ORDER BY (sl.amount = p.amount) DESC, sl.line_date, sl.id, p.id
    ON CONFLICT DO NOTHING
    """


def _candidates_sql() -> str:
    """Amount-and-date candidates with how many each side has."""
    return f"""
    INSERT INTO recon_candidate (line_id, payment_id, per_line, per_payment)
    SELECT line_id, payment_id,
           count(*) OVER (PARTITION BY line_id), count(*) OVER (PARTITION BY payment_id)
    FROM (
        SELECT sl.id AS line_id, p.id AS payment_id
        FROM statement_line sl
        JOIN payment p ON p.tenant_id = sl.tenant_id AND p.amount = sl.amount
        JOIN journal_entry je ON je.tenant_id = p.tenant_id AND je.id = p.journal_entry_id
        WHERE {_OPEN_LINES} AND {_OPEN_PAYMENTS} AND {_window("sl.line_date", "je.entry_date")}
    ) pairs
    """


_AMOUNT_MATCH = """
    INSERT INTO recon_match (tenant_id, statement_line_id, payment_id, kind, difference, created_at)
    SELECT :t, c.line_id, c.payment_id, 'amount_date', 0, CURRENT_TIMESTAMP
    FROM recon_candidate c WHERE c.per_line = 1 AND c.per_payment = 1
    ON CONFLICT DO NOTHING
"""

# Lines matched by this run are the open ones with a match: one pass sets them all.
_MARK_MATCHED = """
    UPDATE statement_line SET status = CASE WHEN m.difference = 0 THEN 'matched' ELSE 'mismatch' END
    FROM recon_match m
    WHERE m.tenant_id = :t AND m.statement_line_id = statement_line.id
      AND statement_line.tenant_id = :t AND statement_line.bank_account_id = :b
      AND statement_line.status IN ('unmatched', 'ambiguous')
"""

# Ambiguity is recomputed each run: a payment linked by staff may leave one candidate.
_CLEAR_AMBIGUOUS = """
    UPDATE statement_line SET status = 'unmatched'
    WHERE tenant_id = :t AND bank_account_id = :b AND status = 'ambiguous'
"""

_MARK_AMBIGUOUS = """
    UPDATE statement_line SET status = 'ambiguous'
    WHERE tenant_id = :t AND bank_account_id = :b AND status = 'unmatched'
      AND id IN (SELECT line_id FROM recon_candidate)
"""


@dataclass
class Outcome:
    by_ref1: int = 0
    by_amount_date: int = 0
    ambiguous: int = 0
    confirmed: int = 0  # waiting own-PromptPay/transfer payments the bank confirmed
    payouts: int = 0  # Stripe payouts whose bank line was found

    @property
    def matched(self) -> int:
        return self.by_ref1 + self.by_amount_date + self.confirmed + self.payouts


def _candidate_table() -> None:
    if _postgres():
        db.session.execute(sa.text(
            "CREATE TEMP TABLE IF NOT EXISTS recon_candidate "
            "(line_id bigint, payment_id bigint, per_line int, per_payment int) ON COMMIT DELETE ROWS"))
    else:
        db.session.execute(sa.text(
            "CREATE TEMP TABLE IF NOT EXISTS recon_candidate "
            "(line_id integer, payment_id integer, per_line integer, per_payment integer)"))
    db.session.execute(sa.text("DELETE FROM recon_candidate"))


def reconcile_account(bank_account_id: int, window_days: int = DEFAULT_WINDOW_DAYS) -> Outcome:
    """Match one bank account's open lines (flushes; the caller commits)."""
    db.session.flush()
    tenant_id = require_tenant_id()
    account = db.session.scalar(sa.select(BankAccount).where(BankAccount.id == bank_account_id))
    if account is None:
        return Outcome()
    params = {"t": tenant_id, "b": account.id, "acct": account.ledger_account_id, "w": int(window_days)}
    # One reconciliation of an account at a time: a second waits, then finds nothing left.
    if _postgres():
        db.session.execute(sa.text("SELECT id FROM bank_account WHERE tenant_id = :t AND id = :b FOR UPDATE"),
                           params)
    run = db.session.execute
    if _postgres():
        run(sa.text("SET LOCAL jit = off"))  # compiling costs more than these plain joins gain
    outcome = Outcome()
    outcome.confirmed = _confirm_waiting(params)
    outcome.by_ref1 = run(sa.text(_ref1_sql()), params).rowcount
    outcome.payouts = payouts.match_lines(params, _OPEN_LINES)
    _candidate_table()
    run(sa.text(_candidates_sql()), params)
    if _postgres():
        run(sa.text("ANALYZE recon_candidate"))
    outcome.by_amount_date = run(sa.text(_AMOUNT_MATCH), params).rowcount
    if outcome.matched:
        run(sa.text(_MARK_MATCHED), params)
    run(sa.text(_CLEAR_AMBIGUOUS), params)
    outcome.ambiguous = run(sa.text(_MARK_AMBIGUOUS), params).rowcount
    run(sa.text("DELETE FROM recon_candidate"))
    payouts.post_matched(account.ledger_account_id, account.id)
    db.session.expire_all()
    return outcome


def _confirm_waiting(params: dict) -> int:
    """Set-based: pair waiting payments with their bank lines; then each
    paired payment succeeds through the one status verb, which posts its
    entry (conditional, so a second run confirms nothing twice)."""
    from core.payments import services

    pairs = db.session.execute(sa.text(_CONFIRM_SQL.format(open_lines=_OPEN_LINES)), params).all()
    if not pairs:
        return 0
    db.session.execute(sa.text(_LAND_CONFIRMED), params)  # lines are marked matched with the others
    db.session.expire_all()
    for line_id, payment_id in sorted(pairs, key=lambda pair: pair[1]):
        before = db.session.scalar(sa.select(Payment.status).where(Payment.id == payment_id))
        if services.transition(payment_id, "succeeded", source=f"bank:{line_id}",
                               detail={"statement_line_id": line_id}):
            _audit_bank_confirmed(line_id, payment_id, before)
    return len(pairs)


def _audit_bank_confirmed(line_id: int, payment_id: int, before: str | None) -> None:
    line = db.session.get(StatementLine, line_id)
    payment = db.session.get(Payment, payment_id)
    record("payments.confirmed_by_bank", actor_id=None, target_type="payment", target_id=payment_id,
           before={"status": before},
           after={"status": payment.status, "by": "bank_statement", "statement_line_id": line_id,
                  "bank_account_id": line.bank_account_id, "line_date": line.line_date.isoformat(),
                  "reference": line.reference, "amount": line.amount, "ref1": payment.ref1})


def reconcile_tenant(bank_account_id: int | None = None, window_days: int = DEFAULT_WINDOW_DAYS) -> dict[int, Outcome]:
    ids = [bank_account_id] if bank_account_id else list(
        db.session.scalars(sa.select(BankAccount.id).order_by(BankAccount.id)))
    return {i: reconcile_account(i, window_days) for i in ids}


# --- staff resolving what did not match ---------------------------------------


class NotOpen(Conflict):
    code = "recon_not_open"
    message = N_("This item was already resolved")


class PaymentNotMatchable(Conflict):
    code = "recon_payment_not_matchable"
    message = N_("This payment did not land in this bank account or is already matched")


class ReasonRequired(ValidationError):
    code = "recon_reason_required"
    message = N_("Give a reason")


OPEN_LINE = ("unmatched", "ambiguous")


def _line(line_id: int, statuses: tuple[str, ...]) -> StatementLine:
    from core.payments.statements.services import get_line

    line = get_line(line_id)
    db.session.refresh(line, with_for_update=True)
    if line.status not in statuses:
        raise NotOpen()
    return line


def _summary(line: StatementLine) -> dict:
    return {"line_date": line.line_date.isoformat(), "amount": line.amount, "reference": line.reference,
            "status": line.status}


def open_payments_query(account: BankAccount):
    matched = sa.select(ReconMatch.payment_id).where(ReconMatch.payment_id == Payment.id)
    resolved = sa.select(ReconException.payment_id).where(ReconException.payment_id == Payment.id)
    return sa.select(Payment).where(
        Payment.debit_account_id == account.ledger_account_id,
        Payment.status.in_(MATCHABLE_PAYMENT_STATUSES),
        ~sa.exists(matched), ~sa.exists(resolved),
    )


def link(line_id: int, payment_id: int, *, actor_id: int | None, ip: str | None = None) -> ReconMatch:
    """Staff tie a line to a payment by hand (a difference is kept and shown)."""
    line = _line(line_id, OPEN_LINE)
    account = db.session.get(BankAccount, line.bank_account_id)
    payment = db.session.scalar(open_payments_query(account).where(Payment.id == payment_id).with_for_update())
    if payment is None:
        raise PaymentNotMatchable()
    before = _summary(line)
    match = ReconMatch(statement_line_id=line.id, payment_id=payment.id, kind="manual",
                       difference=line.amount - payment.amount, matched_by_user_id=actor_id)
    db.session.add(match)
    line.status = "matched"
    db.session.add(ReconException(statement_line_id=line.id, action="linked", resolved_by_user_id=actor_id))
    db.session.flush()
    record("payments.recon.link", actor_id=actor_id, target_type="statement_line", target_id=line.id,
           before=before, after={**_summary(line), "payment_id": payment.id, "difference": match.difference}, ip=ip)
    return match


def accept_difference(line_id: int, reason: str, *, actor_id: int | None, ip: str | None = None) -> StatementLine:
    """An amount mismatch found by Ref1 is accepted as the payment's line."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(field="reason")
    line = _line(line_id, ("mismatch",))
    before = _summary(line)
    line.status = "matched"
    db.session.add(ReconException(statement_line_id=line.id, action="accepted", reason=reason[:2000],
                                  resolved_by_user_id=actor_id))
    db.session.flush()
    record("payments.recon.accept", actor_id=actor_id, target_type="statement_line", target_id=line.id,
           before=before, after={**_summary(line), "reason": reason}, ip=ip)
    return line


def create_entry(line_id: int, counter_account_id: int, memo: str, *, actor_id: int | None,
                 ip: str | None = None) -> StatementLine:
    """Post what the bank did and the ledger lacks (charges, interest), dated
    on the line: the whole line, or for an amount mismatch the difference."""
    from core.ledger.models import Account

    line = _line(line_id, (*OPEN_LINE, "mismatch"))
    account = db.session.get(BankAccount, line.bank_account_id)
    counter = db.session.scalar(sa.select(Account).where(Account.id == counter_account_id))
    if counter is None or counter.id == account.ledger_account_id:
        raise ValidationError(N_("Choose the account the other side goes to"), field="counter_account_id")
    amount = line.amount
    if line.status == "mismatch":
        amount = db.session.scalar(sa.select(ReconMatch.difference).where(ReconMatch.statement_line_id == line.id))
    before = _summary(line)
    entry = ledger.post(
        entry_date=line.line_date, memo=(memo or "").strip()[:500] or line.description or "Bank statement line",
        lines=[(account.ledger_account_id, amount), (counter.id, -amount)],
        idempotency_key=f"recon.line:{line.id}", source=f"statement_line:{line.id}", actor_id=actor_id,
    )
    line.status = "matched" if line.status == "mismatch" else "entered"
    db.session.add(ReconException(statement_line_id=line.id, action="entry", journal_entry_id=entry.id,
                                  reason=(memo or "").strip()[:2000] or None, resolved_by_user_id=actor_id))
    db.session.flush()
    record("payments.recon.entry", actor_id=actor_id, target_type="statement_line", target_id=line.id,
           before=before, after={**_summary(line), "journal_entry_id": entry.id, "amount": amount,
                                 "counter_account_id": counter.id}, ip=ip)
    return line


def ignore_line(line_id: int, reason: str, *, actor_id: int | None, ip: str | None = None) -> StatementLine:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(field="reason")
    line = _line(line_id, OPEN_LINE)
    before = _summary(line)
    line.status = "ignored"
    db.session.add(ReconException(statement_line_id=line.id, action="ignored", reason=reason[:2000],
                                  resolved_by_user_id=actor_id))
    db.session.flush()
    record("payments.recon.ignore_line", actor_id=actor_id, target_type="statement_line", target_id=line.id,
           before=before, after={**_summary(line), "reason": reason}, ip=ip)
    return line


def ignore_payment(bank_account_id: int, payment_id: int, reason: str, *, actor_id: int | None,
                   ip: str | None = None) -> ReconException:
    """A ledger payment that will never appear on this statement."""
    from core.payments.statements.services import get_bank_account

    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(field="reason")
    account = get_bank_account(bank_account_id)
    payment = db.session.scalar(open_payments_query(account).where(Payment.id == payment_id).with_for_update())
    if payment is None:
        raise PaymentNotMatchable()
    row = ReconException(payment_id=payment.id, action="ignored", reason=reason[:2000], resolved_by_user_id=actor_id)
    db.session.add(row)
    db.session.flush()
    record("payments.recon.ignore_payment", actor_id=actor_id, target_type="payment", target_id=payment.id,
           after={"bank_account_id": account.id, "reason": reason}, ip=ip)
    return row


def waiting_mismatches(account: BankAccount, limit: int = 200) -> list[tuple[StatementLine, Payment]]:
    """Open lines whose Ref1 names a payment still waiting for its money but
    with another amount: the bank did not confirm it, staff decide."""
    return list(db.session.execute(
        sa.select(StatementLine, Payment)
        .join(Payment, sa.and_(Payment.ref1 == StatementLine.ref1, Payment.amount != StatementLine.amount))
        .where(StatementLine.bank_account_id == account.id, StatementLine.status.in_(OPEN_LINE),
               StatementLine.ref1.is_not(None), Payment.provider == "manual",
               Payment.method.in_(("promptpay", "transfer")), Payment.status.in_(("created", "pending")))
        .order_by(StatementLine.line_date, StatementLine.id).limit(limit)
    ).tuples())
