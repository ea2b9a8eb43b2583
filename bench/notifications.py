"""``python -m bench.notifications``: 10,000 loan reminders through a real
Celery worker and Redis to a LINE endpoint served by the bench.

One tenant with its LINE channel token; 10,000 borrowers, each with a LINE
user id on their contact preference and one loan whose installment falls due
on the bench day. The bench sends ``welfare.loans.send_reminders`` (the task
beat runs every morning) to the worker through Redis; the worker queues one
notification per installment through ``queue_notification``, committing every
500, and after each commit one ``core.deliver_notifications`` task per 100,
which claims its batch, POSTs each push to ``LINE_API_BASE`` (a local HTTP
server started by the bench, answering 200 at once) and records them as sent.
The worker connects as the plain role that row-level security binds.

Measured: time from sending the task to the last push received, deliveries/s,
p50/p99 of each notification's latency from its row being written to its push
arriving, pushes lost (a notification never pushed, or not 'sent' in the
database) and duplicated (the same ``X-Line-Retry-Key`` received twice).

The floor, in the same run through the same worker and Redis: the same number
of trivial tasks, each one HTTP POST of its number to the same local server
with the same HTTP client and no database, sent by the bench; its figures are
taken the same way (enqueue → received). The ratio is ours / floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import sqlalchemy as sa

from bench import app_role, report
from core.celery_app import celery

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench_notify"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
START, END = "<!-- notifications:start -->", "<!-- notifications:end -->"
SLUG = "bench-notify"
DAY = dt.date(2026, 12, 1)
CONCURRENCY = 2


# --- the floor task (imported by the worker with --include bench.notifications) -----


@celery.task(name="bench.notify_floor", acks_late=True)
def floor_task(url: str, number: int, enqueued: float) -> None:
    from core.notifications import provider_http

    provider_http.request(
        url, body=json.dumps({"n": number, "t": enqueued}).encode(), headers={"Content-Type": "application/json"}
    )


# --- the provider ------------------------------------------------------------------


@dataclass
class Received:
    """What the local provider got: key -> arrival times (wall clock)."""

    arrivals: dict[str, list[float]] = field(default_factory=dict)
    sent_at: dict[str, float] = field(default_factory=dict)  # floor: key -> enqueue time
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, key: str, enqueued: float | None = None) -> None:
        now = time.time()
        with self.lock:
            self.arrivals.setdefault(key, []).append(now)
            if enqueued is not None:
                self.sent_at[key] = enqueued

    def unique(self) -> int:
        with self.lock:
            return len(self.arrivals)

    def duplicates(self) -> int:
        with self.lock:
            return sum(len(v) - 1 for v in self.arrivals.values())

    def clear(self) -> None:
        with self.lock:
            self.arrivals.clear()
            self.sent_at.clear()


def provider(received: Received) -> ThreadingHTTPServer:
    """LINE's push endpoint (``/v2/bot/message/push``) and the floor's ``/floor``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == "/v2/bot/message/push":
                received.add(self.headers.get("X-Line-Retry-Key", ""))
                answer = b'{"sentMessages":[{"id":"1","quoteToken":"q"}]}'
            else:
                data = json.loads(body)
                received.add(f"floor:{data['n']}", data["t"])
                answer = b"{}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- the data ----------------------------------------------------------------------

LOAD_SQL = [
    """INSERT INTO person (id, tenant_id, first_name_th, last_name_th, elderly, disabled, bedridden,
                           chronic_illness, hardship, created_at, updated_at)
       SELECT g, :t, 'ผู้กู้' || g, 'ทดสอบ', false, false, false, false, false, now(), now()
       FROM generate_series(1, :n) g""",
    """INSERT INTO contact_preference (tenant_id, person_id, channel_order, opted_out_channels, opted_out_all,
                                      line_user_id, created_at, updated_at)
       SELECT :t, g, CAST('["line"]' AS json), CAST('[]' AS json), false, 'U' || md5(g::text), now(), now()
       FROM generate_series(1, :n) g""",
    """INSERT INTO welfare_loan (id, tenant_id, fund_id, product_id, borrower_person_id, number, purpose,
           principal_satang, method, annual_rate_bp, fee_satang, term, frequency, grace, allocation_order,
           allocation_strategy, status, applied_on, disbursed_on, schedule_version, outstanding_satang,
           days_past_due, written_off_satang, recovered_satang, created_at)
       SELECT g, :t, :fund, :product, g, 'L' || lpad(g::text, 5, '0'), 'bench', 100000, 'zero', 0, 0, 1,
              'monthly', 0, 'fee,interest,principal', 'installment', 'active', CAST(:day AS date) - 35,
              CAST(:day AS date) - 30, 1, 100000, 0, 0, 0, now()
       FROM generate_series(1, :n) g""",
    """INSERT INTO welfare_installment (tenant_id, loan_id, version, number, due_on, principal_due,
           interest_due, fee_due, principal_paid, interest_paid, fee_paid, status)
       SELECT :t, g, 1, 1, :day, 100000, 0, 0, 0, 0, 0, 'open'
       FROM generate_series(1, :n) g""",
]


def prepare(app, count: int) -> dict:
    """A fresh schema, the tenant and ``count`` borrowers due on DAY."""
    from core.db import db
    from core.tenancy.context import tenant_context
    from core.tenancy.models import Tenant
    from welfare.funds.services import create_fund
    from welfare.models.loans import LoanProduct

    with app.app_context():
        db.drop_all()
        db.create_all()
        with db.engine.begin() as conn:
            app_role.protect(conn, app.config["SECRET_KEY"])
        tenant = Tenant(slug=SLUG, name_th="กองทุนทดสอบ", name_en="Bench fund", kind="council",
                        settings={"line": {"channel_token": "bench-channel-token"}})
        db.session.add(tenant)
        db.session.flush()
        with tenant_context(tenant.id):
            fund = create_fund(name="กองทุนหมุนเวียน", kind="revolving")
            product = LoanProduct(fund_id=fund.id, name="bench", method="zero", term=1, frequency="monthly")
            db.session.add(product)
            db.session.flush()
            ids = {"t": tenant.id, "fund": fund.id, "product": product.id}
        db.session.commit()
        with db.engine.begin() as conn:
            for sql in LOAD_SQL:
                conn.execute(sa.text(sql), {**ids, "n": count, "day": DAY})
            for table in ("person", "welfare_loan"):
                conn.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE"))
        db.session.remove()
    return ids


# --- the runs ----------------------------------------------------------------------


@dataclass
class Run:
    name: str
    count: int
    seconds: float = 0.0  # first enqueue -> last delivery
    enqueue_s: float = 0.0  # until the last task was in Redis (floor) / the batch committed (ours)
    latencies: list[float] = field(default_factory=list)
    delivered: int = 0
    duplicated: int = 0
    lost: int = 0
    db_sent: int | None = None

    @property
    def rate(self) -> float:
        return self.delivered / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0


def wait_for(received: Received, count: int, timeout: float) -> float:
    """Wall time of the last arrival once ``count`` distinct keys arrived."""
    deadline = time.time() + timeout
    while received.unique() < count and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(2.0)  # let late duplicates show up
    with received.lock:
        return max((min(v) for v in received.arrivals.values()), default=time.time())


def run_floor(received: Received, url: str, count: int, timeout: float) -> Run:
    received.clear()
    began = time.time()
    for n in range(count):
        floor_task.delay(url, n, time.time())
    enqueued = time.time()
    last = wait_for(received, count, timeout)
    r = Run("floor", count, seconds=last - began, enqueue_s=enqueued - began)
    with received.lock:
        r.latencies = [min(v) - received.sent_at[k] for k, v in received.arrivals.items()]
    r.delivered = received.unique()
    r.duplicated = received.duplicates()
    r.lost = count - r.delivered
    return r


def run_reminders(app, received: Received, ids: dict, count: int, timeout: float) -> Run:
    from core.db import db
    from core.notifications.line import retry_key
    from core.notifications.models import Notification
    from welfare.loans.tasks_loans import send_reminders

    received.clear()
    began = time.time()
    send_reminders.delay(ids["t"], DAY.isoformat())
    last = wait_for(received, count, timeout)
    r = Run("reminders", count, seconds=last - began)
    with app.app_context():
        with db.engine.connect() as conn:
            rows = conn.execute(
                sa.select(Notification.id, Notification.created_at, Notification.status)
                .where(Notification.tenant_id == ids["t"])
            ).all()
        db.session.remove()
    with received.lock:
        arrivals = {k: min(v) for k, v in received.arrivals.items()}
    r.delivered = len(arrivals)
    r.duplicated = received.duplicates()
    r.db_sent = sum(1 for row in rows if row.status == "sent")
    written = {retry_key(ids["t"], row.id): row.created_at.timestamp() for row in rows}
    r.enqueue_s = (max(written.values()) - began) if written else 0.0
    r.latencies = [arrivals[k] - t for k, t in written.items() if k in arrivals]
    r.lost = max(count - len(r.latencies), count - (r.db_sent or 0))
    return r


def run_backlog(app, received: Received, ids: dict, count: int, timeout: float) -> Run:
    """The same rows again, all pending, handed to the worker in the outbox's
    batches at once: the delivery path alone, as the floor is the task path alone."""
    from core.db import db
    from core.notifications.line import retry_key
    from core.notifications.models import Notification
    from core.notifications.outbox import BATCH
    from core.notifications.tasks import deliver_notifications

    with app.app_context():
        with db.engine.begin() as conn:  # as the owner: the bench resets its own rows
            conn.execute(sa.text("DELETE FROM notification_delivery WHERE tenant_id = :t"), ids)
            conn.execute(sa.text("UPDATE notification SET status = 'pending', attempts = 0, sent_at = NULL, "
                                 "claimed_at = NULL WHERE tenant_id = :t"), ids)
            pending = [row.id for row in conn.execute(
                sa.select(Notification.id).where(Notification.tenant_id == ids["t"]).order_by(Notification.id))]
        db.session.remove()
    received.clear()
    began = time.time()
    for start in range(0, len(pending), BATCH):
        deliver_notifications.delay(pending[start:start + BATCH], ids["t"])
    enqueued = time.time()
    last = wait_for(received, count, timeout)
    r = Run("backlog", count, seconds=last - began, enqueue_s=enqueued - began)
    with app.app_context():
        with db.engine.connect() as conn:
            r.db_sent = conn.execute(sa.select(sa.func.count()).select_from(Notification).where(
                Notification.tenant_id == ids["t"], Notification.status == "sent")).scalar_one()
        db.session.remove()
    with received.lock:
        arrivals = {k: min(v) for k, v in received.arrivals.items()}
    keys = {retry_key(ids["t"], n) for n in pending}
    r.delivered = len(keys & arrivals.keys())
    r.duplicated = received.duplicates()
    r.latencies = [arrivals[k] - began for k in keys if k in arrivals]
    r.lost = max(count - r.delivered, count - (r.db_sent or 0))
    return r


def start_worker(env: dict[str, str], concurrency: int, log_path: str | None = None):
    """The worker, knowing the floor task too; with ``log_path`` every task it runs is logged there."""
    from bench import servers

    cmd = servers.celery_command(env, concurrency) + ["--include", "bench.notifications"]
    if not log_path:
        return subprocess.Popen(cmd, cwd=servers.ROOT, env={**os.environ, **env})
    cmd[cmd.index("--loglevel") + 1] = "info"
    with open(log_path, "w") as log:
        return subprocess.Popen(cmd, cwd=servers.ROOT, env={**os.environ, **env}, stdout=log, stderr=log)


def wait_for_worker(received: Received, url: str, timeout: float = 300.0) -> None:
    """One floor task through, so the worker is up before anything is timed."""
    received.clear()
    floor_task.delay(url, -1, time.time())
    deadline = time.time() + timeout
    while received.unique() < 1:
        if time.time() > deadline:
            raise RuntimeError("the Celery worker did not start")
        time.sleep(0.1)
    received.clear()


# --- the report --------------------------------------------------------------------


def write_section(path: str, meta: dict, floor: Run, ours: Run, backlog: Run) -> None:
    ratio_rate = ours.rate / floor.rate if floor.rate else 0.0
    ratio_backlog = backlog.rate / floor.rate if floor.rate else 0.0
    ratio_time = ours.seconds / floor.seconds if floor.seconds else 0.0
    after = ours.delivered / (ours.seconds - ours.enqueue_s) if ours.seconds > ours.enqueue_s else 0.0
    ratio_after = after / floor.rate if floor.rate else 0.0

    def row(r: Run) -> str:
        return (f"| {r.name} | {r.count:,} | {r.enqueue_s:.1f} | {r.seconds:.1f} | {r.rate:,.0f} | "
                f"{r.p50 * 1000:,.0f} | {r.pct(99) * 1000:,.0f} | {r.lost} | {r.duplicated} |")

    lines = [
        START,
        "## Notifications: 10,000 reminders through a worker and Redis",
        "",
        "Measured by `python -m bench.notifications`: `welfare.loans.send_reminders` for one tenant whose",
        f"{ours.count:,} borrowers each have an installment due that day, sent to a real Celery worker",
        f"(prefork, concurrency {meta['concurrency']}, connected as the plain role that row-level security",
        "binds) through Redis; it queues one notification per installment (`queue_notification`, committed",
        "every 500) and after each commit one `core.deliver_notifications` task per 100, which claims its",
        "batch with one statement, POSTs each LINE push to a local HTTP server (`LINE_API_BASE`) and records",
        "the sent together.",
        "The *floor*, in the same run through the same worker and Redis: as many trivial tasks, each one POST",
        "of its number to the same server with the same HTTP client, no database.",
        "",
        f"- date: {meta['date']}",
        f"- commit: {meta['commit']}",
        f"- machine: {meta['machine']}",
        f"- database: {meta['database']}; broker: Redis (db 13)",
        "",
        "| run | messages | enqueued after s | all delivered after s | delivered/s | p50 ms | p99 ms | lost "
        "| duplicated |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        row(floor),
        row(ours),
        row(backlog),
        "",
        "*enqueued after*: for the floor, until the bench had put the last task in Redis; for the reminders,",
        "until the last notification row was written (they are enqueued when that transaction commits).",
        "Latency: floor, from the task's enqueue to its POST arriving; reminders, from the notification row",
        "being written to its push arriving (so it includes waiting for the rest of the batch to commit);",
        "backlog, from the first batch enqueued to its push arriving. *backlog*: the same 10,000 rows set back",
        "to pending and handed to the worker at once in the outbox's batches of 100: the delivery path alone,",
        "as the floor is the task path alone.",
        f"Notifications 'sent' in the database: {ours.db_sent:,} of {ours.count:,}. Once the batch had committed the",
        f"reminders went out at {after:,.0f}/s.",
        "",
        "| check | measured | target |",
        "|---|---:|---|",
        f"| backlog delivered/s / floor delivered/s | {ratio_backlog:.2f} | ≥ 0.5 |",
        f"| reminders delivered/s / floor delivered/s | {ratio_rate:.2f} | report |",
        f"| reminders time to all delivered / floor | {ratio_time:.2f} | report |",
        f"| reminders delivered/s once the batch had committed / floor delivered/s | {ratio_after:.2f} | report |",
        f"| lost | {ours.lost + backlog.lost} | 0 |",
        f"| duplicated (provider side) | {ours.duplicated + backlog.duplicated} | 0 |",
    ]
    if meta.get("notes"):
        lines += [""] + meta["notes"]
    lines.append(END)
    report.put_section(path, START, END, "\n".join(lines))


def run(count: int = 10_000, output: str | None = "BENCHMARKS.md", concurrency: int = CONCURRENCY,
        url: str | None = None, redis_url: str | None = None, timeout: float = 1800.0,
        notes: list[str] | None = None, worker_log: str | None = None) -> dict:
    """Floor, then the reminders; writes the section to ``output`` (unless None)."""
    import redis

    from bench import servers
    from bench.__main__ import ensure_database

    url = url or os.environ.get("BENCH_NOTIFY_DATABASE_URL", DEFAULT_DB)
    redis_url = redis_url or os.environ.get("BENCH_NOTIFY_REDIS_URL", DEFAULT_REDIS)
    ensure_database(url)
    redis.Redis.from_url(redis_url).flushdb()  # this bench's own db: nothing left from an earlier run
    received = Received()
    server = provider(received)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    env = {"DATABASE_URL": url, "REDIS_URL": redis_url, "SECRET_KEY": "bench", "LINE_API_BASE": base,
           "RATELIMIT_ENABLED": "0"}
    os.environ.update(env)
    from core.app import create_app

    app = create_app()
    print(f"preparing {count:,} borrowers", flush=True)
    ids = prepare(app, count)
    # the worker connects as the plain role, bound by row-level security
    worker = start_worker({**env, "DATABASE_URL": app_role.app_url(url)}, concurrency, worker_log)
    try:
        with app.app_context():
            wait_for_worker(received, base + "/floor")
            floor = run_floor(received, base + "/floor", count, timeout)
            print(f"floor: {floor.seconds:.1f}s, {floor.rate:,.0f}/s, p50 {floor.p50 * 1000:.0f} ms, "
                  f"p99 {floor.pct(99) * 1000:.0f} ms, lost {floor.lost}, duplicated {floor.duplicated}", flush=True)
            ours = run_reminders(app, received, ids, count, timeout)
            print(f"reminders: {ours.seconds:.1f}s (rows written after {ours.enqueue_s:.1f}s), {ours.rate:,.0f}/s, "
                  f"p50 {ours.p50 * 1000:.0f} ms, p99 {ours.pct(99) * 1000:.0f} ms, lost {ours.lost}, "
                  f"duplicated {ours.duplicated}, sent in db {ours.db_sent}", flush=True)
            backlog = run_backlog(app, received, ids, count, timeout)
            print(f"backlog: {backlog.seconds:.1f}s, {backlog.rate:,.0f}/s, p99 {backlog.pct(99) * 1000:.0f} ms, "
                  f"lost {backlog.lost}, duplicated {backlog.duplicated}, sent in db {backlog.db_sent}", flush=True)
    finally:
        servers.stop(worker, timeout=30)
        server.shutdown()
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                 text=True).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": url.split("@")[-1].split("/")[0] + " (" + url.split("+")[0] + ")",
        "concurrency": concurrency,
        "notes": notes or [],
    }
    if output:
        write_section(output, meta, floor, ours, backlog)
    return {"floor": floor, "ours": ours, "backlog": backlog, "meta": meta}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY, help="worker processes")
    parser.add_argument("--output", default="BENCHMARKS.md", help="'-' to write nothing")
    parser.add_argument("--note", action="append", default=[], help="a line added under the tables")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds to wait for every delivery")
    parser.add_argument("--worker-log", help="log every task the worker runs to this file")
    args = parser.parse_args()
    run(args.count, None if args.output == "-" else args.output, args.concurrency, timeout=args.timeout,
        notes=args.note, worker_log=args.worker_log)


if __name__ == "__main__":
    main()
