"""A production process refuses to start unsafe, with a message that says
what to fix and no traceback.

``create_app`` calls :func:`refuse_if_unsafe` when ``PANSUK_ENV=production``;
the entry points of gunicorn (``core.wsgi``) and Celery (``core.worker``) build
the app through :func:`serving_app`, which turns a refusal, a setting that does
not parse or an unreachable database into a few lines on stderr and an exit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

# gunicorn halts (instead of starting the worker again and again) when a
# worker exits with this code: "App failed to load".
EXIT_REFUSED = 4


class StartupRefused(Exception):
    """The configuration is unsafe or incomplete for production."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))

    def message(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return ("Pansuk refuses to start (PANSUK_ENV=production):\n" + lines
                + "\nFix these, then start again; `pansuk check` lists every problem and warning.")


def refuse_if_unsafe(app) -> None:
    from core.ops.checks import start_problems

    problems = start_problems(app)
    if problems:
        raise StartupRefused([f.text for f in problems])


def explain(exc: BaseException) -> str | None:
    """The message for an error a start can end with, or None for a bug
    (whose traceback is then worth seeing)."""
    from core.config import ConfigError

    if isinstance(exc, StartupRefused):
        return exc.message()
    if isinstance(exc, ConfigError):
        return f"Pansuk cannot start: {exc}"
    return None


def serving_app(factory: Callable):
    """``factory()``, or a clear message on stderr and exit ``EXIT_REFUSED``."""
    try:
        return factory()
    except Exception as exc:
        message = explain(exc)
        if message is None:
            raise
        print(message, file=sys.stderr, flush=True)
        raise SystemExit(EXIT_REFUSED) from None
