"""A Celery worker process knows the booking reminder's template from the
start: a delivery may be the first task a fresh pool process runs (after a
restart, or a worker killed mid-run), before any reminder task imported the
module that registers it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _modules_registering_templates() -> list[str]:
    found = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("tests", "bench", "migrations", ".venv") or rel.name == "messages.py":
            continue
        if "register_templates(" in path.read_text(encoding="utf-8"):
            found.append(".".join(rel.with_suffix("").parts))
    return found


@pytest.mark.own_settings  # a child process on a database of its own, never connected to
def test_a_fresh_worker_process_knows_every_template_any_module_registers(tmp_path):
    """Every template registered anywhere (booking and loan reminders, stock
    alerts, disbursements, …) is known to a worker right after it starts."""
    modules = _modules_registering_templates()
    assert "market.rounds.reminders" in modules and "welfare.loans.reminders" in modules
    code = (
        "import importlib\n"
        "import core.worker\n"
        "from core.notifications import messages\n"
        "messages.template('market.booking_reminder', 'th')\n"
        "known = set(messages.TEMPLATES)\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "missing = sorted(set(messages.TEMPLATES) - known)\n"
        "assert not missing, missing\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/unused.db",  # built, never connected to
        "REDIS_URL": "redis://127.0.0.1:1/0",  # the worker's app needs one; nothing is sent
        "SECRET_KEY": "test-secret",
    }
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
