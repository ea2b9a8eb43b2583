"""``python -m bench.faults``: the flash crowd under faults. While households
book, order and pay through gunicorn (``bench.flash_crowd``, fewer households
with places and stock scaled to stay short), a chaos thread kills (SIGKILL) a
random gunicorn worker every 0.5–2 s and, a few times, the whole Celery worker
(its process group), which is started again. Gunicorn preloads the app, so a
killed worker is forked again at once. Booking reminders go through the real
task (``market.send_slot_reminders``, asked for every couple of seconds while
the crowd runs, as beat would), the outbox and the Celery worker on Redis to
the LINE channel, whose API is a small local server that records every push
with its ``X-Line-Retry-Key`` and, like LINE, answers 409 to a key it has
accepted before.

Afterwards one worker stays until the outbox drains (the redelivery sweep is
asked for every 2 s; claims and idle pending rows count as stale after 3 s
for the run: ``NOTIFY_STALE_AFTER_SECONDS``, ``NOTIFY_IDLE_AFTER_SECONDS``),
and the run checks: every booking, order and payment acknowledged to a client
(201/200) is in the database as acknowledged; nothing oversold, overbooked or
overspent and the ledger balanced (``bench.flash_crowd.check``); every booking
reminded, each reminder delivered to its person in effect once (the provider
may see a key more than once — a worker killed after the push but before
recording it, or a 500 retried — but never two keys for one person); nothing
left pending or sending; ``pansuk seal`` then ``pansuk verify`` (the commands,
run on the harness's app) exit 0. The figures go to BENCHMARKS.md between
markers.

It runs on its own database (``pansuk_bench_faults``, dropped and created) and
Redis db 11 (flushed). ``run(...)`` returns everything as a dict; ``--json``
writes it to a file (tests/faults runs a short run in its own process so).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import sqlalchemy as sa

from bench import app_role, flash_crowd, report, servers
from bench.__main__ import ensure_database

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench_faults"
# Fewer households than the flash crowd's 2,000, so that under chaos on two cores
# the crowd gets through all of them and the places and stock run out.
HOUSEHOLDS = 600
DEFAULT_REDIS = "redis://127.0.0.1:6379/11"
START, END = "<!-- faults:start -->", "<!-- faults:end -->"
LINE_TOKEN = "bench-faults-channel-token"
STALE_SECONDS = 3  # a claim (or an idle pending row) this old is taken again during the run
WORKERS = 4
CELERY_CONCURRENCY = 2


def scarce(households: int) -> dict:
    """Places and units scaled to the households so that both stay short, as
    in the flash crowd (75 % of households get a place; stock for about 60 %
    of the units asked)."""
    if households >= flash_crowd.HOUSEHOLDS:
        return {"slot_capacity": flash_crowd.SLOT_CAPACITY, "units": dict(flash_crowd.STOCK)}
    places = households * 3 // 4
    share = households / flash_crowd.HOUSEHOLDS
    return {
        "slot_capacity": max(1, places // flash_crowd.SLOTS),
        "units": {k: max(10, int(v * share)) for k, v in flash_crowd.STOCK.items()},
    }


# --- the messaging provider ----------------------------------------------------------


@dataclass
class Push:
    key: str | None
    to: str | None
    text: str
    status: int


@dataclass
class LineProvider:
    """LINE's push endpoint on 127.0.0.1: records every request; a retry key
    accepted before gets 409; a few requests get 500 (not accepted, worth a
    retry). Each answer is held back a little after the push is accepted, so
    a worker killed then has sent a message whose answer it never read."""

    seed: int = 0
    fail_rate: float = 0.02
    delay: tuple[float, float] = (0.05, 0.5)
    pushes: list[Push] = field(default_factory=list)
    accepted: dict[str, str | None] = field(default_factory=dict)  # key -> the person's LINE id
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    last_push_at: float = 0.0  # time.monotonic()
    in_flight: int = 0  # pushes accepted whose answer is not written yet

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, key: str | None, to: str | None, text: str) -> tuple[int, float]:
        with self.lock:
            if key and key in self.accepted:
                status = 409
            elif self.rng.random() < self.fail_rate:
                status = 500
            else:
                status = 200
                if key:
                    self.accepted[key] = to
            self.pushes.append(Push(key, to, text, status))
            self.last_push_at = time.monotonic()
            return status, self.rng.uniform(*self.delay)

    def start(self) -> LineProvider:
        self.rng = random.Random(self.seed)
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw.decode("utf-8"))
                    to, text = body.get("to"), body["messages"][0]["text"]
                except (ValueError, KeyError, IndexError):
                    to, text = None, ""
                status, pause = provider.answer(self.headers.get("X-Line-Retry-Key"), to, text)
                with provider.lock:
                    provider.in_flight += 1
                try:
                    time.sleep(pause)
                    data = json.dumps({} if status == 200 else {"message": f"status {status}"}).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the worker was killed while waiting
                    pass
                finally:
                    with provider.lock:
                        provider.in_flight -= 1

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- the Celery worker, killable as a whole ------------------------------------------


class CeleryWorker:
    """A Celery worker in its own session, so SIGKILL to its process group takes
    the main process and its pool children at once."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env = env
        self.log = log
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.started_at = 0.0  # time.monotonic()

    def start(self) -> None:
        with self.log.open("a") as out:
            out.write(f"--- start {self.starts + 1} at {time.strftime('%H:%M:%S')}\n")
            out.flush()
            self.proc = subprocess.Popen(
                servers.celery_command(self.env, CELERY_CONCURRENCY),
                cwd=servers.ROOT,
                env={**os.environ, **self.env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1
        self.started_at = time.monotonic()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def stop(self) -> None:
        """Warm shutdown, then the process group killed whatever is left."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


# --- the crowd and the chaos ---------------------------------------------------------


class FaultCrowd(flash_crowd.Crowd):
    """The flash crowd, remembering every booking, order and payment the server
    acknowledged; no new household is taken after the deadline."""

    def __init__(self, port: int, ids: dict, seed: int, deadline: float,
                 kill_points: frozenset[int] = frozenset(), kill=None):
        super().__init__(port, ids, seed=seed)
        self.deadline = deadline
        self.bookings: dict[int, dict] = {}
        self.orders: dict[int, dict] = {}
        self.payments: dict[int, dict] = {}
        # Kills driven by the crowd's progress, not the clock: as the household
        # with each of these ordinals is taken, a gunicorn worker is killed, so a
        # fast machine sees as many kills as a slow one.
        self.kill_points, self.kill = kill_points, kill
        self.taken = 0

    def next_household(self) -> int | None:
        if time.monotonic() >= self.deadline:
            return None
        household = super().next_household()
        if household is not None and self.kill is not None:
            with self.lock:
                self.taken += 1
                due = self.taken in self.kill_points
            if due:
                self.kill()
        return household

    def call(self, conn, step: str, method: str, path: str, body: dict | None = None):
        status, payload = super().call(conn, step, method, path, body)
        acknowledged = {"book": (201, self.bookings), "order": (201, self.orders), "pay": (200, self.payments)}
        if step in acknowledged and status == acknowledged[step][0] and isinstance(payload, dict):
            with self.lock:
                acknowledged[step][1][payload["id"]] = payload
        return status, payload


class Chaos(threading.Thread):
    """SIGKILL to a random gunicorn worker every ``every`` seconds (uniform),
    and to the Celery worker's process group ``celery_kills`` times (every
    ``celery_every`` seconds, once it is delivering: the provider has had a
    push since it started), each time started again after a short pause. Every
    other Celery kill waits (up to 2 s) for a push in flight, so that some
    land between the provider taking a message and the worker recording it."""

    def __init__(
        self,
        master: subprocess.Popen,
        worker: CeleryWorker,
        provider: LineProvider,
        rng: random.Random,
        every: tuple[float, float],
        celery_kills: int,
        celery_every: tuple[float, float],
    ):
        super().__init__(daemon=True)
        self.master, self.worker, self.provider, self.rng = master, worker, provider, rng
        self.every, self.celery_kills, self.celery_every = every, celery_kills, celery_every
        self.halt = threading.Event()
        self.kill_lock = threading.Lock()
        self.began = time.monotonic()
        self.gunicorn_killed = 0
        self.celery_killed = 0
        self.log: list[tuple[float, str]] = []

    def kill_gunicorn(self) -> None:
        """SIGKILL one gunicorn worker (random); counted only if it was alive."""
        with self.kill_lock:
            pids = servers.worker_pids(self.master)
            if pids:
                pid = self.rng.choice(pids)
                try:
                    os.kill(pid, signal.SIGKILL)
                    self.gunicorn_killed += 1
                    self.log.append((time.monotonic() - self.began, f"gunicorn worker {pid}"))
                except ProcessLookupError:
                    pass

    def run(self) -> None:
        next_celery = self.began + self.rng.uniform(*self.celery_every)
        while not self.halt.wait(self.rng.uniform(*self.every)):
            self.kill_gunicorn()
            delivering = self.provider.last_push_at > self.worker.started_at
            if self.celery_killed < self.celery_kills and time.monotonic() >= next_celery and delivering:
                if self.celery_killed % 2 == 0:
                    wait_until = time.monotonic() + 2.0
                    while not self.provider.in_flight and time.monotonic() < wait_until:
                        time.sleep(0.01)
                in_flight = self.provider.in_flight
                self.worker.kill()
                self.celery_killed += 1
                self.log.append(
                    (time.monotonic() - self.began, f"celery worker (process group), {in_flight} pushes in flight")
                )
                self.halt.wait(self.rng.uniform(0.3, 1.5))
                self.worker.start()
                next_celery = time.monotonic() + self.rng.uniform(*self.celery_every)

    def stop(self) -> None:
        self.halt.set()
        self.join()


class Reminders(threading.Thread):
    """Asks the Celery worker for booking reminders every ``every`` seconds
    (as beat would, more often)."""

    def __init__(self, app, tenant_id: int, every: float):
        super().__init__(daemon=True)
        self.app, self.tenant_id, self.every = app, tenant_id, every
        self.halt = threading.Event()
        self.asked = 0

    def run(self) -> None:
        while not self.halt.wait(self.every):
            ask_reminders(self.app, self.tenant_id)
            self.asked += 1

    def stop(self) -> None:
        self.halt.set()
        self.join()


def ask_reminders(app, tenant_id: int) -> None:
    from market.rounds.tasks_rounds import send_slot_reminders

    with app.app_context():
        send_slot_reminders.delay(tenant_id)


def ask_redelivery(app) -> None:
    from core.notifications.tasks import redeliver_stuck_notifications

    with app.app_context():
        redeliver_stuck_notifications.delay()


def preloaded_app():
    """The app for ``gunicorn --preload`` (``bench.faults:preloaded_app()``):
    built once in the master with its mappers configured, so a worker forked
    after a kill answers at once."""
    from sqlalchemy.orm import configure_mappers

    from core.app import create_app

    app = create_app()
    configure_mappers()
    return app


# --- the data beyond the flash crowd's -----------------------------------------------


def line_user_id(person_id: int) -> str:
    return f"U{person_id:032x}"


def add_contacts_and_move_slots(app, ids: dict) -> dict:
    """Every household's head on LINE (the organisation's channel token set),
    and the round's slots moved to start an hour from now, so that their
    reminders are due (within a day) whatever the time of day."""
    from core.db import db
    from core.i18n.formatting import BANGKOK
    from core.notifications.models import ContactPreference
    from core.registry.models import Person
    from core.tenancy.context import tenant_context
    from core.tenancy.models import Tenant
    from market.models.rounds import Round, Slot

    t = ids["tenant_id"]
    with app.app_context():
        tenant = db.session.get(Tenant, t)
        tenant.settings = {**(tenant.settings or {}), "line": {"channel_token": LINE_TOKEN}}
        with tenant_context(t):
            people = db.session.scalars(sa.select(Person.id)).all()
            db.session.execute(
                sa.insert(ContactPreference),
                [
                    {
                        "tenant_id": t,
                        "person_id": p,
                        "channel_order": ["line"],
                        "opted_out_channels": [],
                        "opted_out_all": False,
                        "line_user_id": line_user_id(p),
                    }
                    for p in people
                ],
            )
            first = db.session.scalar(sa.select(sa.func.min(Slot.starts_at)))
            shift = (_now() + timedelta(hours=1)) - first
            db.session.execute(
                sa.text(
                    "UPDATE market_slot SET starts_at = starts_at + :shift, ends_at = ends_at + :shift "
                    "WHERE tenant_id = :t"
                ).bindparams(sa.bindparam("shift", type_=sa.Interval())),
                {"shift": shift, "t": t},
            )
            low, high = db.session.execute(sa.select(sa.func.min(Slot.starts_at), sa.func.max(Slot.ends_at))).one()
            round_ = db.session.get(Round, ids["round_id"])
            round_.starts_on = low.astimezone(BANGKOK).date()
            round_.ends_on = high.astimezone(BANGKOK).date()
        db.session.commit()
        db.session.remove()
    return {"people": len(people), "slots_from": low, "slots_to": high}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# --- the checks ----------------------------------------------------------------------


def outbox_state(app, tenant_id: int) -> dict:
    with app.app_context():
        from core.db import db

        row = db.session.execute(
            sa.text(
                "SELECT (SELECT count(*) FROM notification WHERE tenant_id = :t AND status = 'pending') AS pending, "
                "(SELECT count(*) FROM notification WHERE tenant_id = :t AND status = 'sending') AS sending, "
                "(SELECT count(*) FROM notification WHERE tenant_id = :t AND status = 'sent') AS sent, "
                "(SELECT count(*) FROM notification WHERE tenant_id = :t AND status = 'failed') AS failed, "
                "(SELECT count(*) FROM market_booking WHERE tenant_id = :t AND status = 'booked' "
                " AND reminded_at IS NULL) AS unreminded"
            ),
            {"t": tenant_id},
        ).mappings().one()
        db.session.remove()
    return dict(row)


def check_acknowledged(app, ids: dict, crowd: FaultCrowd) -> dict:
    """Every acknowledged booking, order and payment, as the client was told."""
    from core.db import db

    t = ids["tenant_id"]
    problems: list[str] = []
    with app.app_context():
        bookings = {
            r.id: r
            for r in db.session.execute(
                sa.text("SELECT id, household_id, slot_id, status FROM market_booking WHERE tenant_id = :t"), {"t": t}
            )
        }
        orders = {
            r.id: r
            for r in db.session.execute(
                sa.text("SELECT id, household_id, status, total, coupon_paid FROM market_order WHERE tenant_id = :t"),
                {"t": t},
            )
        }
        lines: dict[int, set] = {}
        for r in db.session.execute(
            sa.text("SELECT order_id, item_id, quantity FROM market_order_line WHERE tenant_id = :t"), {"t": t}
        ):
            lines.setdefault(r.order_id, set()).add((r.item_id, r.quantity))
        db.session.remove()
    for booking_id, ack in crowd.bookings.items():
        row = bookings.get(booking_id)
        if row is None:
            problems.append(f"booking {booking_id} acknowledged but missing")
        elif (row.household_id, row.slot_id, row.status) != (ack["household_id"], ack["slot_id"], ack["status"]):
            problems.append(f"booking {booking_id}: {tuple(row)[1:]} in the database, acknowledged {ack}")
    for order_id, ack in crowd.orders.items():
        row = orders.get(order_id)
        acked_lines = {(li["item_id"], li["quantity"]) for li in ack["lines"]}
        if row is None:
            problems.append(f"order {order_id} acknowledged but missing")
            continue
        if row.household_id != ack["household_id"] or row.total != ack["total"]:
            problems.append(f"order {order_id}: household/total {row.household_id}/{row.total}, acknowledged {ack}")
        if lines.get(order_id, set()) != acked_lines:
            problems.append(f"order {order_id}: lines {lines.get(order_id)} in the database, acknowledged {acked_lines}")
        paid = crowd.payments.get(order_id)
        if paid is None and row.status != ack["status"] and row.coupon_paid == ack["coupon_paid"]:
            problems.append(f"order {order_id}: status {row.status}, acknowledged {ack['status']}")
    for order_id, ack in crowd.payments.items():
        row = orders.get(order_id)
        if row is None:
            problems.append(f"paid order {order_id} missing")
        elif (row.status, row.coupon_paid) != (ack["status"], ack["coupon_paid"]):
            problems.append(
                f"order {order_id}: {row.status}, {row.coupon_paid} satang by coupon in the database; "
                f"payment acknowledged {ack['status']}, {ack['coupon_paid']}"
            )
    return {
        "bookings_acknowledged": len(crowd.bookings),
        "bookings_found": sum(1 for b in crowd.bookings if b in bookings),
        "orders_acknowledged": len(crowd.orders),
        "orders_found": sum(1 for o in crowd.orders if o in orders),
        "payments_acknowledged": len(crowd.payments),
        "payments_found": sum(
            1 for o, a in crowd.payments.items() if o in orders and orders[o].coupon_paid == a["coupon_paid"]
        ),
        "bookings_in_db": len(bookings),
        "orders_in_db": len(orders),
        "problems": problems,
    }


def check_notifications(app, ids: dict, provider: LineProvider) -> dict:
    """Each reminder delivered once in effect: every notification row sent and
    the provider accepted its key; no person reached under two keys; no push
    under a key no notification has; nothing left pending or sending."""
    from core.db import db
    from core.notifications.line import retry_key

    t = ids["tenant_id"]
    problems: list[str] = []
    with app.app_context():
        rows = db.session.execute(
            sa.text(
                "SELECT n.id, n.status, n.attempts, n.address, n.idempotency_key FROM notification n "
                "WHERE n.tenant_id = :t ORDER BY n.id"
            ),
            {"t": t},
        ).all()
        booked = db.session.scalar(
            sa.text("SELECT count(*) FROM market_booking WHERE tenant_id = :t AND status = 'booked'"), {"t": t}
        )
        unreminded = db.session.scalar(
            sa.text(
                "SELECT count(*) FROM market_booking WHERE tenant_id = :t AND status = 'booked' "
                "AND reminded_at IS NULL"
            ),
            {"t": t},
        )
        db.session.remove()
    key_of = {retry_key(t, r.id): r for r in rows}
    with provider.lock:
        pushes = list(provider.pushes)
        accepted = dict(provider.accepted)
    per_key = Counter(p.key for p in pushes)
    statuses = Counter(p.status for p in pushes)
    keys_per_person: dict[str | None, set] = {}
    for key, to in accepted.items():
        keys_per_person.setdefault(to, set()).add(key)
    twice = {to: keys for to, keys in keys_per_person.items() if len(keys) > 1}
    unknown = [k for k in per_key if k not in key_of]
    by_status = Counter(r.status for r in rows)
    for r in rows:
        key = retry_key(t, r.id)
        if r.status == "sent" and key not in accepted:
            problems.append(f"notification {r.id} sent but the provider never accepted its key")
        if r.status in ("pending", "sending"):
            problems.append(f"notification {r.id} left {r.status}")
        if key in accepted and accepted[key] != r.address:
            problems.append(f"notification {r.id} for {r.address} accepted for {accepted[key]}")
    for to, keys in twice.items():
        problems.append(f"{to} reached under {len(keys)} keys")
    for k in unknown:
        problems.append(f"a push under key {k} that no notification has")
    if unreminded:
        problems.append(f"{unreminded} bookings never reminded")
    if len(rows) != booked:
        problems.append(f"{len(rows)} notifications for {booked} live bookings")
    return {
        "notifications": len(rows),
        "by_status": dict(by_status),
        "booked": booked,
        "unreminded": unreminded,
        "requests": len(pushes),
        "requests_by_status": dict(sorted(statuses.items())),
        "keys": len(per_key),
        "keys_seen_more_than_once": sum(1 for n in per_key.values() if n > 1),
        "most_requests_for_one_key": max(per_key.values(), default=0),
        "effects": len(accepted),
        "people_reached": len(keys_per_person),
        "people_reached_twice": len(twice),
        "attempts_max": max((r.attempts for r in rows), default=0),
        "problems": problems,
    }


def pansuk(app, *args: str) -> tuple[int, str]:
    """``pansuk <args>`` on the run's app (the commands themselves, without
    importing the app once more in a new process): exit code and output."""
    result = app.test_cli_runner().invoke(args=list(args))
    output = result.output.strip()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += f"\n{type(result.exception).__name__}: {result.exception}"
    return result.exit_code, output


# --- the run -------------------------------------------------------------------------


def kill_points(households: int, kills: int) -> frozenset[int]:
    """The ordinals of the households at which a gunicorn worker is killed:
    ``kills`` of them spread evenly over the crowd (none in its last tenth, so
    the crowd meets the restarted workers)."""
    span = households * 9 // 10
    return frozenset(1 + span * (i + 1) // (kills + 1) for i in range(kills)) if kills > 0 else frozenset()


def run(
    *,
    households: int = HOUSEHOLDS,
    seconds: float = 300.0,
    clients: int = 16,
    database_url: str = DEFAULT_DB,
    redis_url: str = DEFAULT_REDIS,
    seed: int = 11,
    kill_every: tuple[float, float] = (0.5, 2.0),
    celery_kills: int = 3,
    gunicorn_kills: int = 0,
    celery_every: tuple[float, float] | None = None,
    remind_every: float = 2.0,
    drain_timeout: float = 120.0,
    log_dir: str | None = None,
    say=print,
) -> dict:
    """Prepare, run the crowd under chaos for at most ``seconds`` (or until every
    household has had its turn), drain the outbox and check. Returns the
    figures and ``ok``; ``problems`` lists anything that broke."""
    import redis

    began = time.monotonic()
    rng = random.Random(seed)
    ensure_database(database_url)
    redis.Redis.from_url(redis_url).flushdb()  # this run's own db: no messages from an earlier run
    provider = LineProvider(seed=seed).start()
    log_path = Path(log_dir or tempfile.mkdtemp(prefix="pansuk-faults-")) / "celery.log"
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench",
        "RATELIMIT_ENABLED": "0",
        "LINE_API_BASE": provider.url,
        "LINE_API_TIMEOUT": "5",
        "NOTIFY_STALE_AFTER_SECONDS": str(STALE_SECONDS),
        "NOTIFY_IDLE_AFTER_SECONDS": str(STALE_SECONDS),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    # The web and the worker connect as the plain role row-level security binds
    # (made by flash_crowd.prepare before the first request or task).
    served_env = {**env, "DATABASE_URL": app_role.app_url(database_url)}
    worker = CeleryWorker(served_env, log_path)
    prepared: dict = {}

    def prepare_data() -> None:
        try:
            from core.app import create_app

            app = create_app()
            ids = flash_crowd.prepare(app, households=households, **scarce(households))
            prepared.update(app=app, ids=ids, extra=add_contacts_and_move_slots(app, ids))
        except BaseException as exc:  # handed to the main thread
            prepared["error"] = exc

    try:
        # The servers import the app (seconds on a busy machine) while the data is
        # prepared; neither touches the database before the crowd.
        worker.start()
        preparing = threading.Thread(target=prepare_data)
        preparing.start()
        # Preloaded and warmed (mappers configured) in the master: a worker killed
        # is forked again at once instead of importing the app anew. The app opens
        # no connection before the fork.
        web_env = {**served_env, "GUNICORN_CMD_ARGS": "--preload"}
        with servers.gunicorn_server(
            "bench.faults:preloaded_app()", web_env, workers=WORKERS, start_timeout=180
        ) as (port, master):
            preparing.join()
            if "error" in prepared:
                raise prepared["error"]
            app, ids, extra = prepared["app"], prepared["ids"], prepared["extra"]
            say(f"prepared {households} households; servers up in {time.monotonic() - began:.1f} s", flush=True)
            flash_crowd.warm_up(port, ids, n=8)
            crowd_began = time.monotonic()
            chaos = Chaos(
                master, worker, provider, rng, kill_every, celery_kills,
                celery_every or (seconds / (celery_kills + 1) * 0.5, seconds / (celery_kills + 1)),
            )
            crowd = FaultCrowd(port, ids, seed=seed, deadline=crowd_began + seconds,
                               kill_points=kill_points(households, gunicorn_kills),
                               kill=chaos.kill_gunicorn)
            reminders = Reminders(app, ids["tenant_id"], remind_every)
            chaos.start()
            reminders.start()
            crowd_seconds = crowd.run(clients)
            # a crowd over before the planned Celery kills: the chaos goes on (up to a
            # minute) while the reminders are delivered, so the worker is still killed
            # with messages in flight
            until = time.monotonic() + 60
            while chaos.celery_killed < celery_kills and time.monotonic() < until:
                time.sleep(0.2)
            chaos.stop()
            reminders.stop()
            say(
                f"crowd: {sum(crowd.households.values())} households in {crowd_seconds:.1f} s; "
                f"killed {chaos.gunicorn_killed} gunicorn workers, the Celery worker {chaos.celery_killed} times",
                flush=True,
            )
        if not worker.alive():
            worker.start()
        drain_began = time.monotonic()
        state = outbox_state(app, ids["tenant_id"])
        drain_trace = [(0.0, dict(state))]
        while time.monotonic() - drain_began < drain_timeout:
            if state["unreminded"]:
                ask_reminders(app, ids["tenant_id"])
            ask_redelivery(app)
            time.sleep(2.0)
            state = outbox_state(app, ids["tenant_id"])
            drain_trace.append((round(time.monotonic() - drain_began, 1), dict(state)))
            if state["pending"] == state["sending"] == state["unreminded"] == 0:
                break
        drain_seconds = time.monotonic() - drain_began
        say(f"outbox drained in {drain_seconds:.1f} s: {state}", flush=True)
        worker.stop()
        acknowledged = check_acknowledged(app, ids, crowd)
        checks, totals = flash_crowd.check(app, ids)
        notes = check_notifications(app, ids, provider)
        seal_rc, seal_out = pansuk(app, "seal")
        verify_rc, verify_out = pansuk(app, "verify")
        with app.app_context():
            from core.db import db

            db.session.remove()
            db.engine.dispose()
    finally:
        worker.stop()
        provider.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    problems = [*acknowledged["problems"], *notes["problems"]]
    problems += [f"check failed: {what} ({bad} rows)" for what, bad, ok in checks if not ok]
    if seal_rc != 0:
        problems.append(f"pansuk seal exited {seal_rc}: {seal_out[-500:]}")
    if verify_rc != 0:
        problems.append(f"pansuk verify exited {verify_rc}: {verify_out[-2000:]}")
    return {
        "ok": not problems,
        "problems": problems,
        "households": households,
        "places": scarce(households)["slot_capacity"] * flash_crowd.SLOTS,
        "units": scarce(households)["units"],
        "kill_every": list(kill_every),
        "gunicorn_kills_planned": gunicorn_kills,
        "clients": clients,
        "seed": seed,
        "crowd_seconds": crowd_seconds,
        "drain_seconds": drain_seconds,
        "drain": drain_trace,
        "wall_seconds": time.monotonic() - began,
        "outcomes": dict(crowd.households),
        "responses": {f"{step} {status} {code}".strip(): n for (step, status, code), n in sorted(crowd.outcomes.items())},
        "requests": sum(s.requests for s in crowd.steps.values()),
        "latency_ms": {
            name: {"n": s.requests, "p50": round(s.p50 * 1000), "p99": round(s.p99 * 1000)}
            for name, s in crowd.steps.items()
        },
        "connection_errors": sum(s.statuses.get(0, 0) for s in crowd.steps.values()),
        "server_errors": sum(n for s in crowd.steps.values() for c, n in s.statuses.items() if c >= 500),
        "gunicorn_killed": chaos.gunicorn_killed,
        "celery_killed": chaos.celery_killed,
        "celery_starts": worker.starts,
        "reminders_asked": reminders.asked,
        "kills": [(round(at, 1), what) for at, what in chaos.log],
        "acknowledged": {k: v for k, v in acknowledged.items() if k != "problems"},
        "checks": [(what, bad, ok) for what, bad, ok in checks],
        "totals": {k: int(v or 0) for k, v in totals.items()},
        "notifications": {k: v for k, v in notes.items() if k != "problems"},
        "seal": {"exit": seal_rc, "output": seal_out[-300:]},
        "verify": {"exit": verify_rc, "output": verify_out[-300:]},
        "slots": {"from": extra["slots_from"].isoformat(), "to": extra["slots_to"].isoformat()},
        "celery_log": str(log_path),
    }


# --- the report ----------------------------------------------------------------------


def write_section(path: str, result: dict, meta: dict) -> str:
    a, n = result["acknowledged"], result["notifications"]
    lines = [
        START,
        "## Faults during the flash crowd",
        "",
        f"Measured by `python -m bench.faults`: the flash crowd with {result['households']:,} households, "
        f"{result['places']:,} places and",
        f"{' + '.join(f'{v:,}' for v in result['units'].values())} units (short, as in the flash crowd), "
        f"{result['clients']} clients through gunicorn ({WORKERS} workers,",
        "preloaded) and PostgreSQL, while a chaos thread sent SIGKILL to a random gunicorn worker every "
        f"{result['kill_every'][0]:g}–{result['kill_every'][1]:g} s",
        "and to the Celery worker's whole process group a few times (started again each time; every other kill",
        "waits for a push in flight). Booking reminders went through `market.send_slot_reminders`, the",
        "outbox and the Celery worker on Redis to a local LINE endpoint that records every push with its",
        "`X-Line-Retry-Key`, answers 409 to a key it accepted before and 500 to about 2 % of pushes. After the",
        f"crowd one worker stayed until the outbox drained (claims and idle rows stale after {STALE_SECONDS} s for the",
        "run; the redelivery sweep asked every 2 s). Clients count only what the server acknowledged (201/200);",
        "a connection cut by a kill just moves the client on to the next household.",
        "",
        f"- date: {meta['date']}",
        f"- commit: {meta['commit']}",
        f"- machine: {meta['machine']}",
        f"- seed: {result['seed']}; crowd {result['crowd_seconds']:.1f} s, outbox drained in "
        f"{result['drain_seconds']:.1f} s, whole run {result['wall_seconds']:.0f} s",
        f"- kills: {result['gunicorn_killed']} gunicorn workers, the Celery worker {result['celery_killed']} times "
        f"({result['celery_starts']} starts; at "
        + ", ".join(f"{at:.0f} s ({what.split(', ')[-1]})" for at, what in result["kills"] if "celery" in what)
        + ")",
        f"- requests: {result['requests']:,}, of which {result['connection_errors']:,} cut by a kill and "
        f"{result['server_errors']:,} answered 5xx; answers: "
        + ", ".join(f"{k} × {v:,}" for k, v in result["responses"].items()),
        "",
        "| acknowledged to a client | acknowledged | found as acknowledged |",
        "|---|---:|---:|",
        f"| bookings (201) | {a['bookings_acknowledged']:,} | {a['bookings_found']:,} |",
        f"| orders (201) | {a['orders_acknowledged']:,} | {a['orders_found']:,} |",
        f"| coupon payments (200) | {a['payments_acknowledged']:,} | {a['payments_found']:,} |",
        "",
        f"In the database: {a['bookings_in_db']:,} bookings and {a['orders_in_db']:,} orders (some committed whose",
        "answer a kill cut off).",
        "",
        "| households | count |",
        "|---|---:|",
    ]
    for outcome, count in sorted(result["outcomes"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {outcome} | {count:,} |")
    lines += [
        "",
        "| notifications (booking reminders on LINE) | count |",
        "|---|---:|",
        f"| live bookings / reminders queued | {n['booked']:,} / {n['notifications']:,} |",
        f"| reminders by status | {', '.join(f'{k} {v:,}' for k, v in sorted(n['by_status'].items()))} |",
        f"| requests the provider saw | {n['requests']:,} "
        f"({', '.join(f'{k}: {v:,}' for k, v in n['requests_by_status'].items())}) |",
        f"| distinct retry keys | {n['keys']:,} |",
        f"| keys seen more than once (retries of one notification) | {n['keys_seen_more_than_once']:,} |",
        f"| most requests for one key | {n['most_requests_for_one_key']} |",
        f"| messages delivered in effect (keys accepted) | {n['effects']:,} |",
        f"| people reached / reached under two keys | {n['people_reached']:,} / {n['people_reached_twice']} |",
        "",
        "| check | rows breaking it | passed |",
        "|---|---:|---|",
    ]
    for what, bad, ok in result["checks"]:
        lines.append(f"| {what} | {bad} | {'yes' if ok else 'NO'} |")
    lines += [
        f"| acknowledged bookings, orders and payments as acknowledged | "
        f"{sum(1 for p in result['problems'] if p.startswith(('booking', 'order', 'paid')))} | "
        f"{'yes' if not any(p.startswith(('booking', 'order', 'paid')) for p in result['problems']) else 'NO'} |",
        f"| nothing left pending or sending | {n['by_status'].get('pending', 0) + n['by_status'].get('sending', 0)} | "
        f"{'yes' if not n['by_status'].get('pending') and not n['by_status'].get('sending') else 'NO'} |",
        f"| `pansuk seal` then `pansuk verify` | exit {result['seal']['exit']} / {result['verify']['exit']} | "
        f"{'yes' if result['seal']['exit'] == result['verify']['exit'] == 0 else 'NO'} |",
        "",
        f"Result: {'all checks passed' if result['ok'] else 'FAILED: ' + '; '.join(result['problems'][:10])}.",
        END,
    ]
    return report.put_section(path, START, END, "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    parser.add_argument("--seconds", type=float, default=300.0, help="longest the crowd runs under chaos")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--celery-kills", type=int, default=3)
    parser.add_argument("--gunicorn-kills", type=int, default=0,
                        help="gunicorn workers killed at households spread over the crowd, besides the timed kills")
    parser.add_argument("--kill-every", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"))
    parser.add_argument("--celery-every", type=float, nargs=2, metavar=("MIN", "MAX"),
                        help="seconds between Celery kills (default: spread over --seconds)")
    parser.add_argument("--output", default="BENCHMARKS.md", help="'' to write no section")
    parser.add_argument("--json", help="also write the result as JSON here")
    # Not DATABASE_URL: the run drops and creates every table, so only in a database
    # named for it (``make bench`` exports its own DATABASE_URL to every scenario).
    parser.add_argument("--database-url", default=DEFAULT_DB, help="dropped and created afresh")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS, help="a Redis db of the run's own: it is flushed")
    parser.add_argument("--log-dir", help="where the Celery worker's log goes (a new temporary directory)")
    args = parser.parse_args()

    result = run(
        households=args.households,
        seconds=args.seconds,
        clients=args.clients,
        database_url=args.database_url,
        redis_url=args.redis_url,
        seed=args.seed,
        kill_every=tuple(args.kill_every),
        celery_kills=args.celery_kills,
        gunicorn_kills=args.gunicorn_kills,
        celery_every=tuple(args.celery_every) if args.celery_every else None,
        log_dir=args.log_dir,
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=servers.ROOT
        ).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    if args.output:
        print(write_section(args.output, result, meta))
    else:
        print(json.dumps({k: v for k, v in result.items() if k not in ("kills", "checks")}, indent=2, default=str))
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
