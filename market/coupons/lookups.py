"""A decorator for API views: the row a URL names must exist in this tenant
before the body is parsed, so another tenant's id is 404 — never a 422 that
would tell it apart from a missing row."""

from __future__ import annotations

from functools import wraps

from core.db import db
from core.errors import NotFound


def must_exist(model, param: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if db.session.get(model, kwargs[param]) is None:
                raise NotFound()
            return view(*args, **kwargs)

        return wrapped

    return decorator
