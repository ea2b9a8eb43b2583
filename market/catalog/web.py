"""Small pieces the stock-side pages share: the posted form as a dict and a
domain error as field messages."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from core.errors import DomainError


def posted() -> dict:
    return {key: value for key, value in request.form.items() if key != "csrf_token"}


def errors_of(exc: DomainError) -> dict[str, str]:
    text = _(exc.message, **exc.params) if exc.params else _(exc.message)
    return {exc.field or "_form": text}


def int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 18 else None
