"""The machine's floors, served by gunicorn next to the real app:

* ``/hello`` — a bare Flask JSON endpoint;
* ``/floor`` — one ``UPDATE … RETURNING`` and a commit through the same driver
  and pool settings as the app.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, jsonify

from core.config import _normalise_db_url

engine = sa.create_engine(_normalise_db_url(os.environ["DATABASE_URL"]), pool_pre_ping=True)
app = Flask(__name__)


def setup() -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)"))
        conn.execute(sa.text("DELETE FROM bench_floor"))
        conn.execute(sa.text("INSERT INTO bench_floor (id, n) VALUES (1, 0)"))


@app.get("/hello")
def hello():
    return jsonify({"hello": "world"})


@app.post("/floor")
@app.get("/floor")
def floor():
    with engine.begin() as conn:
        n = conn.execute(sa.text("UPDATE bench_floor SET n = n + 1 WHERE id = 1 RETURNING n")).scalar_one()
    return jsonify({"n": n})
