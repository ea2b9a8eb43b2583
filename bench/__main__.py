"""``python -m bench`` (``make bench``): every scenario in one run, written to
BENCHMARKS.md as ratios to floors measured in the same run.

First the floors (a bare Flask JSON endpoint, *hello*, and a bare Flask
``UPDATE … RETURNING`` commit, *floor*) and the landing page on gunicorn, for a
visitor (*landing*) and for a logged-in member (*landing_member*), served
as production serves them: connected as the plain database role that
row-level security binds (:mod:`bench.app_role`) and with Redis
(``REDIS_URL``, default ``redis://127.0.0.1:6379/2``); then
each scenario in its own process (each starts its own gunicorn and, where it
needs one, a Celery worker on Redis; each measures its own floor again in its
run and writes its own section with the date, the commit and the machine).
``--quick`` runs every scenario small (minutes, for a check that they work);
``--only`` picks scenarios. PostgreSQL and Redis must be reachable."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import socket
import subprocess
import sys
import time

import sqlalchemy as sa

from bench import app_role, load, servers
from bench.report import write_report

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/2"
MEMBER = "staff@khoksai.demo"  # whose first page the member's landing is (a count per box their roles open)


def ensure_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    admin = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname=:n"), {"n": name}):
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def drop_every_table(engine) -> None:
    """Every table of the schema, those of other versions of the models
    included (a table the models no longer know would block ``drop_all``)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        names = conn.scalars(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).all()
        for name in names:
            conn.execute(sa.text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))


def prepare_app_database(env: dict[str, str]) -> None:
    """Fresh schema and the demo data, in a child process with the bench env
    (as the owner), then row-level security and the plain role's grants
    (:mod:`bench.app_role`) for the app that serves the landing pages."""
    code = (
        "from bench import app_role\n"
        "from core.app import create_app\n"
        "from core.db import db, transaction\n"
        "from core.demo.load import load\n"
        "app = create_app({'DEMO_ORDERS_LIMIT': 25})\n"  # the landing page needs the tenants, not 650 orders
        "with app.app_context():\n"
        "    db.drop_all(); db.create_all()\n"
        "    with db.engine.begin() as conn: app_role.protect(conn, app.config['SECRET_KEY'])\n"
        "    with transaction(): load()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, **env})


# name -> (arguments of the full run, arguments of a quick one)
SCENARIOS: dict[str, tuple[list[str], list[str]]] = {
    "flash_crowd": ([], ["--seconds", "3"]),
    "qr_page": ([], ["--seconds", "3"]),
    "notifications": ([], ["--count", "1000"]),
    "faults": ([], ["--households", "300", "--seconds", "20"]),
    "reconcile": (["--lines", "100000", "1000000"], ["--lines", "10000", "100000"]),
    "portfolio": ([], ["--loans", "20000", "--people", "5000"]),
    "national": ([], ["--scale", "0.01"]),
}


def warm_up(port: int, path: str, n: int = 4 * 8) -> None:
    """Every worker has imported the app and connected before the clock starts."""
    import http.client

    for _ in range(n):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", path)
        conn.getresponse().read()
        conn.close()


def services_reachable() -> None:
    for host, port, what in (("127.0.0.1", 5432, "PostgreSQL"), ("127.0.0.1", 6379, "Redis")):
        try:
            socket.create_connection((host, port), timeout=1).close()
        except OSError as exc:
            raise SystemExit(f"{what} is not reachable on {host}:{port}: make bench needs it") from exc


def run_scenarios(names: list[str], quick: bool, output: str) -> list[tuple[str, str, float]]:
    """Each scenario in its own process; a failure is reported, the others still run."""
    outcomes = []
    for name in names:
        full, small = SCENARIOS[name]
        cmd = [sys.executable, "-m", f"bench.{name}", "--output", output, *(small if quick else full)]
        print(f"== {name}: {' '.join(cmd[2:])}", flush=True)
        began = time.perf_counter()
        code = subprocess.run(cmd, env={**os.environ, "RATELIMIT_ENABLED": "0"}).returncode
        outcomes.append((name, "ok" if code == 0 else f"failed (exit {code})", time.perf_counter() - began))
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="per endpoint of the floors")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--output", default="BENCHMARKS.md")
    parser.add_argument("--quick", action="store_true", help="every scenario small")
    parser.add_argument("--only", nargs="*", choices=sorted(SCENARIOS),
                        help="just these scenarios (none: the floors alone)")
    args = parser.parse_args()
    services_reachable()

    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    # Redis as in production: rate limits (and Celery's broker) shared by the workers
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "REDIS_URL": os.environ.get("REDIS_URL", DEFAULT_REDIS)}
    prepare_app_database(env)

    def get(path):
        return lambda _c, _i: ("GET", path, None, {})

    results = {}
    os.environ["DATABASE_URL"] = url  # floor_app reads it when imported
    with servers.gunicorn("bench.floor_app:app", env) as port:
        from bench import floor_app

        floor_app.setup()
        warm_up(port, "/hello")  # every worker up before the clock starts, as for the landing page
        warm_up(port, "/floor")
        results["hello"] = load.run("hello", "127.0.0.1", port, get("/hello"), args.clients, args.seconds)
        results["floor"] = load.run("floor", "127.0.0.1", port, get("/floor"), args.clients, args.seconds)
    # the landing pages as production serves them: the plain role that row-level security binds
    app_env = {**env, "DATABASE_URL": app_role.app_url(url)}
    with servers.gunicorn("core.wsgi:app", app_env) as port:
        warm_up(port, "/t/khok-sai/")
        results["landing"] = load.run("landing", "127.0.0.1", port, get("/t/khok-sai/"), args.clients, args.seconds)
        # the same page as a member's first page: logged in (the session cookie), never the shared copy
        from bench.national import log_in
        from core.demo.users import DEMO_PASSWORD

        cookie = log_in(port, MEMBER, DEMO_PASSWORD)
        member = ("GET", "/t/khok-sai/", None, {"Cookie": cookie})
        load.run("warm-up", "127.0.0.1", port, lambda _c, _i: member, args.clients, 60.0, max_requests=64)
        results["landing_member"] = load.run(
            "landing_member", "127.0.0.1", port,
            lambda _c, _i: member, args.clients, args.seconds,
        )

    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": url.split("@")[-1].split("/")[0] + " (" + url.split("+")[0] + ")",
        "clients": args.clients,
        "seconds": args.seconds,
    }
    write_report(args.output, meta, results)
    outcomes = run_scenarios(list(SCENARIOS) if args.only is None else args.only, args.quick, args.output)
    for name, outcome, seconds in outcomes:
        print(f"{name}: {outcome} in {seconds:.0f} s")
    if any(outcome != "ok" for _n, outcome, _s in outcomes):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
