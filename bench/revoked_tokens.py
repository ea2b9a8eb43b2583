"""``python -m bench.revoked_tokens``: the flash crowd while an API token is
revoked mid-run, as bad input under load.

Households book, order and pay through gunicorn (four workers, each keeping
tokens per worker: ``core.identity_cache``) with two staff tokens, every
other household on each. When a share of the households has had its turn,
one token is revoked (``core.auth.tokens.revoke_token``, committed by the
harness's app on the same Redis). Some households also pay twice at once, and
stock and places are short, so orders for more than stock are refused.

Afterwards: every request sent with the revoked token after its revocation
committed was refused 401 ``unauthorised`` (whichever worker took it), the
other token kept working, nothing answered 5xx, every acknowledged booking and
order is there, nothing is half-written (an order without lines or audit row,
a booking without audit row, a redemption without its ledger entry), a
household paying twice at once paid once and was refused once with a typed
4xx (or both 401 when the token was revoked before), and the flash crowd's
checks hold (nothing oversold, overbooked or overspent, the ledger balanced).

It runs on its own database (dropped and created) and Redis db (flushed);
``--json`` writes the result to a file (tests/faults runs a short run so)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from bench import app_role, faults, flash_crowd, servers
from bench.__main__ import ensure_database

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench_revoked"
DEFAULT_REDIS = "redis://127.0.0.1:6379/10"
WORKERS = 4

HALF_WRITTEN = [
    (
        "orders without lines",
        "SELECT count(*) FROM market_order o WHERE o.tenant_id = :t AND NOT EXISTS "
        "(SELECT 1 FROM market_order_line l WHERE l.order_id = o.id)",
    ),
    (
        "orders without their audit row",
        "SELECT count(*) FROM market_order o WHERE o.tenant_id = :t AND NOT EXISTS "
        "(SELECT 1 FROM audit_event a WHERE a.tenant_id = o.tenant_id AND a.target_type = 'market_order' "
        " AND a.target_id = o.id AND a.action = 'market.order.place')",
    ),
    (
        "bookings without their audit row",
        "SELECT count(*) FROM market_booking b WHERE b.tenant_id = :t AND NOT EXISTS "
        "(SELECT 1 FROM audit_event a WHERE a.tenant_id = b.tenant_id AND a.target_type = 'market_booking' "
        " AND a.target_id = b.id)",
    ),
    (
        "redemptions without their ledger entry",
        "SELECT count(*) FROM market_redemption r WHERE r.tenant_id = :t AND NOT EXISTS "
        "(SELECT 1 FROM journal_entry e WHERE e.tenant_id = r.tenant_id "
        " AND e.source = 'market.redemption:' || r.id)",
    ),
]


@dataclass
class Call:
    token: str  # "revoked" or "kept"
    step: str
    sent: float
    ended: float
    status: int
    code: str
    body: dict = field(default_factory=dict)


class Crowd:
    """Closed-loop clients: each takes the next household and walks it through
    book → order → pay with the token its household is given."""

    def __init__(self, port: int, ids: dict, tokens: dict[str, str], double_pay_every: int, seed: int):
        self.port, self.ids, self.tokens = port, ids, tokens
        self.base = f"/api/v1/t/{flash_crowd.SLUG}/market"
        self.queue = list(enumerate(ids["households"]))
        self.lock = threading.Lock()
        self.calls: list[Call] = []
        self.pairs: list[tuple[int, int]] = []  # statuses of the two payments sent at once
        self.taken = 0
        self.double_pay_every = double_pay_every
        self.seed = seed

    def next_household(self) -> tuple[int, int] | None:
        with self.lock:
            if not self.queue:
                return None
            self.taken += 1
            return self.queue.pop(0)

    def call(self, conn, token: str, step: str, method: str, path: str, body: dict | None = None) -> Call:
        headers = {"Authorization": f"Bearer {self.tokens[token]}", "Content-Type": "application/json"}
        sent = time.perf_counter()
        try:
            conn.request(method, self.base + path, body=json.dumps(body) if body is not None else None,
                         headers=headers)
            response = conn.getresponse()
            raw, status = response.read(), response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            raw, status = b"", 0
        try:
            payload = json.loads(raw) if raw else {}
        except ValueError:
            payload = {}
        code = (payload.get("error") or {}).get("code", "") if isinstance(payload, dict) else ""
        made = Call(token, step, sent, time.perf_counter(), status, code, payload if status < 300 else {})
        with self.lock:
            self.calls.append(made)
        return made

    def household(self, conn, rng: random.Random, n: int, household_id: int) -> None:
        token = "revoked" if n % 2 == 0 else "kept"
        round_id = self.ids["round_id"]
        detail = self.call(conn, token, "round", "GET", f"/rounds/{round_id}")
        if detail.status != 200:
            return
        open_slots = [s["id"] for s in detail.body["slots"] if s["booked"] < s["capacity"]]
        rng.shuffle(open_slots)
        for slot_id in open_slots[:3]:
            booked = self.call(conn, token, "book", "POST", f"/rounds/{round_id}/bookings",
                               {"household_id": household_id, "slot_id": slot_id})
            if booked.status == 201:
                break
        else:
            return
        item = rng.choice(list(self.ids["items"].values()))
        order = self.call(conn, token, "order", "POST", "/orders", {
            "round_id": round_id, "household_id": household_id,
            "lines": [{"item_id": item, "quantity": rng.randint(1, 3)}],
        })
        if order.status != 201:
            return
        path = f"/orders/{order.body['id']}/coupons"
        if n % self.double_pay_every:
            self.call(conn, token, "pay", "POST", path)
            return
        # the same payment twice at once, on two connections
        other = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        barrier = threading.Barrier(2)
        made: list[Call] = []

        def pay(c) -> None:
            barrier.wait(timeout=10)
            made.append(self.call(c, token, "pay twice", "POST", path))

        second = threading.Thread(target=pay, args=(other,))
        second.start()
        pay(conn)
        second.join()
        other.close()
        with self.lock:
            self.pairs.append(tuple(sorted(c.status for c in made)))

    def client(self, no: int) -> None:
        rng = random.Random(self.seed * 1000 + no)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while (taken := self.next_household()) is not None:
            self.household(conn, rng, *taken)
        conn.close()


def add_kept_token(app, ids: dict) -> str:
    """A second staff member's token, the one left alone."""
    from core.auth.models import User
    from core.auth.tokens import create_token
    from core.db import db
    from core.tenancy.context import tenant_context
    from core.tenancy.models import Membership, Tenant

    with app.app_context(), tenant_context(ids["tenant_id"]):
        tenant = db.session.get(Tenant, ids["tenant_id"])
        staff = User(email="kept@bench.example", display_name="Kept staff", password_hash="x")
        db.session.add(staff)
        db.session.flush()
        db.session.add(Membership(user_id=staff.id, tenant_id=tenant.id, roles=["staff"]))
        db.session.flush()
        _row, token = create_token(staff, tenant, "kept")
        db.session.commit()
        db.session.remove()
    return token


def revoke(app, ids: dict) -> None:
    """The first token revoked by its owner, committed (its version renewed in Redis)."""
    from core.auth.models import ApiToken, User
    from core.auth.tokens import revoke_token
    from core.db import db
    from core.tenancy.context import tenant_context
    from core.tenancy.models import Tenant

    with app.app_context(), tenant_context(ids["tenant_id"]):
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.name == "flash crowd"))
        owner = db.session.get(User, token.user_id)
        revoke_token(owner, db.session.get(Tenant, ids["tenant_id"]), token.id)
        db.session.commit()
        db.session.remove()


def run(*, households: int, clients: int, revoke_after: float, double_pay_every: int,
        database_url: str, redis_url: str, seed: int) -> dict:
    import redis

    ensure_database(database_url)
    redis.Redis.from_url(redis_url).flushdb()
    env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "0"}
    os.environ.update(env)
    from core.app import create_app

    app = create_app()
    ids = flash_crowd.prepare(app, households=households, **faults.scarce(households))
    tokens = {"revoked": ids["token"], "kept": add_kept_token(app, ids)}
    served = {**env, "DATABASE_URL": app_role.app_url(database_url)}
    revoked_at: list[float] = []
    with servers.gunicorn("core.wsgi:app", served, workers=WORKERS) as port:
        flash_crowd.warm_up(port, ids, n=8)
        crowd = Crowd(port, ids, tokens, double_pay_every, seed)

        def revoker() -> None:
            while crowd.taken < households * revoke_after:
                time.sleep(0.01)
            revoke(app, ids)
            revoked_at.append(time.perf_counter())

        threads = [threading.Thread(target=crowd.client, args=(n,)) for n in range(clients)]
        threads.append(threading.Thread(target=revoker))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    problems: list[str] = []
    after = [c for c in crowd.calls if c.token == "revoked" and revoked_at and c.sent > revoked_at[0]]
    not_refused = Counter((c.status, c.code) for c in after if (c.status, c.code) != (401, "unauthorised"))
    if not after:
        problems.append("no request was sent with the revoked token after its revocation")
    if not_refused:
        problems.append(f"the revoked token was not refused: {dict(not_refused)}")
    kept_after = [c for c in crowd.calls if c.token == "kept" and revoked_at and c.sent > revoked_at[0]]
    if not any(c.status in (200, 201) for c in kept_after):
        problems.append("the token left alone stopped working")
    errors = Counter(c.status for c in crowd.calls if c.status >= 500 or c.status == 0)
    if errors:
        problems.append(f"server errors: {dict(errors)}")
    untyped = Counter(c.status for c in crowd.calls if 400 <= c.status < 500 and not c.code)
    if untyped:
        problems.append(f"refusals without a code: {dict(untyped)}")
    # paid once and refused once (409, or 401 if the token was revoked in between); both refused 401
    # when the revocation came first
    bad_pairs = [p for p in crowd.pairs if p not in {(200, 409), (200, 401), (401, 401)}]
    if bad_pairs:
        problems.append(f"a payment sent twice at once was not paid exactly once: {bad_pairs}")
    checks, totals = flash_crowd.check(app, ids)
    problems += [f"{what}: {bad}" for what, bad, ok in checks if not ok]
    with app.app_context():
        from core.db import db

        half = {what: db.session.scalar(sa.text(sql), {"t": ids["tenant_id"]}) for what, sql in HALF_WRITTEN}
        acknowledged = {
            step: [c.body["id"] for c in crowd.calls if c.step == step and c.status == 201]
            for step in ("book", "order")
        }
        found = {
            "book": db.session.scalar(sa.text("SELECT count(*) FROM market_booking WHERE id = ANY(:ids)"),
                                      {"ids": acknowledged["book"]}),
            "order": db.session.scalar(sa.text("SELECT count(*) FROM market_order WHERE id = ANY(:ids)"),
                                       {"ids": acknowledged["order"]}),
        }
        db.session.remove()
    problems += [f"{what}: {n}" for what, n in half.items() if n]
    problems += [f"acknowledged {step}s missing: {len(acknowledged[step]) - found[step]}"
                 for step in found if found[step] != len(acknowledged[step])]
    outcomes = Counter(f"{c.token} {c.step} {c.status} {c.code or '-'}" for c in crowd.calls)
    return {
        "ok": not problems, "problems": problems, "households": households,
        "revoked_after_households": crowd.taken if not revoked_at else None,
        "refused_after_revocation": len(after), "kept_after_revocation": len(kept_after),
        "pairs": Counter(str(p) for p in crowd.pairs), "outcomes": dict(outcomes), "totals": totals,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--revoke-after", type=float, default=0.4, help="share of households before the revocation")
    parser.add_argument("--double-pay-every", type=int, default=5, help="every n-th household pays twice at once")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--database-url", default=DEFAULT_DB, help="dropped and created afresh")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS, help="a Redis db of the run's own: it is flushed")
    parser.add_argument("--json", help="write the result as JSON here")
    args = parser.parse_args()
    result = run(households=args.households, clients=args.clients, revoke_after=args.revoke_after,
                 double_pay_every=args.double_pay_every, database_url=args.database_url,
                 redis_url=args.redis_url, seed=args.seed)
    text = json.dumps(result, indent=2, default=str)
    if args.json:
        with open(args.json, "w") as out:
            out.write(text)
    print(text)
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
