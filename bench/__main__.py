"""``python -m bench`` (``make bench``): floors and scenarios in one run,
written to BENCHMARKS.md as ratios to the floors."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys

import sqlalchemy as sa

from bench import load, servers
from bench.report import write_report

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench"


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


def prepare_app_database(env: dict[str, str]) -> None:
    """Fresh schema and the demo data, in a child process with the bench env."""
    code = (
        "from core.app import create_app\n"
        "from core.db import db, transaction\n"
        "from core.demo.load import load\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    db.drop_all(); db.create_all()\n"
        "    with transaction(): load()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, **env})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--output", default="BENCHMARKS.md")
    parser.add_argument("--reconcile-lines", type=int, nargs="*", default=[],
                        help="also run bench.reconcile at these sizes (e.g. 100000 1000000)")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench"}
    env.pop("REDIS_URL", None)
    prepare_app_database(env)

    def get(path):
        return lambda _c, _i: ("GET", path, None, {})

    results = {}
    with servers.gunicorn("bench.floor_app:app", env) as port:
        from bench import floor_app  # noqa: F401  (imported for setup with the same URL)

        os.environ["DATABASE_URL"] = url
        floor_app.setup()
        results["hello"] = load.run("hello", "127.0.0.1", port, get("/hello"), args.clients, args.seconds)
        results["floor"] = load.run("floor", "127.0.0.1", port, get("/floor"), args.clients, args.seconds)
    with servers.gunicorn("core.wsgi:app", env) as port:
        results["landing"] = load.run("landing", "127.0.0.1", port, get("/t/khok-sai/"), args.clients, args.seconds)

    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": url.split("@")[-1].split("/")[0] + " (" + url.split("+")[0] + ")",
        "clients": args.clients,
        "seconds": args.seconds,
    }
    write_report(args.output, meta, results)
    if args.reconcile_lines:  # its own process, so its peak memory is its own
        subprocess.run([sys.executable, "-m", "bench.reconcile", "--output", args.output,
                        "--lines", *map(str, args.reconcile_lines)], check=True)
    print(open(args.output, encoding="utf-8").read())


if __name__ == "__main__":
    main()
