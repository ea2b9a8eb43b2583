"""Celery bound to the Flask app. Without ``REDIS_URL`` tasks run eagerly, so
the embedded default needs no broker; CI runs a real worker on Redis.

Tasks take ids plus ``tenant_id`` (never ORM objects), run inside an app
context and a tenant context, commit once, and are safe to run twice.

``celery -A core.worker worker`` builds the app from the environment: the
broker is ``REDIS_URL`` and the database ``DATABASE_URL``, so a worker started
by a test can be pointed at the test database.
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask, current_app, has_app_context


class FlaskTask(Task):
    def __call__(self, *args, **kwargs):
        # A fresh app context gives the task its own database session. An eager
        # task runs in the app that queued it; a worker's task in the worker's app.
        app = current_app._get_current_object() if has_app_context() else self.app.flask_app
        with app.app_context():
            return self.run(*args, **kwargs)


# The task class is fixed here, not in init_app: a task module imported before
# the app exists still gets an app context around each run.
celery = Celery("pansuk", task_cls=FlaskTask)


def init_app(app: Flask) -> Celery:
    redis_url = app.config.get("REDIS_URL")
    celery.conf.update(
        broker_url=redis_url or "memory://",
        result_backend=None,
        task_ignore_result=True,
        task_always_eager=app.config.get("CELERY_EAGER", True),
        task_eager_propagates=app.config.get("TESTING", False),
        task_default_queue=app.config.get("CELERY_QUEUE", "celery"),
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 3600},
        timezone="Asia/Bangkok",
        enable_utc=True,
    )
    celery.flask_app = app
    app.extensions["celery"] = celery
    _forget_connections()
    _import_tasks()
    celery.conf.beat_schedule = beat_schedule()  # after the imports: tasks add their own
    return celery


def _forget_connections() -> None:
    """Drop the connection pool and routing built for a previous configuration,
    so a second ``create_app`` in one process (tests) publishes to its own broker
    and queue rather than the first one's."""
    from kombu import pools

    pool, celery._pool = celery._pool, None
    if pool is not None:
        pool.force_close_all()
    celery.__dict__.pop("amqp", None)
    # kombu keeps producer pools in a process-wide registry keyed by connection;
    # a closed pool left there would be handed out again ("Acquire on closed pool").
    pools.reset()


_SCHEDULE: dict = {}


def periodic(name: str, task: str, schedule, **options) -> None:
    """Domains add their periodic work (reconciliation, reminders, expiry)."""
    _SCHEDULE[name] = {"task": task, "schedule": schedule, **options}


def beat_schedule() -> dict:
    return dict(_SCHEDULE)


def _import_tasks() -> None:
    import core.auth.tasks  # noqa: F401
    import core.integrity.tasks  # noqa: F401
    import core.notifications.tasks  # noqa: F401
    import core.payments.reconciliation.tasks  # noqa: F401
    import core.registry.tasks  # noqa: F401
