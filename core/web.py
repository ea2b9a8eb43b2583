"""Cross-cutting web concerns: CSRF, errors in the user's language, the home
page, language switching and the health check."""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from core import clock
from core.boundary import abandon, writes
from core.errors import N_, DomainError, ValidationError
from core.extensions import csrf
from core.health import ping_database

log = logging.getLogger(__name__)
bp = Blueprint("web", __name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def csrf_exempt(view):
    """Mark a view (e.g. a signed webhook) as exempt from the CSRF check."""
    view.csrf_exempt = True
    return view


def _check_csrf():
    if request.method in SAFE_METHODS:
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and getattr(view, "csrf_exempt", False):
        return
    if request.path.startswith("/api/") and not current_user.is_authenticated:
        # No session and no valid token: nothing to forge; the API answers
        # 401 (core.api_auth) instead of a CSRF error.
        return
    if request.headers.get("Authorization", "").startswith("Bearer "):
        # Token-authenticated API calls carry no cookie, so no CSRF risk; the
        # token itself is checked by the request loader (core.auth.tokens).
        if current_user.is_authenticated and g.get("api_token") is not None:
            return
    csrf.protect()


BIGINT_MAX = 2**63 - 1


def _refuse_impossible_ids():
    """An id beyond the database's bigint names no row: 404, not a query error."""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and not -BIGINT_MAX <= value <= BIGINT_MAX:
            abort(404)


def _refuse_nul_bytes():
    """No person types a NUL byte; PostgreSQL cannot store one. Refuse it at the
    door with a 400 instead of failing deep inside a query. Other invisible
    controls and bidirectional overrides (text that displays other than it
    reads) are refused the same way, with a message, and logged."""
    from core.text import has_forbidden, walk_strings

    values = [*request.args.values(), request.path]
    if request.method not in SAFE_METHODS:
        if request.mimetype == "application/json":
            raw = request.get_data(cache=True)
            if b"\x00" in raw or b"\\u0000" in raw:
                abort(400)
            try:
                values += list(walk_strings(request.get_json(silent=True)))
            except RecursionError:  # nested past what the parser takes: malformed
                abort(400)
        elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values += list(request.form.values())
    if any("\x00" in v for v in values):
        abort(400)
    if any(has_forbidden(v) for v in values):
        logging.getLogger("pansuk.security").warning(
            "refused invisible control characters: %s %s", request.method, request.path
        )
        raise InvisibleCharacters()


class InvisibleCharacters(ValidationError):
    code = "invisible_characters"
    status = 400
    message = N_(
        "The text contains invisible control characters (such as a right-to-left override). Please type it again."
    )


def _error_payload(code: str, message: str, status: int, field: str | None = None):
    body = {"error": {"code": code, "message": message, "status": status}}
    if field:
        body["error"]["field"] = field
    return body


def _render_error(status: int, code: str, message: str, field: str | None = None):
    if wants_json():
        return jsonify(_error_payload(code, message, status, field)), status
    return render_template("errors/error.html", status=status, code=code, message=message), status


def handle_domain_error(exc: DomainError):
    abandon()
    message = exc.translated()
    details = getattr(exc, "details", None)
    if details and wants_json():
        body = _error_payload(exc.code, message, exc.status, exc.field)
        body["error"]["details"] = details
        return jsonify(body), exc.status
    return _render_error(exc.status, exc.code, message, exc.field)


def handle_data_error(exc: Exception):
    """The database refused a value as data (a number beyond bigint, say):
    bad input, answered as such and logged, with nothing written."""
    abandon()
    logging.getLogger("pansuk.security").warning(
        "refused out-of-range input: %s %s", request.method, request.path
    )
    return _render_error(422, "out_of_range", _("A number or value is out of the allowed range."))


def handle_http_error(exc: HTTPException):
    if exc.code and exc.code >= 500:
        abandon()
    messages = {
        400: _("The request could not be understood."),
        401: _("Please log in."),
        403: _("You do not have permission to see this page."),
        404: _("We could not find that page."),
        405: _("That action is not allowed here."),
        413: _("The file or form is too large."),
    }
    message = messages.get(exc.code, exc.description or "")
    if exc.code == 400 and getattr(exc, "description", "").startswith("The CSRF"):
        message = _("The form has expired. Please reload the page and try again.")
        return _render_error(400, "csrf", message)
    code = {404: "not_found", 403: "forbidden", 401: "unauthorised"}.get(exc.code, "http_error")
    field_messages = (getattr(exc, "data", None) or {}).get("messages")
    if exc.code in (400, 422) and field_messages and wants_json():  # request validation (webargs)
        from core.api.messages import translate_tree

        if exc.code == 422:
            code, message = "invalid", _("Please check the highlighted fields")
        body = _error_payload(code, message, exc.code)
        body["error"]["fields"] = translate_tree(field_messages)
        return jsonify(body), exc.code
    return _render_error(exc.code or 500, code, message)


def handle_too_many_requests(exc: HTTPException):
    """A rate limit (core.security) said "not yet": 429 in the person's
    language with how long to wait, and ``Retry-After`` in seconds."""
    from flask_babel import format_timedelta

    from core.security import retry_after_seconds

    wait = retry_after_seconds()
    message = _(
        "Too many attempts from your connection. Please wait %(wait)s and try again.",
        wait=format_timedelta(timedelta(seconds=wait)),
    )
    if wants_json():
        body = _error_payload("rate_limited", message, 429)
        body["error"]["retry_after"] = wait
        response = jsonify(body)
    else:
        response = make_response(render_template("errors/429.html", message=message))
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def handle_unexpected(exc: Exception):
    log.exception("unhandled error")
    abandon()
    return _render_error(
        500, "server_error", _("Something went wrong on our side. Please try again.")
    )


@bp.get("/")
def home():
    from core.tenancy.queries import public_tenants

    if current_user.is_authenticated:
        memberships = [m for m in current_user.memberships if m.active]
        if len(memberships) == 1:
            return redirect(url_for("tenancy.landing", slug=memberships[0].tenant.slug))
    return render_template("home.html", tenants=public_tenants())


@bp.post("/lang/<code>")
@csrf_exempt
@writes
def set_language(code: str):
    """Switch the language and go back to a page of this site: the form's
    ``next``, else the referring page.

    A visitor who is not signed in gets the switch without a CSRF token, so
    that a public page mints no session for them (and can be cached): forging
    it can only change the visitor's own language. A signed-in member's switch
    also changes their account, so theirs is CSRF-checked."""
    from core.i18n.locale import SUPPORTED
    from core.redirects import from_referrer, local_path

    if current_user.is_authenticated:
        csrf.protect()
    if code in SUPPORTED:
        session["lang"] = code
        if current_user.is_authenticated and current_user.lang != code:
            current_user.lang = code
    target = local_path(request.form.get("next")) or from_referrer(
        request.referrer, request.host
    )
    return redirect(target or url_for("web.home"))


@bp.get("/healthz")
def healthz():
    status = {"database": "ok", "broker": "eager"}
    healthy = True
    try:
        ping_database()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        status["database"] = f"error: {type(exc).__name__}"
        healthy = False
    finally:
        abandon()
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        try:
            import redis

            with redis.Redis.from_url(redis_url, socket_connect_timeout=2) as client:
                client.ping()
            status["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            status["broker"] = f"error: {type(exc).__name__}"
            healthy = False
    status["status"] = "ok" if healthy else "unavailable"
    return jsonify(status), 200 if healthy else 503


def init_app(app: Flask) -> None:
    from core.tenancy import web as tenancy_web

    tenancy_web.init_app(app)
    app.before_request(_refuse_nul_bytes)
    app.before_request(_refuse_impossible_ids)
    app.before_request(_check_csrf)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(429, handle_too_many_requests)  # rate limits included
    app.register_error_handler(sa.exc.DataError, handle_data_error)
    app.register_error_handler(OverflowError, handle_data_error)  # SQLite: int too large to bind
    app.register_error_handler(Exception, handle_unexpected)
    app.register_blueprint(bp)

    from core.tenancy.labels import role_label, tenant_kind

    app.add_template_filter(tenant_kind, "tenant_kind")
    app.add_template_filter(role_label, "role_label")

    from core import templating

    templating.init_app(app)

    @app.context_processor
    def _globals():
        from flask_babel import get_locale


        locale = get_locale()
        return {
            "today": clock.today(),
            "get_locale": get_locale,
            "lang": locale.language if locale else "th",
        }
