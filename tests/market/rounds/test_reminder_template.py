"""A Celery worker process knows the booking reminder's template from the
start: a delivery may be the first task a fresh pool process runs (after a
restart, or a worker killed mid-run), before any reminder task imported the
module that registers it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_fresh_worker_process_has_the_booking_reminder_template(tmp_path):
    code = (
        "import core.worker\n"
        "from core.notifications import messages\n"
        "messages.template('market.booking_reminder', 'th')\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/unused.db",  # built, never connected to
        "REDIS_URL": "redis://127.0.0.1:1/0",  # the worker's app needs one; nothing is sent
        "SECRET_KEY": "test-secret",
    }
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
