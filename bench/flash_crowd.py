"""``python -m bench.flash_crowd``: a flash crowd at a goods centre. 2,000
households book a slot, order and pay with coupons, all at once, against too
few slots and too little stock, through the JSON API served by gunicorn on
PostgreSQL; then SQL checks that nothing was oversold, overbooked or
overspent and that the ledger balances.

The floor is a bare Flask endpoint doing one ``UPDATE … RETURNING`` commit on
the same database (``bench.floor_app``: ``/floor``, and ``/hello`` without the
database), measured in the same run with the same number of clients, before
and after the crowd. The section it writes to BENCHMARKS.md is kept between
markers.

Each closed-loop client takes the next household from a shared counter and,
as staff acting on its behalf with an API token: reads the round (its slots
and places booked), books a random slot among those still open (another one if
that slot filled up meanwhile, up to three tries), orders 1–3 units of one or
both items, and pays what it can with the household's coupon (which covers
only part of any order). A household without a slot does not order."""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import subprocess
import threading
import time
from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa

from bench import app_role, load, report, servers
from bench.__main__ import drop_every_table, ensure_database

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench_flash"
DEFAULT_REDIS = "redis://127.0.0.1:6379/2"
START, END = "<!-- flash_crowd:start -->", "<!-- flash_crowd:end -->"
SLUG = "bench-flash"
HOUSEHOLDS = 2_000
SLOTS, SLOT_CAPACITY = 60, 25  # 1,500 places for 2,000 households
STOCK = {"rice": 1_200, "oil": 800}  # units; the crowd asks for about 3,000
PRICES = {"rice": 3_500, "oil": 4_500}  # satang per unit in the round
LIMIT = 3  # per household and item in the round
COUPON = 3_000  # satang: less than the cheapest order
TARGET_RATIO, TARGET_P99 = 0.5, 0.250  # issue 7, at 32 clients
WORKERS = 4


# --- the data ---------------------------------------------------------------------


def prepare(
    app,
    *,
    households: int = HOUSEHOLDS,
    slot_capacity: int = SLOT_CAPACITY,
    units: dict[str, int] | None = None,
) -> dict:
    """A fresh schema and the crowd's data; returns the ids and the token.

    The flash crowd runs with the defaults; a smaller run (``bench.faults``)
    passes fewer households with fewer places and units to keep them scarce."""
    units = units or STOCK
    from core.auth.models import User
    from core.auth.tokens import create_token
    from core.db import db
    from core.i18n.formatting import BANGKOK
    from core.registry.models import Household, Person, Village
    from core.tenancy.context import tenant_context
    from core.tenancy.models import Membership, Tenant
    from market.coupons import issuing
    from market.models.catalog import Category, Centre, Item, ServicePoint
    from market.models.rounds import Round
    from market.rounds import services as rounds
    from market.stock import services as stock

    with app.app_context():
        drop_every_table(db.engine)
        db.create_all()
        with db.engine.begin() as conn:
            app_role.protect(conn, app.config["SECRET_KEY"])
        now = datetime.now(BANGKOK)
        today = now.date()
        tenant = Tenant(slug=SLUG, name_th="อบต.ทดสอบ", name_en="Bench council", kind="council")
        db.session.add(tenant)
        db.session.flush()
        staff = User(email="staff@bench.example", display_name="Bench staff", password_hash="x")
        db.session.add(staff)
        db.session.flush()
        db.session.add(Membership(user_id=staff.id, tenant_id=tenant.id, roles=["staff"]))
        db.session.flush()
        with tenant_context(tenant.id):
            village = Village(moo=1, name_th="บ้านทดสอบ")
            db.session.add(village)
            db.session.flush()
            household_ids = db.session.scalars(
                sa.insert(Household).returning(Household.id),
                [
                    {"tenant_id": tenant.id, "code": f"FC-{n:05d}", "village_id": village.id}
                    for n in range(1, households + 1)
                ],
            ).all()
            db.session.execute(
                sa.insert(Person),
                [
                    {
                        "tenant_id": tenant.id,
                        "household_id": h,
                        "first_name_th": f"สมาชิก{n}",
                        "last_name_th": "ทดสอบ",
                    }
                    for n, h in enumerate(household_ids, start=1)
                ],
            )
            db.session.execute(
                sa.text(
                    "UPDATE household h SET head_person_id = p.id FROM person p "
                    "WHERE p.household_id = h.id AND h.tenant_id = :t"
                ),
                {"t": tenant.id},
            )
            centre = Centre(name="ศูนย์ทดสอบ")
            db.session.add(centre)
            db.session.flush()
            food = Category(name_th="อาหาร", name_en="Food")
            db.session.add_all([ServicePoint(centre_id=centre.id, name="Counter 1"), food])
            db.session.flush()
            items = {
                "rice": Item(
                    name_th="ข้าวสาร",
                    name_en="Rice",
                    unit="kg",
                    category_id=food.id,
                    price_satang=4_000,
                    cost_satang=3_000,
                ),
                "oil": Item(
                    name_th="น้ำมันพืช",
                    name_en="Cooking oil",
                    unit="bottle",
                    category_id=food.id,
                    price_satang=5_000,
                    cost_satang=4_000,
                ),
            }
            db.session.add_all(items.values())
            db.session.flush()
            round_ = Round(
                centre_id=centre.id,
                name="รอบทดสอบ",
                starts_on=today + timedelta(days=1),
                ends_on=today + timedelta(days=1),
                booking_opens_at=now - timedelta(days=1),
                booking_closes_at=now + timedelta(days=1),
                status="open",
            )
            db.session.add(round_)
            db.session.flush()
            for key, item in items.items():
                rounds.set_offer(
                    round_.id, item.id, price_satang=PRICES[key], limit_per_household=LIMIT
                )
                stock.receive(
                    centre.id,
                    item.id,
                    units[key],
                    kind="purchase",
                    ref="bench",
                    unit_cost_satang=None,
                    actor_id=staff.id,
                    party="Bench supplier",
                )
            # every 10 minutes from 08:00 to 18:00: 60 slots
            rounds.add_template(
                round_.id,
                start_time=dt.time(8, 0),
                end_time=dt.time(18, 0),
                interval_minutes=10,
                capacity=slot_capacity,
            )
            made = rounds.stamp(round_.id)
            assert made == SLOTS, made
            programme = issuing.save_programme(
                {
                    "name": "Flash crowd support",
                    "funder": "อบต.",
                    "kind": "value",
                    "value_satang": COUPON,
                },
                actor_id=staff.id,
            )
            began = time.perf_counter()
            issued = issuing.issue_round(
                programme.id,
                round_id=round_.id,
                valid_from=today - timedelta(days=1),
                valid_until=today + timedelta(days=7),
                actor_id=staff.id,
            )
            issue_seconds = time.perf_counter() - began
            assert len(issued.issued) == households, issued
            _row, token = create_token(staff, tenant, "flash crowd")
            ids = {
                "tenant_id": tenant.id,
                "round_id": round_.id,
                "households": list(household_ids),
                "items": {k: v.id for k, v in items.items()},
                "token": token,
                "issue_seconds": issue_seconds,
            }
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ids


# --- the crowd --------------------------------------------------------------------


class Crowd:
    """Closed-loop clients walking households through book → order → pay."""

    def __init__(self, port: int, ids: dict, seed: int = 7):
        self.port = port
        self.ids = ids
        self.base = f"/api/v1/t/{SLUG}/market"
        self.headers = {
            "Authorization": f"Bearer {ids['token']}",
            "Content-Type": "application/json",
        }
        self.queue = list(ids["households"])
        self.lock = threading.Lock()
        self.steps = {name: load.Result(name) for name in ("round", "book", "order", "pay")}
        self.outcomes: Counter = Counter()
        self.households: Counter = Counter()
        self.seed = seed

    def next_household(self) -> int | None:
        with self.lock:
            return self.queue.pop(0) if self.queue else None

    def call(self, conn, step: str, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        began = time.perf_counter()
        try:
            conn.request(method, self.base + path, body=data, headers=self.headers)
            response = conn.getresponse()
            raw = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            status, raw = 0, b""
        elapsed = time.perf_counter() - began
        try:
            payload = json.loads(raw) if raw else {}
        except ValueError:
            payload = {}
        code = (payload.get("error") or {}).get("code", "") if isinstance(payload, dict) else ""
        with self.lock:
            result = self.steps[step]
            result.requests += 1
            result.latencies.append(elapsed)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status >= 500 or status == 0:
                result.errors += 1
            self.outcomes[(step, status, code)] += 1
        return status, payload

    def household(self, conn, rng: random.Random, household_id: int) -> str:
        round_id = self.ids["round_id"]
        status, detail = self.call(conn, "round", "GET", f"/rounds/{round_id}")
        if status != 200:
            return "round refused"
        open_slots = [s["id"] for s in detail["slots"] if s["booked"] < s["capacity"]]
        rng.shuffle(open_slots)
        booked = False
        for slot_id in open_slots[:3]:
            status, _ = self.call(
                conn,
                "book",
                "POST",
                f"/rounds/{round_id}/bookings",
                {"household_id": household_id, "slot_id": slot_id},
            )
            if status == 201:
                booked = True
                break
        if not booked:
            return "no slot" if not open_slots else "booking refused"
        rice, oil = self.ids["items"]["rice"], self.ids["items"]["oil"]
        units = rng.randint(1, 3)
        if units > 1 and rng.random() < 0.5:
            first = rng.randint(1, units - 1)
            lines = [
                {"item_id": rice, "quantity": first},
                {"item_id": oil, "quantity": units - first},
            ]
        else:
            lines = [{"item_id": rng.choice((rice, oil)), "quantity": units}]
        status, order = self.call(
            conn,
            "order",
            "POST",
            "/orders",
            {"round_id": round_id, "household_id": household_id, "lines": lines},
        )
        if status != 201:
            return "booked, order refused"
        status, _ = self.call(conn, "pay", "POST", f"/orders/{order['id']}/coupons")
        return "booked, ordered, paid" if status == 200 else "booked, ordered, payment refused"

    def client(self, no: int) -> None:
        rng = random.Random(self.seed * 1000 + no)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while (household_id := self.next_household()) is not None:
            outcome = self.household(conn, rng, household_id)
            with self.lock:
                self.households[outcome] += 1
        conn.close()

    def run(self, clients: int) -> float:
        threads = [threading.Thread(target=self.client, args=(n,)) for n in range(clients)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - began

    def total(self, seconds: float) -> load.Result:
        result = load.Result("flash_crowd (all requests)", seconds=seconds)
        for step in self.steps.values():
            result.requests += step.requests
            result.errors += step.errors
            result.latencies.extend(step.latencies)
            for k, v in step.statuses.items():
                result.statuses[k] = result.statuses.get(k, 0) + v
        return result


def warm_up(port: int, ids: dict, n: int = 40) -> None:
    """Each worker has imported and connected before the clock starts."""
    headers = {"Authorization": f"Bearer {ids['token']}"}
    deadline = time.time() + 180  # a worker importing the app on a busy machine can take half a minute
    ok = 0
    while ok < n and time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request(
                "GET", f"/api/v1/t/{SLUG}/market/rounds/{ids['round_id']}", headers=headers
            )
            status = conn.getresponse().status
            conn.close()
        except (OSError, http.client.HTTPException):
            status = 0
        if status == 200:
            ok += 1
        else:
            time.sleep(0.5)
    if ok < n:
        raise SystemExit(f"the round did not answer 200 (last status {status})")


# --- the checks -------------------------------------------------------------------

CHECKS: list[tuple[str, str]] = [
    (
        "stock levels never negative, reserved within on hand",
        "SELECT count(*) FROM market_stock_level WHERE tenant_id = :t "
        "AND (on_hand < 0 OR reserved < 0 OR reserved > on_hand)",
    ),
    (
        "units issued + reserved ≤ units received, per item",
        "SELECT count(*) FROM market_stock_level l WHERE l.tenant_id = :t AND l.reserved + "
        "(SELECT coalesce(-sum(quantity), 0) FROM market_stock_movement m WHERE m.tenant_id = l.tenant_id "
        " AND m.centre_id = l.centre_id AND m.item_id = l.item_id AND m.quantity < 0) > "
        "(SELECT coalesce(sum(quantity), 0) FROM market_stock_movement m WHERE m.tenant_id = l.tenant_id "
        " AND m.centre_id = l.centre_id AND m.item_id = l.item_id AND m.quantity > 0)",
    ),
    (
        "reserved = units on live orders, per item",
        "SELECT count(*) FROM market_stock_level l WHERE l.tenant_id = :t AND l.reserved <> "
        "(SELECT coalesce(sum(ol.quantity), 0) FROM market_order_line ol JOIN market_order o ON o.id = ol.order_id "
        " WHERE o.tenant_id = l.tenant_id AND o.centre_id = l.centre_id AND ol.item_id = l.item_id "
        " AND o.status <> 'cancelled')",
    ),
    (
        "per slot booked ≤ capacity",
        "SELECT count(*) FROM market_slot WHERE tenant_id = :t AND (booked < 0 OR booked > capacity)",
    ),
    (
        "per slot live bookings ≤ capacity (and = booked)",
        "SELECT count(*) FROM market_slot s JOIN LATERAL (SELECT count(*) AS live FROM market_booking b "
        " WHERE b.tenant_id = s.tenant_id AND b.slot_id = s.id AND b.status IN ('booked','checked_in','collected')) n "
        " ON true WHERE s.tenant_id = :t AND (n.live > s.capacity OR n.live <> s.booked)",
    ),
    (
        "one live booking per household per round",
        "SELECT count(*) FROM (SELECT 1 FROM market_booking WHERE tenant_id = :t "
        " AND status IN ('booked','checked_in','collected') GROUP BY round_id, household_id "
        " HAVING count(*) > 1) x",
    ),
    (
        "per household and item ordered ≤ the round's limit",
        "SELECT count(*) FROM (SELECT o.household_id, ol.item_id FROM market_order o "
        " JOIN market_order_line ol ON ol.order_id = o.id WHERE o.tenant_id = :t AND o.status <> 'cancelled' "
        f" GROUP BY o.household_id, ol.item_id HAVING sum(ol.quantity) > {LIMIT}) x",
    ),
    (
        "each coupon's redemptions ≤ its value",
        "SELECT count(*) FROM market_coupon c WHERE c.tenant_id = :t AND "
        "(SELECT coalesce(sum(amount_satang), 0) FROM market_redemption r WHERE r.coupon_id = c.id) > c.value_satang",
    ),
    (
        "coupon balance = value − net redemptions",
        "SELECT count(*) FROM market_coupon c WHERE c.tenant_id = :t AND c.balance_satang <> c.value_satang - "
        "(SELECT coalesce(sum(amount_satang), 0) FROM market_redemption r WHERE r.coupon_id = c.id)",
    ),
    (
        "order's coupon_paid = its coupon payments; paid ≤ total",
        "SELECT count(*) FROM market_order o WHERE o.tenant_id = :t AND (o.coupon_paid + o.cash_paid > o.total "
        " OR o.coupon_paid <> (SELECT coalesce(sum(amount), 0) FROM market_order_coupon oc "
        " WHERE oc.order_id = o.id AND oc.reversed_at IS NULL))",
    ),
]


def check(app, ids: dict) -> tuple[list[tuple[str, int, bool]], dict]:
    """Each check as (what, rows breaking it, passed), and the totals."""
    from core.db import db
    from core.ledger.queries import trial_balance, verify_balances
    from core.tenancy.context import tenant_context

    results = []
    with app.app_context():
        params = {"t": ids["tenant_id"]}
        for what, sql in CHECKS:
            bad = db.session.scalar(sa.text(sql), params)
            results.append((what, bad, bad == 0))
        totals = dict(
            db.session.execute(
                sa.text(
                    "SELECT (SELECT count(*) FROM market_booking WHERE tenant_id = :t AND status = 'booked') AS bookings, "
                    "(SELECT sum(capacity) FROM market_slot WHERE tenant_id = :t) AS places, "
                    "(SELECT count(*) FROM market_order WHERE tenant_id = :t) AS orders, "
                    "(SELECT coalesce(sum(ol.quantity), 0) FROM market_order_line ol WHERE ol.tenant_id = :t) AS units, "
                    "(SELECT sum(on_hand) FROM market_stock_level WHERE tenant_id = :t) AS on_hand, "
                    "(SELECT sum(reserved) FROM market_stock_level WHERE tenant_id = :t) AS reserved, "
                    "(SELECT count(*) FROM market_redemption WHERE tenant_id = :t) AS redemptions, "
                    "(SELECT coalesce(sum(amount_satang), 0) FROM market_redemption WHERE tenant_id = :t) AS redeemed, "
                    "(SELECT sum(total) FROM market_order WHERE tenant_id = :t) AS ordered_value"
                ),
                params,
            )
            .mappings()
            .one()
        )
        with tenant_context(ids["tenant_id"]):
            trial = trial_balance()
            mismatches = verify_balances()
        results.append(
            (
                f"ledger trial balance balanced (debits {trial.debits:,} = credits {trial.credits:,} satang)",
                0 if trial.balanced else 1,
                trial.balanced,
            )
        )
        results.append(("ledger verify_balances() == []", len(mismatches), not mismatches))
        db.session.remove()
    return results, totals


# --- the report -------------------------------------------------------------------


def write_section(
    path: str,
    meta: dict,
    floors: list[load.Result],
    crowd: Crowd,
    total: load.Result,
    checks: list[tuple[str, int, bool]],
    totals: dict,
    owner: load.Result | None = None,
) -> str:
    floor = [r for r in floors if r.name.startswith("floor")]
    floor_rps = sum(r.throughput for r in floor) / len(floor)
    floor_p50 = sum(r.p50 for r in floor) / len(floor)
    floor_p99 = sum(r.p99 for r in floor) / len(floor)
    ratio = total.throughput / floor_rps if floor_rps else 0
    households_per_s = HOUSEHOLDS / total.seconds if total.seconds else 0
    lines = [
        START,
        "## Flash crowd at a goods centre",
        "",
        "Measured by `python -m bench.flash_crowd`: 2,000 households against 60 slots of 25 places (1,500)",
        f"and {STOCK['rice']:,} + {STOCK['oil']:,} units of two items, {meta['clients']} closed-loop clients through the",
        f"JSON API on gunicorn ({WORKERS} workers) and PostgreSQL. Each client takes the next household and, as",
        "staff on its behalf (bearer token): reads the round and its slots (`GET …/rounds/<id>`), books a random",
        "slot still open (`POST …/rounds/<id>/bookings`, up to three slots), orders 1–3 units of one or both",
        f"items (`POST …/orders`, limit {LIMIT} per item) and pays with its coupon (`POST …/orders/<id>/coupons`;",
        f"{COUPON // 100} baht, less than any order). A household without a slot does not order. The floor is",
        "`bench.floor_app` (`/floor`: one `UPDATE … RETURNING` commit on the same database; `/hello`: bare",
        "Flask) on gunicorn with the same workers and clients for 10 s each, before and after the crowd; the",
        "ratios use the mean of the two floor runs. Coupons were issued by `market.coupons.issuing.issue_round`",
        f"(one ledger entry each; {meta['issue_seconds']:.1f} s for 2,000); households and people bulk-inserted.",
        "",
        f"- date: {meta['date']}",
        f"- commit: {meta['commit']}",
        f"- machine: {meta['machine']}",
        f"- database: {meta['database']}",
        f"- load: {meta['clients']} closed-loop clients; the crowd took {total.seconds:.1f} s "
        f"({households_per_s:.1f} households/s)",
        "",
        "| endpoint | requests | req/s | p50 ms | p99 ms | 5xx/errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in [*floors, *crowd.steps.values(), total]:
        secs = r.seconds or total.seconds
        rps = r.requests / secs if secs else 0
        lines.append(
            f"| {r.name} | {r.requests:,} | {rps:,.0f} | {r.p50 * 1000:.1f} | {r.p99 * 1000:.1f} | "
            f"{r.errors} |"
        )
    lines += [
        "",
        "| measure | flash crowd | floor (mean) | ratio | target (issue 7) | met |",
        "|---|---:|---:|---:|---|---|",
        f"| throughput (req/s) | {total.throughput:,.0f} | {floor_rps:,.0f} | {ratio:.2f} | ≥ {TARGET_RATIO} × floor | "
        f"{'yes' if ratio >= TARGET_RATIO else 'no'} |",
        f"| p50 (ms) | {total.p50 * 1000:.1f} | {floor_p50 * 1000:.1f} | "
        f"{total.p50 / floor_p50 if floor_p50 else 0:.2f} | | |",
        f"| p99 (ms) | {total.p99 * 1000:.1f} | {floor_p99 * 1000:.1f} | "
        f"{total.p99 / floor_p99 if floor_p99 else 0:.2f} | ≤ {TARGET_P99 * 1000:.0f} ms | "
        f"{'yes' if total.p99 <= TARGET_P99 else 'no'} |",
    ]
    if owner is not None:
        cost = total.throughput / owner.throughput if owner.throughput else 0
        lines += [
            "",
            "The cost of row-level security: the same crowd on fresh data, served once as the plain role the",
            "policies bind (above) and once as the database owner, whom they do not (the app binds each",
            "transaction either way; only the policies' checks differ).",
            "",
            "| served as | req/s | p50 ms | p99 ms | throughput ratio |",
            "|---|---:|---:|---:|---:|",
            f"| plain role, row-level security on | {total.throughput:,.0f} | {total.p50 * 1000:.1f} | "
            f"{total.p99 * 1000:.1f} | {cost:.2f} |",
            f"| owner, no policy | {owner.throughput:,.0f} | {owner.p50 * 1000:.1f} | {owner.p99 * 1000:.1f} | 1.00 |",
        ]
    lines += [
        "",
        "| step | status | code | responses |",
        "|---|---:|---|---:|",
    ]
    for (step, status, code), n in sorted(
        crowd.outcomes.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])
    ):
        lines.append(f"| {step} | {status} | {code or '—'} | {n:,} |")
    lines += ["", "| households | count |", "|---|---:|"]
    for outcome, n in crowd.households.most_common():
        lines.append(f"| {outcome} | {n:,} |")
    lines += [
        "",
        f"Afterwards: {totals['bookings']:,} bookings for {totals['places']:,} places; {totals['orders']:,} orders "
        f"for {totals['units']:,} units ({totals['reserved']:,} reserved of {totals['on_hand']:,} on hand); "
        f"{totals['redemptions']:,} coupon redemptions, {totals['redeemed'] / 100:,.0f} of "
        f"{totals['ordered_value'] / 100:,.0f} baht ordered.",
        "",
        "| check (SQL on the database after the run) | rows breaking it | passed |",
        "|---|---:|---|",
    ]
    for what, bad, ok in checks:
        lines.append(f"| {what} | {bad} | {'yes' if ok else 'NO'} |")
    lines.append(END)
    return report.put_section(path, START, END, "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0, help="for each floor run")
    parser.add_argument("--output", default="BENCHMARKS.md")
    parser.add_argument("--no-owner-run", action="store_true",
                        help="skip the second crowd served as the owner (the cost of row-level security)")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "0"}
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS)
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)  # the data is prepared with eager tasks

    from core.app import create_app

    app = create_app()
    ids = prepare(app)
    print(
        f"prepared: {HOUSEHOLDS} households, coupons issued in {ids['issue_seconds']:.1f} s",
        flush=True,
    )

    def get(path):
        return lambda _c, _i: ("GET", path, None, {})

    def floors(tag: str) -> list[load.Result]:
        with servers.gunicorn("bench.floor_app:app", env, workers=WORKERS) as port:
            from bench import floor_app

            floor_app.setup()
            found = []
            for name in ("hello", "floor"):
                r = load.run(
                    f"{name} ({tag})",
                    "127.0.0.1",
                    port,
                    get(f"/{name}"),
                    args.clients,
                    args.seconds,
                )
                found.append(r)
                print(
                    f"{r.name}: {r.throughput:.0f} req/s, p50 {r.p50 * 1000:.1f} ms, p99 {r.p99 * 1000:.1f} ms",
                    flush=True,
                )
            return found

    before = floors("before")
    crowd = None
    # as production runs: bound by row-level security, with Redis (the round
    # cache's versions and the task queue; no worker drains it during the crowd)
    app_env = {**env, "DATABASE_URL": app_role.app_url(url), "REDIS_URL": redis_url}
    with servers.gunicorn("core.wsgi:app", app_env, workers=WORKERS) as port:
        warm_up(port, ids)
        crowd = Crowd(port, ids)
        seconds = crowd.run(args.clients)
    total = crowd.total(seconds)
    print(
        f"crowd: {total.requests} requests in {seconds:.1f} s, {total.throughput:.0f} req/s, "
        f"p50 {total.p50 * 1000:.1f} ms, p99 {total.p99 * 1000:.1f} ms, errors {total.errors}",
        flush=True,
    )
    after = floors("after")
    results, totals = check(app, ids)
    owner = None
    if not args.no_owner_run:
        owner_ids = prepare(app)
        owner_env = {**env, "REDIS_URL": redis_url}
        with servers.gunicorn("core.wsgi:app", owner_env, workers=WORKERS) as port:  # the owner: no policy binds
            warm_up(port, owner_ids)
            again = Crowd(port, owner_ids)
            owner = again.total(again.run(args.clients))
        print(f"crowd as the owner: {owner.throughput:.0f} req/s, p99 {owner.p99 * 1000:.1f} ms", flush=True)
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": url.split("@")[-1].split("/")[0] + " (" + url.split("+")[0] + ")",
        "clients": args.clients,
        "issue_seconds": ids["issue_seconds"],
    }
    print(write_section(args.output, meta, [*before, *after], crowd, total, results, totals, owner))


if __name__ == "__main__":
    main()
