"""Entry point for ``celery -A core.worker worker`` and ``celery -A core.worker beat``."""

from core.app import create_app
from core.celery_app import beat_schedule, celery

app = create_app()
celery.conf.beat_schedule = beat_schedule()

__all__ = ["celery", "app"]
