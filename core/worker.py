"""Entry point for ``celery -A core.worker worker`` and ``celery -A core.worker beat``.

The app is built from the environment: ``REDIS_URL`` is the broker (required
here: without it tasks would run eagerly and the worker would wait for nothing)
and ``DATABASE_URL`` the database. Celery looks for ``app`` then ``celery`` in
this module, so the Flask app is deliberately not called ``app``.
"""

import os

from core.app import create_app
from core.celery_app import beat_schedule, celery

if not os.environ.get("REDIS_URL"):
    raise RuntimeError("REDIS_URL must be set for a Celery worker or beat")

flask_app = create_app()
# Periodic work registered by any module imported while building the app.
celery.conf.beat_schedule = beat_schedule()

__all__ = ["celery", "flask_app"]
