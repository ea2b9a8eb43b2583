"""The ``Secure`` flag of the session cookie. ``SESSION_COOKIE_SECURE`` set to
``1`` or ``0`` is obeyed; left unset, the cookie is ``Secure`` whenever the
request came over HTTPS (as the trusted-proxy setting reports it), so a
deployment behind TLS gets secure cookies without a setting, and the plain
``http://127.0.0.1`` of ``make run`` keeps working."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        configured = app.config.get("SESSION_COOKIE_SECURE")
        if configured is None:
            return has_request_context() and request.is_secure
        return bool(configured)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
