"""Web hardening: security headers with a per-request CSP nonce, the real
client behind trusted reverse proxies, and rate limits on the endpoints that
invite guessing.

**Trusted proxies.** Behind a reverse proxy every request comes from the
proxy's address over plain HTTP. ``TRUSTED_PROXY_HOPS`` says how many proxies
stand in front of the application; Werkzeug's ``ProxyFix`` then takes the
client's address from ``X-Forwarded-For`` and the scheme from
``X-Forwarded-Proto``, counting that many entries from the right (the ones
the trusted proxies appended), so whatever a client wrote into those headers
itself is never believed. With 0 (the default) no header is believed: the
address is the socket's, and HSTS is sent only on a real HTTPS connection.
``X-Forwarded-Host``/``-Port`` and ``-Prefix`` have their own counts
(``TRUSTED_PROXY_HOST_HOPS``, ``TRUSTED_PROXY_PREFIX_HOPS``, default 0),
because a proxy that does not overwrite them would let a client choose the
host name of the links the application writes.

**Rate limits.** Flask-Limiter, keyed by the account of a logged-in person
and by the client's address otherwise (an IPv6 client by its /64, which one
subscriber holds whole). Each endpoint in
:data:`DEFAULT_RATE_LIMITS` gets its limit, optionally for some methods only
(showing the log-in form does not count, submitting it does); the
``RATE_LIMITS`` setting changes or adds entries (see :func:`rules`). An
entry naming an endpoint that does not exist, or a limit that does not
parse, fails the start.

The counts live in Redis when ``REDIS_URL`` is set, shared by every worker
and server. **Without ``REDIS_URL`` they live in each worker process's
memory**: with four gunicorn workers a client gets up to four times each
limit, and a restart forgets them. Each process then logs a warning at its
first request (an error with ``PANSUK_ENV=production``); production needs
Redis. If Redis stops answering, requests are
served without limits rather than refused.

A client over a limit gets a 429 page in its language saying how long to
wait, with ``Retry-After`` (``core.web.handle_too_many_requests``), or a JSON
error under ``/api/``.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import os
import secrets
import time
from dataclasses import dataclass

from flask import Flask, g, request
from flask_limiter import Limiter
from limits import parse_many

log = logging.getLogger("pansuk.security")


def client_address() -> str:
    """Who the limits count: the client's address as the trusted proxies
    reported it (see :func:`trust_proxies`); an IPv6 address stands for its
    /64, since whoever holds one address of it can use any other."""
    raw = request.remote_addr or "127.0.0.1"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def client_key() -> str:
    """Whom a limit counts: a logged-in person by their account (the desks of
    a goods centre share one address behind its router, and a borrowed
    session counts as its owner wherever it is used from), anyone else by
    :func:`client_address`."""
    from flask_login import current_user

    user_id = getattr(current_user, "id", None) if current_user.is_authenticated else None
    return f"user:{user_id}" if user_id is not None else client_address()


limiter = Limiter(key_func=client_key, default_limits=[])


@dataclass(frozen=True)
class Rule:
    """A limit in Flask-Limiter's syntax (``10 per minute;100 per hour``) and
    the methods it counts (every method when empty)."""

    limit: str
    methods: tuple[str, ...] = ()


POST = ("POST",)

# endpoint -> rule; applied after every blueprint is registered, and an
# endpoint that does not exist fails the start.
DEFAULT_RATE_LIMITS: dict[str, Rule] = {
    # log-in and claiming an account with a code: submitting counts, the form does not
    "auth.login": Rule("10 per minute;100 per hour", POST),
    "auth.claim": Rule("5 per minute;30 per hour", POST),
    # registering tells whether a phone or email has an account; changing the
    # password checks the current one (a borrowed session must not guess it)
    "auth.register": Rule("10 per minute;50 per hour", POST),
    "auth.change_password": Rule("10 per minute;50 per hour", POST),
    # one-time password codes: typing one (guessing is also counted per
    # account and address, core.auth.password_codes), asking for one to be
    # sent (each sends an email or an SMS), staff issuing them
    "auth.password_reset": Rule("5 per minute;20 per hour", POST),
    "auth.forgot_password": Rule("3 per minute;10 per hour", POST),
    "auth.issue_reset_code": Rule("10 per minute;60 per hour", POST),
    # coupon look-up by typed code, scanned token or the API
    "market.redeem_desk": Rule("60 per minute"),
    "market.coupon_qr": Rule("60 per minute"),
    "market_coupons_api.Lookup": Rule("60 per minute", POST),
    # bookings: booking for a household by its code, finding a booking by its
    # short code at the desk or in the API, check-in, the booking's token pages
    "market.book_slot": Rule("30 per minute", POST),
    "market.queue_desk": Rule("60 per minute", POST),
    "market_rounds_api.ByCode": Rule("60 per minute", POST),
    "market.check_in": Rule("60 per minute"),
    "market_rounds_api.CheckIn": Rule("60 per minute", POST),
    "market.booking_page": Rule("60 per minute"),
    "market.booking_ics": Rule("60 per minute"),
    # public pages behind an unguessable token
    "producers_public.qr_page": Rule("120 per minute"),
    "producers.my_reservation": Rule("60 per minute"),
}

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _rule(endpoint: str, value, default: Rule | None) -> Rule | None:
    """One ``RATE_LIMITS`` value: ``"5 per minute"`` keeps the default's
    methods, ``"POST: 5 per minute"`` names them, ``""`` or ``null`` switches
    the endpoint's limit off."""
    if value is None or value == "":
        return None
    if isinstance(value, Rule):
        return value
    if not isinstance(value, str):
        raise ValueError(f"rate limit for {endpoint!r} must be text, not {value!r}")
    methods = default.methods if default else ()
    if ":" in value:
        head, value = value.split(":", 1)
        methods = tuple(m.strip().upper() for m in head.split(",") if m.strip())
        if not methods or not set(methods) <= _METHODS:
            raise ValueError(f"rate limit for {endpoint!r} names unknown methods {head!r}")
    limit = value.strip()
    try:
        parse_many(limit)
    except ValueError:
        raise ValueError(f"rate limit for {endpoint!r} does not parse: {limit!r}") from None
    return Rule(limit, methods)


def rules(overrides: dict | None = None) -> dict[str, Rule]:
    """The defaults with the ``RATE_LIMITS`` setting laid over them."""
    merged: dict[str, Rule] = dict(DEFAULT_RATE_LIMITS)
    for endpoint, value in (overrides or {}).items():
        rule = _rule(endpoint, value, DEFAULT_RATE_LIMITS.get(endpoint))
        if rule is None:
            merged.pop(endpoint, None)
        else:
            merged[endpoint] = rule
    return merged


def apply_rate_limits(app: Flask) -> None:
    limits = rules(app.config.get("RATE_LIMITS"))
    unknown = sorted(set(limits) - set(app.view_functions))
    if unknown:  # checked before any view is wrapped
        raise KeyError(f"rate limit for unknown endpoint {', '.join(map(repr, unknown))}")
    for endpoint, rule in limits.items():
        decorate = limiter.limit(rule.limit, methods=list(rule.methods) or None)
        app.view_functions[endpoint] = decorate(app.view_functions[endpoint])


def retry_after_seconds(default: int = 60) -> int:
    """Seconds until the limit this request broke lets the client in again."""
    current = limiter.current_limit if limiter.enabled else None
    if current is None:
        return default
    return max(1, math.ceil(current.reset_at - time.time()))


def trust_proxies(app: Flask) -> None:
    """Believe the ``X-Forwarded-*`` headers of as many proxies as configured
    (none by default); see the module's docstring."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = {
        name: int(app.config.get(name) or 0)
        for name in ("TRUSTED_PROXY_HOPS", "TRUSTED_PROXY_HOST_HOPS", "TRUSTED_PROXY_PREFIX_HOPS")
    }
    for name, value in hops.items():
        if value < 0:
            raise ValueError(f"{name} must be 0 or more, not {value}")
    if not any(hops.values()):
        return
    host = hops["TRUSTED_PROXY_HOST_HOPS"]
    app.wsgi_app = ProxyFix(
        app.wsgi_app,
        x_for=hops["TRUSTED_PROXY_HOPS"],
        x_proto=hops["TRUSTED_PROXY_HOPS"],
        x_host=host,
        x_port=host,
        x_prefix=hops["TRUSTED_PROXY_PREFIX_HOPS"],
    )
    log.info("trusting X-Forwarded-* headers of %s", hops)


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _csp() -> str:
    from flask import current_app

    from core.map_tiles import csp_source

    tiles = csp_source(current_app.config.get("MAP_TILE_URL"))  # the maps' background
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:" + (f" {tiles}" if tiles else ""),
            "media-src 'self' blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self' https://checkout.stripe.com",
            "frame-ancestors 'none'",
        )
    )


def _per_process_warning(app: Flask):
    """A hook that warns once per process, at its first request (so commands
    that serve nothing stay quiet), when limits are counted in memory."""
    if app.config.get("TESTING") or not app.config.get("RATELIMIT_ENABLED", True):
        return None
    if not str(app.config["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        return None
    production = (app.config.get("PANSUK_ENV") or os.environ.get("PANSUK_ENV")) == "production"
    warned: list[bool] = []

    def warn() -> None:
        if warned:
            return
        warned.append(True)
        log.log(
            logging.ERROR if production else logging.WARNING,
            "rate limits are counted in this worker process's memory (no REDIS_URL): each "
            "worker counts on its own and a restart forgets the counts; set REDIS_URL%s",
            " (required in production)" if production else " to share them",
        )

    return warn


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault(
        "RATELIMIT_SWALLOW_ERRORS", True
    )  # Redis down: serve, do not fail closed on pages
    limiter.init_app(app)
    if app.config.get("TESTING"):
        limiter.enabled = False  # tests that measure limits switch them on
    warn = _per_process_warning(app)
    if warn is not None:
        app.before_request(warn)
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
        if request.is_secure:  # the scheme a trusted proxy reported, or the socket's
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
