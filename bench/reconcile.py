"""``python -m bench.reconcile``: reconciliation at scale against a yardstick.

For each size (100,000 and 1,000,000 statement lines by default) a fresh
schema in a dedicated PostgreSQL database gets one tenant, one bank account,
the statement lines and the ledger payments they should match, written with
COPY: ~70 % of lines match a payment by Ref1, ~20 % by amount within the date
window, ~5 % have two equal candidates (ambiguous) and ~5 % nothing; a few
payments never reach the bank. Then, on the same data in the same run:

- *hand-written*: one SQL statement (CTEs) doing the same matching and the
  same writes — insert the matches, set every line's status;
- *ours*: :func:`core.payments.reconciliation.matching.reconcile_account`, as the
  Celery task runs it, for the tenant in context.

Both start from the same state (the matches are truncated and the statuses
reset in between); the hand-written statement runs twice, with PostgreSQL's
JIT on and off (ours turns it off for its transaction), and its faster run
is kept. The ratio ours / hand-written, the 100k → 1M growth and the peak
memory of this process (``ru_maxrss``) go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import subprocess
import time
from dataclasses import dataclass

import sqlalchemy as sa

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench_recon"
START = dt.date(2025, 1, 1)
WINDOW = 3

# The yardstick: the same matching as ours in a single statement.
HAND_WRITTEN_SQL = """
WITH open_lines AS (
    SELECT id, amount, ref1, line_date FROM statement_line
    WHERE tenant_id = :t AND bank_account_id = :b AND status IN ('unmatched', 'ambiguous') AND amount > 0
), open_payments AS (
    SELECT p.id, p.amount, p.ref1, je.entry_date FROM payment p
    JOIN journal_entry je ON je.tenant_id = p.tenant_id AND je.id = p.journal_entry_id
    WHERE p.tenant_id = :t AND p.debit_account_id = :acct AND p.status IN ('succeeded', 'partly_refunded')
      AND NOT EXISTS (SELECT 1 FROM recon_match m WHERE m.tenant_id = :t AND m.payment_id = p.id)
), by_ref AS (
    SELECT DISTINCT ON (l.id) l.id AS line_id, p.id AS payment_id, l.amount - p.amount AS difference
    FROM open_lines l JOIN open_payments p ON p.ref1 = l.ref1
    ORDER BY l.id, (l.amount = p.amount) DESC, p.id
), pairs AS (
    SELECT l.id AS line_id, p.id AS payment_id,
           count(*) OVER (PARTITION BY l.id) AS per_line, count(*) OVER (PARTITION BY p.id) AS per_payment
    FROM open_lines l JOIN open_payments p ON p.amount = l.amount
     AND p.entry_date BETWEEN l.line_date - CAST(:w AS integer) AND l.line_date + CAST(:w AS integer)
    WHERE NOT EXISTS (SELECT 1 FROM by_ref r WHERE r.line_id = l.id)
      AND NOT EXISTS (SELECT 1 FROM by_ref r WHERE r.payment_id = p.id)
), inserted AS (
    INSERT INTO recon_match (tenant_id, statement_line_id, payment_id, kind, difference, created_at)
    SELECT :t, line_id, payment_id, 'ref1', difference, now() FROM by_ref
    UNION ALL
    SELECT :t, line_id, payment_id, 'amount_date', 0, now() FROM pairs WHERE per_line = 1 AND per_payment = 1
    ON CONFLICT DO NOTHING
    RETURNING statement_line_id, difference
)
UPDATE statement_line sl SET status = u.status
FROM (
    SELECT statement_line_id AS id, CASE WHEN difference = 0 THEN 'matched' ELSE 'mismatch' END AS status
    FROM inserted
    UNION ALL
    SELECT DISTINCT line_id, 'ambiguous' FROM pairs WHERE NOT (per_line = 1 AND per_payment = 1)
) u
WHERE sl.tenant_id = :t AND sl.id = u.id
"""


@dataclass
class Run:
    lines: int
    payments: int
    load_s: float
    hand_s: float
    ours_s: float
    matched: int
    ambiguous: int
    peak_mb: float

    @property
    def ratio(self) -> float:
        return self.ours_s / self.hand_s if self.hand_s else 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- data -----------------------------------------------------------------------


def _kind(i: int) -> str:
    r = i % 20
    if r < 14:
        return "ref1"
    if r < 18:
        return "amount_date"
    return "ambiguous" if r == 18 else "none"


def _rows(n: int, tenant_id: int, bank_id: int, bank_ledger: int, income: int):
    """(journal entries, payments, lines) as generators, streamed into COPY."""
    now = dt.datetime.now(dt.UTC)

    def payments():
        pid = 0
        for i in range(n):
            kind = _kind(i)
            line_date = START + dt.timedelta(days=i % 365)
            amount = 10_000 + 3 * i
            if kind == "none":
                continue
            copies = 2 if kind == "ambiguous" else 1
            for _ in range(copies):
                pid += 1
                entry_date = line_date - dt.timedelta(days=(i % (WINDOW + 1)) if kind != "ambiguous" else 0)
                ref1 = f"R{i:09d}" if kind == "ref1" else None
                yield pid, amount, ref1, entry_date
        for j in range(n // 20):  # payments that never reach the bank
            pid += 1
            yield pid, 10_001 + 3 * j, None, START + dt.timedelta(days=j % 365)

    def entries():
        for pid, _amount, _ref1, entry_date in payments():
            yield (pid, tenant_id, entry_date, "bench", f"payment:{pid}", f"payment:{pid}", "0" * 64, now)

    def payment_rows():
        for pid, amount, ref1, _entry_date in payments():
            yield (pid, tenant_id, f"bench:{pid}", "", amount, 0, "transfer", "manual", "succeeded",
                   f"bench-{pid}", ref1, income, bank_ledger, pid, now, now, now)

    def lines():
        for i in range(n):
            kind = _kind(i)
            ref = f"R{i:09d}" if kind == "ref1" else None
            yield (i + 1, tenant_id, bank_id, START + dt.timedelta(days=i % 365), 10_000 + 3 * i,
                   "โอนเงินเข้า", ref, ref, f"{i:064x}", "unmatched", now)

    return entries, payment_rows, lines


COPIES = (
    ("journal_entry", "id, tenant_id, entry_date, memo, source, idempotency_key, body_hash, created_at"),
    ("payment", "id, tenant_id, purpose, description, amount, refunded, method, provider, status, "
                "idempotency_key, ref1, credit_account_id, debit_account_id, journal_entry_id, created_at, "
                "updated_at, succeeded_at"),
    ("statement_line", "id, tenant_id, bank_account_id, line_date, amount, description, reference, ref1, "
                       "line_hash, status, created_at"),
)


def load(engine, n: int) -> tuple[dict, int]:
    """A fresh schema with one tenant's data; returns the SQL parameters."""
    from core.db import db
    from core.ledger.services import get_or_create_account
    from core.payments.statements.models import BankAccount
    from core.tenancy.context import tenant_context
    from core.tenancy.models import Tenant

    db.drop_all()
    db.create_all()
    tenant = Tenant(slug="bench", name_th="ทดสอบ", kind="community")
    db.session.add(tenant)
    db.session.flush()
    with tenant_context(tenant.id):
        bank_ledger = get_or_create_account("general", "1110", "เงินฝากธนาคาร", "Bank", "asset")
        income = get_or_create_account("general", "4100", "รายได้", "Income", "income")
        bank = BankAccount(name="bench", ledger_account_id=bank_ledger.id)
        db.session.add(bank)
        db.session.flush()
        params = {"t": tenant.id, "b": bank.id, "acct": bank_ledger.id, "w": WINDOW}
        income_id = income.id
    db.session.commit()
    generators = _rows(n, params["t"], params["b"], params["acct"], income_id)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for (table, columns), rows in zip(COPIES, generators, strict=True):
            with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        for table in ("journal_entry", "payment", "statement_line"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        raw.commit()
        payments = cur.execute("SELECT count(*) FROM payment").fetchone()[0]
    finally:
        raw.close()
    vacuum(engine)
    return params, payments


def vacuum(engine) -> None:
    """Clean tables, fresh statistics and no pending writes: each timed run
    starts from the same state and pays only for its own work."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
        conn.execute(sa.text("CHECKPOINT"))


def reset(engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE recon_match"))
        conn.execute(sa.text("UPDATE statement_line SET status = 'unmatched' WHERE status <> 'unmatched'"))
    vacuum(engine)


def outcome(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        matched = conn.scalar(sa.text("SELECT count(*) FROM recon_match"))
        ambiguous = conn.scalar(sa.text("SELECT count(*) FROM statement_line WHERE status = 'ambiguous'"))
    return matched, ambiguous


def time_hand(engine, params, jit: bool) -> float:
    with engine.begin() as conn:
        if not jit:
            conn.execute(sa.text("SET LOCAL jit = off"))
        started = time.perf_counter()
        conn.execute(sa.text(HAND_WRITTEN_SQL), params)
    return time.perf_counter() - started


def time_ours(params) -> float:
    from core.db import db
    from core.payments.reconciliation.matching import reconcile_account
    from core.tenancy.context import tenant_context

    db.session.remove()
    started = time.perf_counter()
    with tenant_context(params["t"]):
        reconcile_account(params["b"], WINDOW)
        db.session.commit()
    return time.perf_counter() - started


def measure(engine, n: int) -> Run:
    started = time.perf_counter()
    params, payments = load(engine, n)
    load_s = time.perf_counter() - started
    hand = [time_hand(engine, params, jit=True)]
    expected = outcome(engine)
    reset(engine)
    ours = time_ours(params)
    got = outcome(engine)
    if got != expected:
        raise SystemExit(f"reconcile disagrees with the hand-written SQL at {n:,} lines: {got} vs {expected}")
    reset(engine)
    hand.append(time_hand(engine, params, jit=False))
    return Run(n, payments, load_s, min(hand), ours, got[0], got[1], peak_mb())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="statement line counts to measure (default: 100000 1000000)")
    parser.add_argument("--output", default="BENCHMARKS.md")
    args = parser.parse_args()

    from bench.__main__ import ensure_database
    from bench.report import write_reconcile_section

    url = os.environ.get("BENCH_RECON_DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.pop("REDIS_URL", None)
    from core.app import create_app
    from core.db import db

    app = create_app()
    runs = []
    with app.app_context():
        for n in args.lines:
            run = measure(db.engine, n)
            print(f"{n:>9,} lines: load {run.load_s:.1f}s, hand-written {run.hand_s:.2f}s, ours {run.ours_s:.2f}s "
                  f"(× {run.ratio:.2f}), matched {run.matched:,}, ambiguous {run.ambiguous:,}, peak {run.peak_mb:.0f} MB",
                  flush=True)
            runs.append(run)
        db.session.remove()
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": url.split("@")[-1].split("/")[0] + " (" + url.split("+")[0] + ")",
    }
    write_reconcile_section(args.output, meta, runs)


if __name__ == "__main__":
    main()
