"""Web hardening: security headers with a per-request CSP nonce, and rate
limits (Flask-Limiter on Redis, in memory without it) on the endpoints that
invite guessing: log-in, coupon look-up, check-in, public QR pages."""

from __future__ import annotations

import secrets

from flask import Flask, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[])

# endpoint -> limit (Flask-Limiter syntax); applied after every blueprint is
# registered, and an endpoint that does not exist fails the start.
DEFAULT_RATE_LIMITS: dict[str, str] = {
    "auth.login": "10 per minute;100 per hour",
    # guessing codes and tokens
    "market.redeem_desk": "60 per minute",
    "market.coupon_qr": "60 per minute",
    "market.check_in": "60 per minute",
    "market.booking_page": "60 per minute",
    "producers_public.qr_page": "120 per minute",
}


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _csp() -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self' https://checkout.stripe.com",
            "frame-ancestors 'none'",
        )
    )


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault(
        "RATELIMIT_SWALLOW_ERRORS", True
    )  # Redis down: serve, do not fail closed on pages
    limiter.init_app(app)
    if app.config.get("TESTING"):
        limiter.enabled = False  # tests that measure limits switch them on
    app.add_template_global(csp_nonce, "csp_nonce")

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
        if response.mimetype == "text/html":
            headers.setdefault("Content-Security-Policy", _csp())
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def apply_rate_limits(app: Flask) -> None:
    limits = {**DEFAULT_RATE_LIMITS, **app.config.get("RATE_LIMITS", {})}
    for endpoint, rule in limits.items():
        if endpoint not in app.view_functions:
            raise KeyError(f"rate limit for unknown endpoint {endpoint!r}")
        app.view_functions[endpoint] = limiter.limit(rule)(app.view_functions[endpoint])
