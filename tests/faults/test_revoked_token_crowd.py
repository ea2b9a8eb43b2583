"""A token revoked in the middle of a crowd (``bench.revoked_tokens``): on
gunicorn with four workers that keep tokens per worker and Redis, every
request with it after the revocation commits is 401 whichever worker takes
it, the other token keeps working, a payment sent twice at once is made once
and refused once with a typed 409 (both are 401 once the token is revoked), orders for more than stock are refused,
and nothing is half-written, oversold, overbooked or overspent.

Its own database and Redis db (dropped, flushed); skipped without PostgreSQL
and Redis, failed instead under REQUIRE_SERVICES=1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("PANSUK_REVOKED_DB_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/pansuk_revoked_ci")
REDIS_URL = os.environ.get("PANSUK_REVOKED_REDIS_URL", "redis://127.0.0.1:6379/14")
HOUSEHOLDS = 160


def test_token_revoked_mid_crowd_is_refused_at_once_and_nothing_breaks(real_services, tmp_path):
    out = tmp_path / "revoked.json"
    command = [
        sys.executable, "-m", "bench.revoked_tokens", "--households", str(HOUSEHOLDS), "--clients", "8",
        "--revoke-after", "0.4", "--double-pay-every", "5", "--database-url", DATABASE_URL,
        "--redis-url", REDIS_URL, "--json", str(out),
    ]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-5000:]
    result = json.loads(out.read_text())
    assert result["problems"] == [] and result["ok"] and proc.returncode == 0, result
    # the run did what it says: requests after the revocation, with both tokens
    assert result["refused_after_revocation"] > 0 and result["kept_after_revocation"] > 0
    outcomes = result["outcomes"]
    assert any(k.startswith("revoked") and k.endswith("401 unauthorised") for k in outcomes)
    assert any(" 409 market_not_enough_stock" in k for k in outcomes)  # more than stock: refused
    assert result["pairs"].get("(200, 409)") and set(result["pairs"]) <= {"(200, 409)", "(200, 401)", "(401, 401)"}
