"""Small helpers shared by the PGS pages: the posted form as a dict, the
actor, and a redirect with a flash."""

from __future__ import annotations

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.policies import can


def posted() -> dict:
    return {k: v for k, v in request.form.items() if k != "csrf_token"}


def actor_id() -> int:
    return current_user.id


def allowed(permission: str) -> bool:
    return can(current_user, permission, g.tenant.id)


def done(endpoint: str, message: str, **values):
    """Flash and go on; the view's boundary (``core.boundary.writes``) commits."""
    flash(_(message), "success")
    return redirect(url_for(endpoint, **values))


def upload(name: str) -> tuple[bytes, str | None] | None:
    f = request.files.get(name)
    if f is None or not f.filename:
        return None
    try:
        return f.read(), f.filename
    finally:
        f.close()


def int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 18 else None
