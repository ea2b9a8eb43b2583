"""``python -m bench.portfolio``: the loans ageing/PAR report at scale against
a yardstick.

A fresh schema in a dedicated PostgreSQL database gets one tenant, one fund,
one product, 100,000 borrowers, 1,000,000 loans of 12,000 baht and
12,000,000 monthly installments of 1,000 baht, all written by set-based
``INSERT … SELECT … generate_series``. Loans are spread over ten profiles
(by ``id % 10``): six up to date, one each 15, 45, 75 and 120 days late (the
installments due before that lateness are paid, the later ones open);
fully paid loans are closed. Then, on the same data in the same run:

- *hand-written*: one SQL aggregate — buckets by ``as_of - min(due_on)`` over
  the open installments, joined to the active loans;
- *ours*: :func:`welfare.loans.queries.par_report`, the query behind the PAR
  page and the API, through the ORM with the tenant in context.

Each runs twice (PostgreSQL JIT on, then off) and its faster run is kept;
both must give the same buckets. The ratio ours / hand-written goes to
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import time

import sqlalchemy as sa

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench_portfolio"
AS_OF = dt.date(2026, 12, 1)
TARGET = 1.5

HAND_WRITTEN_SQL = """
SELECT CASE WHEN o.oldest IS NULL THEN 'current'
            WHEN CAST(:as_of AS date) - o.oldest <= 30 THEN '1-30'
            WHEN CAST(:as_of AS date) - o.oldest <= 60 THEN '31-60'
            WHEN CAST(:as_of AS date) - o.oldest <= 90 THEN '61-90'
            ELSE 'over_90' END AS bucket,
       count(*), sum(l.outstanding_satang)
FROM welfare_loan l
LEFT JOIN (
    SELECT loan_id, min(due_on) AS oldest FROM welfare_installment
    WHERE tenant_id = :t AND status = 'open' AND due_on < :as_of
    GROUP BY loan_id
) o ON o.loan_id = l.id
WHERE l.tenant_id = :t AND l.status = 'active'
GROUP BY 1
"""

LOAD_SQL = [
    # borrowers
    """INSERT INTO person (tenant_id, first_name_th, last_name_th, elderly, disabled, bedridden,
                           chronic_illness, hardship, created_at, updated_at)
       SELECT :t, 'ผู้กู้' || g, 'ทดสอบ', false, false, false, false, false, now(), now()
       FROM generate_series(1, :people) g""",
    # loans: disbursed 12..(12+lag) months before as_of so all 12 installments fall due or not
    """INSERT INTO welfare_loan (id, tenant_id, fund_id, product_id, borrower_person_id, number, purpose,
           principal_satang, method, annual_rate_bp, fee_satang, term, frequency, grace, allocation_order,
           allocation_strategy, status, applied_on, disbursed_on, schedule_version, outstanding_satang,
           days_past_due, written_off_satang, recovered_satang, created_at)
       SELECT g, :t, :fund, :product, :first_person + (g % :people), 'L' || g, 'bench',
              1200000, 'zero', 0, 0, 12, 'monthly', 0, 'fee,interest,principal', 'installment',
              'active', CAST(:as_of AS date) - (g % 400) - 5, CAST(:as_of AS date) - (g % 400), 1, 1200000,
              0, 0, 0, now()
       FROM generate_series(1, :loans) g""",
    # installments: paid when due before as_of - lateness of the loan's profile
    """INSERT INTO welfare_installment (tenant_id, loan_id, version, number, due_on, principal_due,
           interest_due, fee_due, principal_paid, interest_paid, fee_paid, status, paid_on)
       SELECT :t, g, 1, k, d.due,
              100000, 0, 0,
              CASE WHEN d.due < CAST(:as_of AS date) - d.late THEN 100000 ELSE 0 END, 0, 0,
              CASE WHEN d.due < CAST(:as_of AS date) - d.late THEN 'paid' ELSE 'open' END,
              CASE WHEN d.due < CAST(:as_of AS date) - d.late THEN d.due END
       FROM generate_series(1, :loans) g
       CROSS JOIN generate_series(1, 12) k
       CROSS JOIN LATERAL (
           SELECT CAST(:as_of AS date) - (g % 400) + 30 * k AS due,
                  (CASE g % 10 WHEN 6 THEN 15 WHEN 7 THEN 45 WHEN 8 THEN 75 WHEN 9 THEN 120 ELSE 0 END) AS late
       ) d""",
    """UPDATE welfare_loan l SET outstanding_satang = s.open
       FROM (SELECT loan_id, sum(principal_due - principal_paid) AS open FROM welfare_installment
             WHERE tenant_id = :t AND status = 'open' GROUP BY loan_id) s
       WHERE l.tenant_id = :t AND l.id = s.loan_id""",
    """UPDATE welfare_loan SET outstanding_satang = 0, status = 'closed', closed_on = CAST(:as_of AS date)
       WHERE tenant_id = :t AND NOT EXISTS (
           SELECT 1 FROM welfare_installment i WHERE i.tenant_id = :t AND i.loan_id = welfare_loan.id
           AND i.status = 'open')""",
    "SELECT setval(pg_get_serial_sequence('welfare_loan', 'id'), (SELECT max(id) FROM welfare_loan))",
]


def load(engine, loans: int, people: int) -> dict:
    from core.db import db
    from core.tenancy.context import tenant_context
    from core.tenancy.models import Tenant
    from welfare.funds.services import create_fund
    from welfare.models.loans import LoanProduct

    started = time.perf_counter()
    db.drop_all()
    db.create_all()
    print(f"schema in {time.perf_counter() - started:.1f}s", flush=True)
    tenant = Tenant(slug="bench", name_th="ทดสอบ", kind="council")
    db.session.add(tenant)
    db.session.flush()
    with tenant_context(tenant.id):
        fund = create_fund(name="กองทุนทดสอบ", kind="revolving")
        product = LoanProduct(
            fund_id=fund.id, name="bench", method="zero", term=12, frequency="monthly"
        )
        db.session.add(product)
        db.session.flush()
        params = {
            "t": tenant.id,
            "fund": fund.id,
            "product": product.id,
            "as_of": AS_OF,
            "loans": loans,
            "people": people,
        }
    db.session.commit()
    with engine.begin() as conn:
        conn.execute(sa.text(LOAD_SQL[0]), params)
        params["first_person"] = conn.scalar(
            sa.text("SELECT min(id) FROM person WHERE tenant_id = :t"), params
        )
        for sql in LOAD_SQL[1:]:
            started = time.perf_counter()
            conn.execute(sa.text(sql), params)
            print(
                f"  {' '.join(sql.split()[:3])}: {time.perf_counter() - started:.1f}s", flush=True
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE welfare_loan, welfare_installment, person"))
    return params


def counts(engine, params) -> tuple[int, int, int]:
    with engine.connect() as conn:
        loans = conn.scalar(
            sa.text("SELECT count(*) FROM welfare_loan WHERE tenant_id = :t"), params
        )
        active = conn.scalar(
            sa.text("SELECT count(*) FROM welfare_loan WHERE tenant_id = :t AND status = 'active'"),
            params,
        )
        installments = conn.scalar(
            sa.text("SELECT count(*) FROM welfare_installment WHERE tenant_id = :t"), params
        )
    return loans, active, installments


def time_hand(engine, params, jit: bool) -> tuple[float, dict]:
    from welfare.loans.queries import from_rows

    with engine.begin() as conn:
        if not jit:
            conn.execute(sa.text("SET LOCAL jit = off"))
        started = time.perf_counter()
        rows = conn.execute(sa.text(HAND_WRITTEN_SQL), params).all()
        elapsed = time.perf_counter() - started
    return elapsed, from_rows(rows)


def time_ours(params, jit: bool) -> tuple[float, dict]:
    from core.db import db
    from core.tenancy.context import tenant_context
    from welfare.loans.queries import par_report

    db.session.remove()
    with tenant_context(params["t"]):
        if not jit:
            db.session.execute(sa.text("SET LOCAL jit = off"))
        started = time.perf_counter()
        report = par_report(params["as_of"])
        elapsed = time.perf_counter() - started
        db.session.rollback()
    return elapsed, report


def write_section(path: str, meta: dict, run: dict) -> None:
    section = (
        f"""<!-- portfolio:start -->
## Loan portfolio: ageing and PAR

Measured by `python -m bench.portfolio`: the ageing buckets (current, 1–30, 31–60, 61–90, > 90 days)
and PAR30/PAR90 of one fund's loans by `welfare.loans.queries.par_report` (the query behind the PAR
page and `/api/v1/t/<slug>/welfare/loans/par`), against one hand-written SQL aggregate on the same data in the
same run (each the faster of two runs, JIT on and off; both must return the same buckets). Data
written by set-based `INSERT … SELECT generate_series`: loans of 12,000 baht in 12 monthly
installments, six in ten up to date and one in ten each 15, 45, 75 and 120 days late.

- date: {meta["date"]}
- commit: {meta["commit"]}
- machine: {meta["machine"]}
- database: {meta["database"]}

| loans | active loans | installments | load s | hand-written s | ours s | ours / hand-written |
|---:|---:|---:|---:|---:|---:|---:|
| {run["loans"]:,} | {run["active"]:,} | {run["installments"]:,} | {run["load_s"]:.1f} | {run["hand_s"]:.2f} | {run["ours_s"]:.2f} | {run["ratio"]:.2f} |

| bucket | loans | outstanding (baht) |
|---|---:|---:|
"""
        + "".join(
            f"| {name} | {b['loans']:,} | {b['outstanding'] // 100:,} |\n"
            for name, b in run["report"]["buckets"].items()
        )
        + f"""
PAR30 {run["report"]["par30_ratio"]:.4f}, PAR90 {run["report"]["par90_ratio"]:.4f}.

| check | measured | target |
|---|---:|---|
| ours / hand-written | {run["ratio"]:.2f} | ≤ {TARGET} |
<!-- portfolio:end -->
"""
    )
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"
    pattern = re.compile(r"<!-- portfolio:start -->.*?<!-- portfolio:end -->\n?", re.S)
    text = (
        pattern.sub(section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    )
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--loans", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--output", default="BENCHMARKS.md")
    args = parser.parse_args()

    from bench.__main__ import ensure_database

    url = os.environ.get("BENCH_PORTFOLIO_DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.pop("REDIS_URL", None)
    from core.app import create_app
    from core.db import db

    app = create_app()
    with app.app_context():
        started = time.perf_counter()
        params = load(db.engine, args.loans, args.people)
        load_s = time.perf_counter() - started
        loans, active, installments = counts(db.engine, params)
        print(
            f"loaded {loans:,} loans ({active:,} active), {installments:,} installments in {load_s:.1f}s",
            flush=True,
        )
        hand, ours = [], []
        for jit in (True, False):
            h, expected = time_hand(db.engine, params, jit)
            o, got = time_ours(params, jit)
            if got != expected:
                raise SystemExit(
                    f"par_report disagrees with the hand-written SQL: {got} vs {expected}"
                )
            hand.append(h)
            ours.append(o)
            print(f"jit={'on' if jit else 'off'}: hand-written {h:.2f}s, ours {o:.2f}s", flush=True)
        db.session.remove()
    run = {
        "loans": loans,
        "active": active,
        "installments": installments,
        "load_s": load_s,
        "hand_s": min(hand),
        "ours_s": min(ours),
        "report": got,
    }
    run["ratio"] = run["ours_s"] / run["hand_s"] if run["hand_s"] else 0.0
    print(f"ours / hand-written: {run['ratio']:.2f} (target ≤ {TARGET})", flush=True)
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": url.split("@")[-1].split("/")[0] + " (" + url.split("+")[0] + ")",
    }
    write_section(args.output, meta, run)


if __name__ == "__main__":
    main()
