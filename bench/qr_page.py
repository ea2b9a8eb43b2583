"""``python -m bench.qr_page``: throughput of the public QR page (``/q/<token>``,
HTML and JSON) against a bare Flask endpoint returning a small JSON, both
served by the same gunicorn server in the same run, so the ratio is fair on a
noisy machine. The section it writes to BENCHMARKS.md is kept between markers.

The data: one PGS network, a farm with a certified plot and a harvest lot
whose QR is fetched, plus 300 other plots and lots so the lookups are not on
toy tables. Load clients send no ``If-None-Match``: every request is a full
render (no 304 shortcut)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys

from bench import load, report, servers
from bench.__main__ import ensure_database

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_bench_qr"
START, END = "<!-- qr_page:start -->", "<!-- qr_page:end -->"
TARGET = 0.7  # issue 7: the QR page at ≥ 0.7 × hello
OTHER_PLOTS = 300


def make_app():
    """The real application with a bare Flask app mounted at ``/bare`` (for
    gunicorn: ``bench.qr_page:make_app()``)."""
    from flask import Flask, jsonify
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from core.app import create_app

    app = create_app()
    bare = Flask("bare")

    @bare.get("/hello")
    def hello():
        return jsonify({"hello": "world"})

    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/bare": bare})
    return app


SEED = r"""
import sys
from datetime import date, timedelta
from decimal import Decimal
from core.app import create_app
from core.db import db, transaction
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant, Membership
from core.auth.models import User
from core.registry.models import Person, Village
from producers.models.pgs import (Certificate, CertificatePlot, Farm, Inspection, Planting, Plot,
                                  ProducerGroup, Standard)
from producers.lots import services
import sqlalchemy as sa

app = create_app()
with app.app_context():
    db.drop_all(); db.create_all()
    today = clock.today()
    with transaction():
        tenant = Tenant(slug="bench-pgs", name_th="เครือข่ายเกษตรอินทรีย์ทดสอบ", name_en="Bench PGS",
                        kind="pgs_network", settings={"network_code": "BENCH"})
        db.session.add(tenant); db.session.flush()
        admin = User(email="admin@bench.example", display_name="admin", password_hash="x")
        db.session.add(admin); db.session.flush()
        db.session.add(Membership(user_id=admin.id, tenant_id=tenant.id, roles=["admin"]))
        with tenant_context(tenant.id):
            village = Village(moo=1, name_th="บ้านทดสอบ")
            standard = Standard(code="GS", title_th="มาตรฐาน", status="active")
            db.session.add_all([village, standard]); db.session.flush()
            tokens = []
            for n in range(int(sys.argv[1]) + 1):
                person = Person(first_name_th=f"เกษตรกร{n}", last_name_th="ทดสอบ", phone="+66812345678")
                group = ProducerGroup(name=f"กลุ่ม {n}", village_id=village.id)
                db.session.add_all([person, group]); db.session.flush()
                farm = Farm(person_id=person.id, group_id=group.id, village_id=village.id, name=f"ไร่ {n}")
                db.session.add(farm); db.session.flush()
                plot = Plot(farm_id=farm.id, code=f"B{n:04d}", name=f"แปลง {n}", area_sqm=1600,
                            lat=Decimal("7.123456"), lon=Decimal("100.654321"))
                db.session.add(plot); db.session.flush()
                db.session.add_all([
                    Planting(plot_id=plot.id, crop="ผักบุ้ง", planted_on=today - timedelta(days=40),
                             expected_quantity_kg=Decimal("500")),
                    Inspection(farm_id=farm.id, standard_id=standard.id, cycle=today.year, status="decided",
                               verdict="pass", inspected_on=today - timedelta(days=30)),
                ])
                cert = Certificate(farm_id=farm.id, number=f"BENCH-{n:04d}", level="organic", status="active",
                                   valid_from=today - timedelta(days=20), valid_until=today + timedelta(days=300))
                db.session.add(cert); db.session.flush()
                db.session.add(CertificatePlot(certificate_id=cert.id, plot_id=plot.id, crops=[]))
                db.session.flush()
                lot = services.record_harvest(admin, tenant.id, plot_id=plot.id, quantity_g=50_000,
                                              harvested_on=today, crop="ผักบุ้ง")
                tokens.append(services.qr_for_lot(lot).token)
    print(tokens[0])
"""


def prepare(env: dict[str, str], plots: int) -> str:
    out = subprocess.run(
        [sys.executable, "-c", SEED, str(plots)],
        check=True,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


MODES = {
    "default": "as shipped: a whole answer (headers and body) reused for up to 5 s by each worker in front of the app for visitors without a cookie (`core.microcache`, `PRODUCERS_QR_FRESH_SECONDS`)",
    "live": "`PRODUCERS_QR_FRESH_SECONDS=0`: the certification read from the database on every request",
}


def write_section(path: str, meta: dict, results: dict[str, dict[str, load.Result]]) -> str:
    lines = [
        START,
        "## Public QR page",
        "",
        "Measured by `python -m bench.qr_page`: the public page behind a lot's QR (`/q/<token>`, HTML and",
        "`Accept: application/json`) against a bare Flask endpoint returning a small JSON (*hello*), served",
        "by the same gunicorn server (4 workers) in the same run. Every request is a full answer (no",
        "`If-None-Match`). On a cache miss the page runs one query (token, the plot's certificates and",
        "last inspection together); names, plot and lot are kept per worker for a minute, rendered pages",
        "per ETag. Two servers, one after the other: "
        + "; ".join(f"*{m}* — {text}" for m, text in MODES.items())
        + ".",
        "",
        f"- date: {meta['date']}",
        f"- commit: {meta['commit']}",
        f"- machine: {meta['machine']}",
        f"- database: {meta['database']}",
        f"- load: {meta['clients']} closed-loop clients for {meta['seconds']:.0f} s per endpoint",
        "",
        "| server | endpoint | requests | req/s | p50 ms | p99 ms | 5xx/errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for mode, found in results.items():
        for r in found.values():
            lines.append(
                f"| {mode} | {r.name} | {r.requests:,} | {r.throughput:,.0f} | {r.p50 * 1000:.1f} | "
                f"{r.p99 * 1000:.1f} | {r.errors} |"
            )
    lines += [
        "",
        "| server | scenario | compared with | throughput ratio | p99 ratio | target |",
        "|---|---|---|---:|---:|---|",
    ]
    for mode, found in results.items():
        hello = found["hello"]
        for name in ("qr_page_html", "qr_page_json"):
            r = found[name]
            ratio = r.throughput / hello.throughput if hello.throughput else 0
            p99 = r.p99 / hello.p99 if hello.p99 else 0
            lines.append(f"| {mode} | {name} | hello | {ratio:.2f} | {p99:.2f} | ≥ {TARGET} |")
    lines.append(END)
    return report.put_section(path, START, END, "\n".join(lines))


def wait_until_ok(port: int, path: str, timeout: float = 60.0) -> None:
    """The workers are up (and the page answers 200) before the clock starts."""
    import http.client
    import time

    deadline = time.time() + timeout
    last: object = None
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            last = conn.getresponse().status
            conn.close()
            if last == 200:
                return
        except (OSError, http.client.HTTPException) as exc:
            last = exc
        time.sleep(0.5)
    raise SystemExit(f"the QR page did not answer 200: {last!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--output", default="BENCHMARKS.md")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    ensure_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "0"}
    os.environ.pop("REDIS_URL", None)
    token = prepare(env, OTHER_PLOTS)

    def get(path, headers=None):
        return lambda _c, _i: ("GET", path, None, headers or {})

    results: dict[str, dict[str, load.Result]] = {}
    for mode, fresh in (("default", None), ("live", "0")):
        mode_env = {**env, "PRODUCERS_QR_FRESH_SECONDS": fresh} if fresh is not None else env
        found: dict[str, load.Result] = {}
        with servers.gunicorn("bench.qr_page:make_app()", mode_env) as port:
            wait_until_ok(port, f"/q/{token}")
            found["hello"] = load.run(
                "hello", "127.0.0.1", port, get("/bare/hello"), args.clients, args.seconds
            )
            found["qr_page_html"] = load.run(
                "qr_page_html", "127.0.0.1", port, get(f"/q/{token}"), args.clients, args.seconds
            )
            found["qr_page_json"] = load.run(
                "qr_page_json",
                "127.0.0.1",
                port,
                get(f"/q/{token}", {"Accept": "application/json"}),
                args.clients,
                args.seconds,
            )
        results[mode] = found
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": url.split("@")[-1].split("/")[0] + " (" + url.split("+")[0] + ")",
        "clients": args.clients,
        "seconds": args.seconds,
    }
    print(write_section(args.output, meta, results))


if __name__ == "__main__":
    main()
