"""Celery bound to the Flask app. Without ``REDIS_URL`` tasks run eagerly, so
the embedded default needs no broker; CI runs a real worker on Redis.

Tasks take ids plus ``tenant_id`` (never ORM objects), run inside an app
context and a tenant context, commit once, and are safe to run twice.
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask

celery = Celery("pansuk")


def init_app(app: Flask) -> Celery:
    redis_url = app.config.get("REDIS_URL")
    celery.conf.update(
        broker_url=redis_url or "memory://",
        result_backend=None,
        task_ignore_result=True,
        task_always_eager=app.config.get("CELERY_EAGER", True),
        task_eager_propagates=app.config.get("TESTING", False),
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        timezone="Asia/Bangkok",
        enable_utc=True,
        beat_schedule=beat_schedule(),
    )

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            # A fresh app context gives the task its own database session.
            with app.app_context():
                return self.run(*args, **kwargs)

    celery.Task = FlaskTask
    celery.flask_app = app
    app.extensions["celery"] = celery
    _import_tasks()
    return celery


_SCHEDULE: dict = {}


def periodic(name: str, task: str, schedule, **options) -> None:
    """Domains add their periodic work (reconciliation, reminders, expiry)."""
    _SCHEDULE[name] = {"task": task, "schedule": schedule, **options}


def beat_schedule() -> dict:
    return dict(_SCHEDULE)


def _import_tasks() -> None:
    import core.notifications.tasks  # noqa: F401
    import core.registry.tasks  # noqa: F401
