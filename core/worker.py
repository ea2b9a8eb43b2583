"""Entry point for ``celery -A core.worker worker`` and ``celery -A core.worker beat``.

The app is built from the environment: ``REDIS_URL`` is the broker (required
here: without it tasks would run eagerly and the worker would wait for nothing)
and ``DATABASE_URL`` the database. Celery looks for ``app`` then ``celery`` in
this module, so the Flask app is deliberately not called ``app``.
"""

import os
import sys

from core.app import create_app
from core.celery_app import beat_schedule, celery
from core.ops.startup import EXIT_REFUSED, serving_app

if not os.environ.get("REDIS_URL"):
    print("Pansuk cannot start a Celery worker or beat: set REDIS_URL (redis://host:6379/0)",
          file=sys.stderr, flush=True)
    raise SystemExit(EXIT_REFUSED)

flask_app = serving_app(create_app)
# Periodic work registered by any module imported while building the app.
celery.conf.beat_schedule = beat_schedule()

__all__ = ["celery", "flask_app"]
