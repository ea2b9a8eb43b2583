"""Housekeeping of log-in records: failure counts that no longer matter and
sessions older than the log-in throttle remembers addresses for. Safe to run
twice; no tenant (these tables belong to accounts, not organisations)."""

from __future__ import annotations

from datetime import timedelta

from core.auth import lockout, sessions
from core.celery_app import celery, periodic
from core.db import transaction, utcnow


@celery.task(name="core.purge_login_records", acks_late=True)
def purge_login_records() -> int:
    now = utcnow()
    with transaction():
        return lockout.purge(now) + sessions.purge(now, keep_days=lockout.KNOWN_ADDRESS_DAYS)


periodic("auth.purge_login_records", "core.purge_login_records", timedelta(hours=1))
