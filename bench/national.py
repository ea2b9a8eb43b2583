"""``python -m bench.national``: one organisation's pages at national scale.

Fresh schemas in its own PostgreSQL database (row-level security on every
tenant table, as migrated). Every tenant gets the same shape, the national
average: its share of 1,000,000 households (two people each, in five
villages), of 1,000,000 loans (one fund, one product, six monthly installments
each, one loan in ten each 15, 45, 75 and 120 days late, fully paid loans
closed), of 100,000 plots (one farm each) and one member with every role —
about 143 households, 143 loans and 14 plots. Everything is written by
set-based ``INSERT … SELECT generate_series`` as the superuser (foreign-key
triggers off during the load: the rows are consistent by construction), then
``ANALYZE``.

The 10 tenants live in a schema of their own (``small``) of the same
database, the 7,000 in ``public``; the first 10 tenants' rows are the same in
both. Two gunicorns (4 workers each, the application connecting as a plain
role bound by row-level security) serve the measured tenant (the first) from
each; N closed-loop clients, logged in as its member, load one page from
one and then the other, alternating in short rounds for S seconds per page
and side in all, so load from elsewhere on the machine falls on both alike.

The figure is p95 at 7,000 tenants / p95 at 10 tenants per page (target
≤ 1.3). ``--scale`` shrinks the national totals (0.01 for a quick check);
the per-tenant shape stays the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field

import sqlalchemy as sa

from bench import app_role, load, report, servers
from bench.__main__ import ensure_database

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench_national"
START, END = "<!-- national:start -->", "<!-- national:end -->"
TARGET = 1.3
PASSWORD = "bench-national-2569"

NATIONAL = {"tenants": 7_000, "households": 1_000_000, "loans": 1_000_000, "plots": 100_000}
SMALL_TENANTS = 10
VILLAGES = 5  # per tenant
INSTALLMENTS = 6  # per loan (the portfolio bench has 12; six keep the national load near half an hour)
MEASURED = 1  # the measured tenant's number

PAGES = {
    "landing": "/t/{slug}/",
    "registry overview": "/t/{slug}/registry/",
    "households": "/t/{slug}/registry/households",
    "loans": "/t/{slug}/welfare/loans/",
    "loans PAR": "/t/{slug}/welfare/loans/par",
    "plots": "/t/{slug}/producers/pgs/plots",
}


def slug(t: int) -> str:
    return f"bench-{t:05d}"


def sizes(scale: float) -> dict[str, int]:
    return {k: max(SMALL_TENANTS if k == "tenants" else 1, round(v * scale)) for k, v in NATIONAL.items()}


# --- the data ----------------------------------------------------------------------
#
# Tenant t (1..T) owns the rows numbered lo(t)+1 .. lo(t+1) of each kind, with
# lo(t) = (t-1)*N/T (integer division): exact totals, contiguous ids, and the
# same rows for the first tenants whichever phase writes them. :a and :b bound
# the tenants written by one call.


def _span(n: str) -> str:
    """FROM clause: (t, id, k) for every row of kind ``n`` of tenants :a..:b."""
    return f"""
        generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) t
        CROSS JOIN LATERAL generate_series((t - 1) * :{n} / :tenants + 1, t * :{n} / :tenants) id
        CROSS JOIN LATERAL (SELECT id - (t - 1) * :{n} / :tenants AS k) kk"""


LOAD_SQL = {
    "tenant": """
        INSERT INTO tenant (id, slug, name_th, name_en, kind, timezone, settings, active, created_at, updated_at)
        SELECT t, 'bench-' || lpad(t::text, 5, '0'), 'สภาองค์กรชุมชนตำบลทดสอบ ' || t, 'Bench council ' || t,
               'council', 'Asia/Bangkok', '{}', true, now(), now()
        FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) t""",
    "user_account": """
        INSERT INTO user_account (id, email, display_name, password_hash, lang, active,
                                  is_superadmin, session_version, created_at, updated_at)
        SELECT t, 'member' || t || '@bench.example', 'Bench member ' || t, :password_hash, 'th', true,
               false, 1, now(), now()
        FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) t""",
    "membership": """
        INSERT INTO membership (id, user_id, tenant_id, roles, active, created_at, updated_at)
        SELECT t, t, t, CAST(:roles AS json), true, now(), now()
        FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) t""",
    "village": f"""
        INSERT INTO village (id, tenant_id, moo, name_th, name_en, kind, created_at, updated_at)
        SELECT (t - 1) * {VILLAGES} + v, t, v, 'บ้านทดสอบ ' || v, '', 'moo', now(), now()
        FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) t
        CROSS JOIN generate_series(1, {VILLAGES}) v""",
    "household": f"""
        INSERT INTO household (id, tenant_id, code, village_id, address, head_person_id, created_at, updated_at)
        SELECT id, t, lpad(((k - 1) % {VILLAGES} + 1)::text, 2, '0') || '-' || lpad(k::text, 4, '0'),
               (t - 1) * {VILLAGES} + (k - 1) % {VILLAGES} + 1, k || ' หมู่ ' || ((k - 1) % {VILLAGES} + 1),
               2 * id - 1, now(), now()
        FROM {_span("households")}""",
    "person": f"""
        INSERT INTO person (id, tenant_id, household_id, title_th, first_name_th, last_name_th, national_id,
                            phone, birth_date, sex, elderly, disabled, bedridden, chronic_illness, hardship,
                            created_at, updated_at)
        SELECT 2 * id - s, t, id, CASE s WHEN 1 THEN 'นาย' ELSE 'นาง' END,
               CASE s WHEN 1 THEN 'สมชาย' ELSE 'สมหญิง' END || k, 'ใจดี' || t,
               lpad((3000000000000 + 2 * id - s)::text, 13, '0'), '+6681' || lpad((2 * id - s)::text, 7, '0'),
               DATE '1950-01-01' + ((id * 37 + s * 11) % 18000)::int, CASE s WHEN 1 THEN 'M' ELSE 'F' END,
               false, id % 23 = 0, id % 97 = 0, id % 7 = 0, id % 11 = 0, now(), now()
        FROM {_span("households")}
        CROSS JOIN generate_series(0, 1) s""",
    "welfare_fund": """
        INSERT INTO welfare_fund (id, tenant_id, name, kind, description, allows_lending, book, active, public,
                                  created_at)
        SELECT t, t, 'กองทุนหมุนเวียน', 'revolving', '', true, 'fund:' || t, true, false, now()
        FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) t""",
    "welfare_loan_product": f"""
        INSERT INTO welfare_loan_product (id, tenant_id, fund_id, name, method, annual_rate_bp, fee_satang, term,
                                          frequency, grace, allocation_order, allocation_strategy, active,
                                          created_at)
        SELECT t, t, t, 'เงินกู้ประกอบอาชีพ', 'zero', 0, 0, {INSTALLMENTS}, 'monthly', 0, 'fee,interest,principal',
               'installment', true, now()
        FROM generate_series(CAST(:a AS bigint), CAST(:b AS bigint)) t""",
    # Disbursed 0..239 days ago; installment n falls due 30*n days after; the
    # ones due before (today - lateness of the loan's profile) are paid.
    "welfare_loan": f"""
        INSERT INTO welfare_loan (id, tenant_id, fund_id, product_id, borrower_person_id, number, purpose,
               principal_satang, method, annual_rate_bp, fee_satang, term, frequency, grace, allocation_order,
               allocation_strategy, status, applied_on, disbursed_on, schedule_version, outstanding_satang,
               days_past_due, written_off_satang, recovered_satang, closed_on, created_at)
        SELECT id, t, t, t, 2 * ((t - 1) * :households / :tenants + 1
                                  + (k - 1) % (t * :households / :tenants - (t - 1) * :households / :tenants)) - 1,
               'L' || t || '-' || lpad(k::text, 4, '0'), 'ประกอบอาชีพ',
               {INSTALLMENTS} * 100000, 'zero', 0, 0, {INSTALLMENTS}, 'monthly', 0, 'fee,interest,principal',
               'installment', CASE WHEN o.open = 0 THEN 'closed' ELSE 'active' END,
               d.disbursed - 7, d.disbursed, 1, o.open * 100000, 0, 0, 0,
               CASE WHEN o.open = 0 THEN CURRENT_DATE END, now()
        FROM {_span("loans")}
        CROSS JOIN LATERAL (
            SELECT CURRENT_DATE - ((id * 7) % 240)::int AS disbursed,
                   (CASE id % 10 WHEN 6 THEN 15 WHEN 7 THEN 45 WHEN 8 THEN 75 WHEN 9 THEN 120 ELSE 0 END) AS late
        ) d
        CROSS JOIN LATERAL (
            SELECT count(*) AS open FROM generate_series(1, {INSTALLMENTS}) n
            WHERE d.disbursed + 30 * n >= CURRENT_DATE - d.late
        ) o""",
    "welfare_installment": f"""
        INSERT INTO welfare_installment (tenant_id, loan_id, version, number, due_on, principal_due,
               interest_due, fee_due, principal_paid, interest_paid, fee_paid, status, paid_on)
        SELECT l.tenant_id, l.id, 1, n, l.disbursed_on + 30 * n, 100000, 0, 0,
               CASE WHEN p.paid THEN 100000 ELSE 0 END, 0, 0,
               CASE WHEN p.paid THEN 'paid' ELSE 'open' END,
               CASE WHEN p.paid THEN l.disbursed_on + 30 * n END
        FROM welfare_loan l
        CROSS JOIN generate_series(1, {INSTALLMENTS}) n
        CROSS JOIN LATERAL (
            SELECT l.disbursed_on + 30 * n < CURRENT_DATE
                   - (CASE l.id % 10 WHEN 6 THEN 15 WHEN 7 THEN 45 WHEN 8 THEN 75 WHEN 9 THEN 120 ELSE 0 END)
                   AS paid
        ) p
        WHERE l.tenant_id BETWEEN :a AND :b""",
    "producer_farm": """
        INSERT INTO producer_farm (id, tenant_id, person_id, household_id, name, village_id, conversion_start,
                                   created_at, updated_at)
        SELECT id, t, 2 * ((t - 1) * :households / :tenants + k) - 1, (t - 1) * :households / :tenants + k,
               'ไร่ทดสอบ ' || k, NULL, CURRENT_DATE - 400, now(), now()
        FROM """ + _span("plots"),
    "producer_plot": f"""
        INSERT INTO producer_plot (id, tenant_id, farm_id, code, name, area_sqm, lat, lon, land_type,
                                   water_source, active, created_at, updated_at)
        SELECT id, t, id, 'P' || lpad(k::text, 4, '0'), 'แปลง ' || k, 1600 + (id % 50) * 100,
               7.0 + (id % 1000) / 1000.0, 100.0 + (id % 1000) / 1000.0,
               (ARRAY['field','paddy','orchard'])[1 + id % 3], NULL, true, now(), now()
        FROM {_span("plots")}""",
}
SEQUENCES = ["tenant", "user_account", "membership", "village", "household", "person", "welfare_fund",
             "welfare_loan_product", "welfare_loan", "welfare_installment", "producer_farm", "producer_plot"]
COUNTED = ["tenant", "household", "person", "welfare_loan", "welfare_installment", "producer_plot"]


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``schema`` first on the search path."""
    return url if schema == "public" else f"{url}?options=-csearch_path%3D{schema}"


def create_schema(url: str, schema: str = "public") -> None:
    """A fresh schema with row-level security, and the plain role the pages run as."""
    from core.app import create_app
    from core.db import db
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE") if schema != "public" else sa.text("SELECT 1"))
        conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    admin.dispose()
    os.environ["DATABASE_URL"] = with_schema(url, schema)
    app = create_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        with db.engine.begin() as conn:
            app_role.protect(conn, app.config["SECRET_KEY"], schema=schema)
        db.session.remove()
        db.engine.dispose()


def write_tenants(engine, first: int, last: int, totals: dict[str, int]) -> dict[str, float]:
    """The rows of tenants first..last; seconds per table."""
    from core.auth.services import hash_password
    from core.tenancy.models import ALL_ROLES

    params = {
        "a": first, "b": last, "tenants": totals["tenants"], "households": totals["households"],
        "loans": totals["loans"], "plots": totals["plots"], "password_hash": hash_password(PASSWORD),
        "roles": json.dumps(list(ALL_ROLES)),
    }
    seconds = {}
    with engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))  # FK triggers off
        conn.execute(sa.text("SET LOCAL synchronous_commit = off"))
        for table, sql in LOAD_SQL.items():
            started = time.perf_counter()
            conn.execute(sa.text(sql), params)
            seconds[table] = time.perf_counter() - started
            print(f"  {table}: {seconds[table]:.1f}s", flush=True)
        for table in SEQUENCES:
            conn.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            ))
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("ANALYZE"))
    seconds["analyze"] = time.perf_counter() - started
    print(f"  analyze: {seconds['analyze']:.1f}s", flush=True)
    return seconds


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in COUNTED}


def measured_rows(engine) -> dict[str, int]:
    t = {"t": MEASURED}
    with engine.connect() as conn:
        return {
            name: conn.scalar(sa.text(f"SELECT count(*) FROM {table} WHERE tenant_id = :t"), t)
            for name, table in [("households", "household"), ("people", "person"), ("loans", "welfare_loan"),
                                ("installments", "welfare_installment"), ("plots", "producer_plot")]
        }


# --- the pages ---------------------------------------------------------------------


def log_in(port: int, login: str, password: str) -> str:
    """The session cookie of a real log-in through the form."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)  # workers may still be booting
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode("utf-8")
    cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    body = urllib.parse.urlencode({"csrf_token": token.group(1) if token else "", "login": login,
                                   "password": password})
    conn.request("POST", "/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 302:
        raise RuntimeError(f"log-in failed: HTTP {response.status}")
    return response.getheader("Set-Cookie", "").split(";", 1)[0] or cookie


@dataclass
class Phase:
    tenants: int
    results: dict[str, load.Result] = field(default_factory=dict)


def measure_pages(
    app_urls: list[str], clients: int, seconds: float, rounds: int = 4, workers: int = 4, warmup: float = 15.0
) -> list[dict[str, load.Result]]:
    """Each page from every gunicorn in turn, ``rounds`` times, ``seconds`` in all per page and server."""
    from contextlib import ExitStack

    env = {"SECRET_KEY": "bench", "RATELIMIT_ENABLED": "0"}
    results: list[dict[str, load.Result]] = [{} for _ in app_urls]
    with ExitStack() as stack:
        ports = [stack.enter_context(servers.gunicorn("core.wsgi:app", {**env, "DATABASE_URL": u}, workers=workers))
                 for u in app_urls]
        headers = []
        paths = [p.format(slug=slug(MEASURED)) for p in PAGES.values()]
        for port in ports:
            h = {"Cookie": log_in(port, f"member{MEASURED}@bench.example", PASSWORD), "Accept-Language": "th"}
            headers.append(h)
            # every worker booted and every page compiled before anything is measured
            load.run("warm", "127.0.0.1", port, lambda _c, i, h=h: ("GET", paths[i % len(paths)], None, h),
                     2 * workers, warmup)
        for name, path in zip(PAGES, paths, strict=True):
            for side, port in enumerate(ports):
                results[side][name] = load.Result(name)
                load.run("warm", "127.0.0.1", port, lambda _c, _i, p=path, h=headers[side]: ("GET", p, None, h),
                         clients, duration=60, max_requests=2 * workers)
            for r in range(rounds):
                order = range(len(ports)) if r % 2 == 0 else reversed(range(len(ports)))
                for side in order:
                    got = load.run(name, "127.0.0.1", ports[side],
                                   lambda _c, _i, p=path, h=headers[side]: ("GET", p, None, h),
                                   clients, seconds / rounds)
                    total = results[side][name]
                    total.requests += got.requests
                    total.errors += got.errors
                    total.seconds += got.seconds
                    total.latencies += got.latencies
                    for k, v in got.statuses.items():
                        total.statuses[k] = total.statuses.get(k, 0) + v
            for side in range(len(ports)):
                t = results[side][name]
                bad = {k: v for k, v in t.statuses.items() if k != 200}
                print(f"    [{side}] {name}: {t.requests} req, p50 {t.p50 * 1000:.1f} ms, "
                      f"p95 {t.percentile(95) * 1000:.1f} ms, p99 {t.p99 * 1000:.1f} ms"
                      f"{'  non-200: ' + str(bad) if bad else ''}", flush=True)
                if bad:
                    raise RuntimeError(f"{path} answered {bad}")
    return results


# --- the report --------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def write_section(path: str, meta: dict, run: dict) -> None:
    small, large = run["small"], run["large"]
    c = run["counts"]
    scale_note = (
        "national scale" if run["scale"] >= 1.0
        else f"**scale {run['scale']:g} of national** (not the national figure)"
    )
    lines = [
        START,
        "## National scale: one organisation's pages among 7,000",
        "",
        "Measured by `python -m bench.national`: the same pages of one organisation (its logged-in member with",
        f"every role) from two data sets side by side in one database — {small.tenants} tenants (a schema of their",
        f"own) and {large.tenants:,} tenants holding the national totals — each through its own gunicorn (4 workers, the",
        "app connecting as a plain role bound by row-level security). Per page, after a warm-up,",
        f"{meta['clients']} closed-loop clients load one side and then the other in {run['rounds']} alternating rounds,",
        f"{meta['seconds']:.0f} s per side in all, so other load on the machine falls on both alike. Every tenant has",
        "the same shape (its share of the totals: ~143 households of two people, ~143 loans of",
        f"{INSTALLMENTS} monthly installments, ~14 plots; the measured tenant's rows are the same on both sides),",
        "written by set-based `INSERT … SELECT generate_series` as the superuser, then `ANALYZE`.",
        "",
        f"- date: {meta['date']}",
        f"- commit: {meta['commit']}",
        f"- machine: {meta['machine']}",
        f"- database: {meta['database']}",
        f"- scale: {scale_note}",
        f"- load: {small.tenants} tenants in {run['load_small_s']:.0f} s; {large.tenants:,} tenants in "
        f"{run['load_large_s']:.0f} s ({run['load_large_s'] / 60:.1f} min, ANALYZE included)",
        "",
        "| rows present | total | measured tenant |",
        "|---|---:|---:|",
        f"| tenants | {c['tenant']:,} | — |",
        f"| households | {c['household']:,} | {run['mine']['households']:,} |",
        f"| people | {c['person']:,} | {run['mine']['people']:,} |",
        f"| loans | {c['welfare_loan']:,} | {run['mine']['loans']:,} |",
        f"| installments | {c['welfare_installment']:,} | {run['mine']['installments']:,} |",
        f"| plots | {c['producer_plot']:,} | {run['mine']['plots']:,} |",
        "",
        f"| page | req/s at {small.tenants} | p50 ms | p95 ms | p99 ms | req/s at {large.tenants:,} | p50 ms | p95 ms "
        "| p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in PAGES:
        s, b = small.results[name], large.results[name]
        lines.append(
            f"| {name} | {s.throughput:,.0f} | {_ms(s.p50)} | {_ms(s.percentile(95))} | {_ms(s.p99)} "
            f"| {b.throughput:,.0f} | {_ms(b.p50)} | {_ms(b.percentile(95))} | {_ms(b.p99)} |"
        )
    lines += ["", f"| check: p95 at {large.tenants:,} / p95 at {small.tenants} | measured | target | met |",
              "|---|---:|---|---|"]
    for name in PAGES:
        ratio = run["ratios"][name]
        lines.append(f"| {name} | {ratio:.2f} | ≤ {TARGET} | {'yes' if ratio <= TARGET else 'no'} |")
    if run.get("notes"):
        lines += [""] + run["notes"]
    lines.append(END)
    report.put_section(path, START, END, "\n".join(lines))


def meta_for(url: str, clients: int, seconds: float) -> dict:
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                 text=True).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": url.split("@")[-1].split("/")[0] + " (" + url.split("+")[0] + ")",
        "clients": clients,
        "seconds": seconds,
    }


def run(scale: float = 1.0, clients: int = 4, seconds: float = 20.0, output: str | None = "BENCHMARKS.md",
        url: str | None = None, notes: list[str] | None = None, rounds: int = 4) -> dict:
    """Load both schemas, measure; writes the section to ``output`` (unless None) and returns the figures."""
    url = url or os.environ.get("BENCH_NATIONAL_DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.pop("REDIS_URL", None)
    app_url = app_role.app_url(url)
    totals = sizes(scale)
    print(f"national bench at scale {scale:g}: {totals}", flush=True)
    create_schema(url, "small")
    create_schema(url, "public")
    small_engine = sa.create_engine(with_schema(url, "small"))
    engine = sa.create_engine(url)
    started = time.perf_counter()
    write_tenants(small_engine, 1, SMALL_TENANTS, totals)
    load_small = time.perf_counter() - started
    small = Phase(SMALL_TENANTS)
    print(f"small: {counts(small_engine)} in {load_small:.0f}s", flush=True)
    started = time.perf_counter()
    write_tenants(engine, 1, totals["tenants"], totals)
    load_large = time.perf_counter() - started
    present = counts(engine)
    large = Phase(present["tenant"])
    print(f"national: {present} in {load_large:.0f}s", flush=True)
    if measured_rows(small_engine) != measured_rows(engine):
        raise RuntimeError("the measured tenant differs between the two schemas")
    small.results, large.results = measure_pages(
        [with_schema(app_url, "small"), app_url], clients, seconds, rounds
    )
    ratios = {
        name: large.results[name].percentile(95) / small.results[name].percentile(95)
        for name in PAGES
    }
    for name, ratio in ratios.items():
        print(f"  {name}: p95 ratio {ratio:.2f} (target ≤ {TARGET})", flush=True)
    figures = {
        "scale": scale, "small": small, "large": large, "counts": present, "mine": measured_rows(engine),
        "load_small_s": load_small, "load_large_s": load_large, "ratios": ratios, "notes": notes or [],
        "rounds": rounds,
    }
    small_engine.dispose()
    engine.dispose()
    if output:
        write_section(output, meta_for(url, clients, seconds), figures)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="of the national totals (0.01: quick check)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0, help="per page and side, over all rounds")
    parser.add_argument("--rounds", type=int, default=4, help="alternations between the two sides per page")
    parser.add_argument("--output", default="BENCHMARKS.md", help="'-' to write nothing")
    parser.add_argument("--note", action="append", default=[], help="a line added under the tables")
    args = parser.parse_args()
    run(args.scale, args.clients, args.seconds, None if args.output == "-" else args.output, notes=args.note,
        rounds=args.rounds)


if __name__ == "__main__":
    main()
