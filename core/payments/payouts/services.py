"""Stripe payouts: fetched with the tenant's own keys, their balance
transactions tied to our payments, and each payout's bank line booked.

Stripe pays many card and PromptPay payments into the bank as one payout,
net of its fees. :func:`sync` stores the payouts and what made them up
(idempotent upserts keyed by Stripe's ids); :func:`link_transactions` ties
each balance transaction to the payment whose charge or PaymentIntent it
carries, in one ``UPDATE``. :func:`match_lines` (run by the reconciliation of
a bank account) finds each payout's bank line — by the payout id in the
line's text, then by the net amount within a few days of the arrival date —
and :func:`post_matched` moves the payout's money out of the provider
clearing account: the net to the bank, the fees to "Payment provider fees",
once per payout (the entry's idempotency key names the payout).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from core.db import db, utcnow
from core.ledger import services as ledger
from core.ledger.models import Account
from core.payments.accounts import BOOK, landing_account
from core.payments.models import Payment
from core.payments.payouts.models import PAYMENT_TYPES, StripeBalanceTransaction, StripePayout
from core.payments.statements.models import StatementLine
from core.tenancy.context import require_tenant_id

FEES = ("5150", "ค่าธรรมเนียมผู้ให้บริการชำระเงิน", "Payment provider fees")
PAGE = 100
SKIPPED_TYPES = ("payout",)  # the payout's own transaction, the mirror of the payout itself
TERMINAL = ("paid", "failed", "canceled")


def fees_account() -> Account:
    code, name_th, name_en = FEES
    return ledger.get_or_create_account(BOOK, code, name_th, name_en, "expense")


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _insert(model):
    if _postgres():
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def _date(ts) -> date | None:
    return datetime.fromtimestamp(int(ts), UTC).date() if ts is not None else None


def _datetime(ts) -> datetime | None:
    return datetime.fromtimestamp(int(ts), UTC) if ts is not None else None


# --- fetching from Stripe ---------------------------------------------------------


def sync(tenant, *, limit: int = PAGE) -> dict:
    """Fetch the latest payouts and, for each not yet complete, its balance
    transactions; upsert both, then link transactions to payments. Flushes."""
    from core.payments.stripe.gateway import GATEWAY

    tenant_id = require_tenant_id()
    client = GATEWAY.client(tenant)
    listed = GATEWAY._call(client.v1.payouts.list, {"limit": limit})
    payouts = [p for p in listed.get("data", []) if p.get("object", "payout") == "payout"]
    if not payouts:
        return {"payouts": 0, "transactions": 0, "linked": 0}
    _upsert_payouts(tenant_id, payouts)
    pending = db.session.execute(
        sa.select(StripePayout.id, StripePayout.stripe_id, StripePayout.status)
        .where(StripePayout.stripe_id.in_([p["id"] for p in payouts]), ~StripePayout.transactions_synced)
    ).all()
    transactions = 0
    for payout_id, stripe_id, status in pending:
        listed = GATEWAY._call(client.v1.balance_transactions.list,
                               {"payout": stripe_id, "limit": limit, "expand": ["data.source"]})
        rows = [_transaction(tenant_id, payout_id, t) for t in listed.get("data", [])
                if t.get("type") not in SKIPPED_TYPES]
        transactions += _upsert_transactions(rows)
        if status in TERMINAL:
            db.session.execute(sa.update(StripePayout).where(StripePayout.id == payout_id)
                               .values(transactions_synced=True).execution_options(synchronize_session=False))
    _update_fees(tenant_id)
    linked = link_transactions()
    db.session.expire_all()
    return {"payouts": len(payouts), "transactions": transactions, "linked": linked}


def _upsert_payouts(tenant_id: int, payouts: list[dict]) -> None:
    now = utcnow()
    rows = [{
        "tenant_id": tenant_id, "stripe_id": p["id"], "amount": int(p["amount"]),
        "currency": (p.get("currency") or "thb")[:3], "arrival_date": _date(p.get("arrival_date") or p["created"]),
        "status": (p.get("status") or "")[:20], "description": (p.get("description")
                                                                or p.get("statement_descriptor") or None),
        "fee_total": 0, "transactions_synced": False, "created_at": now, "updated_at": now,
    } for p in payouts]
    stmt = _insert(StripePayout).values(rows)
    db.session.execute(stmt.on_conflict_do_update(
        index_elements=["tenant_id", "stripe_id"],
        set_={"status": stmt.excluded.status, "arrival_date": stmt.excluded.arrival_date,
              "updated_at": stmt.excluded.updated_at},
    ))


def _transaction(tenant_id: int, payout_id: int, txn: dict) -> dict:
    source = txn.get("source")
    source_id, intent, metadata = source, None, {}
    if isinstance(source, dict):
        source_id = source.get("id")
        intent = source.get("payment_intent")
        intent = intent.get("id") if isinstance(intent, dict) else intent
        metadata = source.get("metadata") or {}
    claimed = str(metadata.get("payment_id") or "")
    if str(metadata.get("tenant_id") or tenant_id) != str(tenant_id):
        claimed = ""
    return {
        "tenant_id": tenant_id, "payout_id": payout_id, "stripe_id": txn["id"], "type": txn["type"][:40],
        "amount": int(txn["amount"]), "fee": int(txn.get("fee") or 0), "net": int(txn["net"]),
        "source_id": source_id, "payment_intent_id": intent,
        "metadata_payment_id": int(claimed) if claimed.isdigit() else None, "created": _datetime(txn.get("created")),
    }


def _upsert_transactions(rows: list[dict]) -> int:
    if not rows:
        return 0
    stmt = _insert(StripeBalanceTransaction).values(rows)
    db.session.execute(stmt.on_conflict_do_nothing(index_elements=["tenant_id", "stripe_id"]))
    return len(rows)


def _update_fees(tenant_id: int) -> None:
    """A payout's fees: Stripe's fee on each transaction plus every
    transaction that is not a payment's (fees billed apart, adjustments)."""
    payment_types = ", ".join(f"'{t}'" for t in PAYMENT_TYPES)
    db.session.execute(sa.text(f"""
        UPDATE stripe_payout SET fee_total = (
            SELECT coalesce(sum(CASE WHEN bt.type IN ({payment_types}) THEN bt.fee ELSE bt.fee - bt.amount END), 0)
            FROM stripe_balance_transaction bt
            WHERE bt.tenant_id = stripe_payout.tenant_id AND bt.payout_id = stripe_payout.id)
        WHERE tenant_id = :t AND journal_entry_id IS NULL
    """), {"t": tenant_id})


def link_transactions() -> int:
    """Tie balance transactions to the Stripe payment they carry: by its
    charge or PaymentIntent id (our ``provider_ref``) or the payment id we
    put in its metadata. One ``UPDATE``; rows already tied are left alone."""
    tenant_id = require_tenant_id()
    payment_types = ", ".join(f"'{t}'" for t in PAYMENT_TYPES)
    found = """
        SELECT min(p.id) FROM payment p
        WHERE p.tenant_id = bt.tenant_id AND p.provider = 'stripe'
          AND (p.provider_ref = bt.source_id OR p.provider_ref = bt.payment_intent_id
               OR p.id = bt.metadata_payment_id)
    """
    return db.session.execute(sa.text(f"""
        UPDATE stripe_balance_transaction SET payment_id = ({found.replace("bt.", "stripe_balance_transaction.")})
        WHERE tenant_id = :t AND payment_id IS NULL AND type IN ({payment_types})
          AND EXISTS ({found.replace("bt.", "stripe_balance_transaction.")})
    """), {"t": tenant_id}).rowcount


# --- the bank side --------------------------------------------------------------


def _window(line_date: str, arrival: str) -> str:
    if _postgres():
        return f"{arrival} BETWEEN {line_date} - CAST(:w AS integer) AND {line_date} + CAST(:w AS integer)"
    return f"abs(julianday({arrival}) - julianday({line_date})) <= :w"


def _like_id() -> str:
    return "position(po.stripe_id in sl.description) > 0" if _postgres() else "instr(sl.description, po.stripe_id) > 0"


def _match_sql(open_lines: str, condition: str) -> str:
    """Give each open payout the one open line that is its only candidate
    (and it the line's only candidate)."""
    return f"""
    UPDATE stripe_payout SET statement_line_id = c.line_id, matched_at = CURRENT_TIMESTAMP
    FROM (
        SELECT line_id, payout_id,
               count(*) OVER (PARTITION BY line_id) AS per_line, count(*) OVER (PARTITION BY payout_id) AS per_payout
        FROM (
            SELECT sl.id AS line_id, po.id AS payout_id
            FROM statement_line sl
            JOIN stripe_payout po ON po.tenant_id = sl.tenant_id AND po.amount = sl.amount
            WHERE {open_lines} AND po.statement_line_id IS NULL AND po.status NOT IN ('failed', 'canceled')
              AND {condition}
        ) pairs
    ) c
    WHERE c.per_line = 1 AND c.per_payout = 1 AND stripe_payout.id = c.payout_id
      AND stripe_payout.tenant_id = :t AND stripe_payout.statement_line_id IS NULL
    """


def match_lines(params: dict, open_lines: str) -> int:
    """Payouts to a bank account's open lines (``params`` carries :t, :b, :w).
    Returns how many payouts found their line now; marks those lines matched."""
    open_payouts = db.session.scalar(sa.text(
        "SELECT count(*) FROM stripe_payout WHERE tenant_id = :t AND statement_line_id IS NULL"), params)
    if not open_payouts:
        return 0
    window = _window("sl.line_date", "po.arrival_date")
    matched = 0
    for condition in (  # the payout's own id in the text, then Stripe's name, then the amount alone
        f"({_like_id()} OR sl.reference = po.stripe_id)",
        f"upper(sl.description) LIKE '%STRIPE%' AND {window}",
        window,
    ):
        matched += db.session.execute(sa.text(_match_sql(open_lines, condition)), params).rowcount
    if matched:
        db.session.execute(sa.text("""
            UPDATE statement_line SET status = 'matched'
            WHERE tenant_id = :t AND bank_account_id = :b AND status IN ('unmatched', 'ambiguous')
              AND id IN (SELECT statement_line_id FROM stripe_payout
                         WHERE tenant_id = :t AND statement_line_id IS NOT NULL)
        """), params)
    return matched


def post_matched(bank_ledger_account_id: int, bank_account_id: int) -> int:
    """Book every payout matched to this account's lines and not yet booked:
    net to the bank, fees to their expense, the sum out of clearing."""
    rows = db.session.execute(
        sa.select(StripePayout, StatementLine.line_date)
        .join(StatementLine, StatementLine.id == StripePayout.statement_line_id)
        .where(StatementLine.bank_account_id == bank_account_id, StripePayout.journal_entry_id.is_(None))
        .order_by(StripePayout.id)
    ).all()
    if not rows:
        return 0
    clearing, fees = landing_account("card"), fees_account()
    for payout, line_date in rows:
        lines = [(bank_ledger_account_id, payout.amount), (clearing.id, -(payout.amount + payout.fee_total))]
        if payout.fee_total:
            lines.append((fees.id, payout.fee_total))
        entry = ledger.post(entry_date=line_date, memo=f"Stripe payout {payout.stripe_id}", lines=lines,
                            idempotency_key=f"stripe.payout:{payout.id}", source=f"stripe_payout:{payout.id}")
        payout.journal_entry_id = entry.id
    db.session.flush()
    return len(rows)


# --- read side ---------------------------------------------------------------------


LIST_LIMIT = 200


def payouts(limit: int = LIST_LIMIT) -> list[StripePayout]:
    return list(db.session.scalars(
        sa.select(StripePayout).order_by(StripePayout.arrival_date.desc(), StripePayout.id.desc()).limit(limit)))


def get_payout(payout_id: int) -> StripePayout:
    from core.errors import NotFound

    payout = db.session.scalar(sa.select(StripePayout).where(StripePayout.id == payout_id))
    if payout is None:
        raise NotFound()
    return payout


def transactions(payout_id: int) -> list[tuple[StripeBalanceTransaction, Payment | None]]:
    return list(db.session.execute(
        sa.select(StripeBalanceTransaction, Payment)
        .outerjoin(Payment, Payment.id == StripeBalanceTransaction.payment_id)
        .where(StripeBalanceTransaction.payout_id == payout_id)
        .order_by(StripeBalanceTransaction.created, StripeBalanceTransaction.id)
    ).tuples())


def unmatched_payouts(limit: int = LIST_LIMIT) -> list[StripePayout]:
    return list(db.session.scalars(
        sa.select(StripePayout).where(StripePayout.statement_line_id.is_(None),
                                      StripePayout.status.not_in(("failed", "canceled")))
        .order_by(StripePayout.arrival_date, StripePayout.id).limit(limit)))


def payments_not_in_a_payout(limit: int = LIST_LIMIT) -> list[Payment]:
    """Stripe payments that took money and no payout has carried yet."""
    carried = sa.select(StripeBalanceTransaction.id).where(
        StripeBalanceTransaction.payment_id == Payment.id,
        StripeBalanceTransaction.type.in_(("charge", "payment")))
    return list(db.session.scalars(
        sa.select(Payment).where(Payment.provider == "stripe",
                                 Payment.status.in_(("succeeded", "partly_refunded", "refunded")),
                                 ~sa.exists(carried))
        .order_by(Payment.id).limit(limit)))
