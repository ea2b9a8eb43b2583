"""What is wrong or risky in a deployment's configuration.

Each check returns :class:`Finding` rows: a *problem* is something the
service must not run with (``pansuk check`` exits 1; in production the
serving processes refuse to start on the ones :func:`start_problems` lists),
a *warning* something that works but should be looked at. Every text says
what to set or do, and none of them carries a traceback.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa

PROBLEM = "problem"
WARNING = "warning"

# Values that have been published (examples, the build, the tests): never a key.
PLACEHOLDER_SECRETS = frozenset(
    {"", "change-me", "changeme", "secret", "dev", "development", "build-only", "test-secret",
     "pansuk", "pansuk-demo-2569", "please-change-me"}
)
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class Finding:
    level: str
    topic: str
    text: str

    def line(self) -> str:
        return f"{self.level}: [{self.topic}] {self.text}"


def _problem(topic: str, text: str) -> Finding:
    return Finding(PROBLEM, topic, text)


def _warning(topic: str, text: str) -> Finding:
    return Finding(WARNING, topic, text)


# --- what refuses a production start -------------------------------------------


def secret_findings(config: Mapping) -> list[Finding]:
    production = bool(config.get("PRODUCTION"))
    found = []
    key = str(config.get("SECRET_KEY") or "")
    if not config.get("SECRET_KEY_GIVEN"):
        text = ("SECRET_KEY is not set (a key generated into instance/ is used): set SECRET_KEY"
                " to a long random value, e.g. the output of"
                " python -c 'import secrets; print(secrets.token_urlsafe(48))'")
        found.append(_problem("secrets", text) if production else _warning("secrets", text))
    elif key.strip().lower() in PLACEHOLDER_SECRETS or key.startswith("change-me"):
        found.append(_problem("secrets", "SECRET_KEY is a published placeholder: set a long random value"))
    elif len(key) < MIN_SECRET_LENGTH:
        found.append(_problem("secrets", f"SECRET_KEY is shorter than {MIN_SECRET_LENGTH} characters:"
                                         " set a long random value"))
    if not config.get("SECRETS_KEYS_GIVEN"):
        text = ("SECRETS_KEYS is not set (a key generated into instance/ is used, and provider"
                " secrets stored with it are lost with that folder): set SECRETS_KEYS, e.g. to the"
                " output of python -c 'from cryptography.fernet import Fernet;"
                " print(Fernet.generate_key().decode())'")
        found.append(_problem("secrets", text) if production else _warning("secrets", text))
    else:
        from cryptography.fernet import Fernet

        try:
            for part in str(config.get("SECRETS_KEYS")).split(","):
                Fernet(part.strip())
        except ValueError:
            found.append(_problem("secrets", "SECRETS_KEYS holds a value that is not a Fernet key"
                                             " (32 url-safe base64-encoded bytes)"))
    return found


def gateway_findings(config: Mapping) -> list[Finding]:
    if not config.get("PAYMENTS_FAKE_GATEWAY"):
        return []
    text = ("PAYMENTS_FAKE_GATEWAY=1: the fake gateway marks payments paid at the press of a"
            " button; unset it (tests and the demo only)")
    return [_problem("payments", text) if config.get("PRODUCTION") else _warning("payments", text)]


def database_findings(engine: sa.engine.Engine, config: Mapping) -> list[Finding]:
    """Reach the database and check that row-level security binds its role."""
    from core.tenancy import rls

    production = bool(config.get("PRODUCTION"))
    if engine.dialect.name != "postgresql":
        text = ("the database is SQLite: row-level security needs PostgreSQL; set DATABASE_URL"
                " to postgresql://app-role:password@host:5432/name")
        return [_problem("database", text) if production else _warning("database", text)]
    try:
        with engine.connect() as conn:
            problems = rls.wall_problems(conn)
    except sa.exc.OperationalError as exc:
        return [_problem("database", unreachable_database(engine.url, exc))]
    except sa.exc.ProgrammingError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return [_problem("database", f"the database answered with an error ({reason}):"
                                     " has `pansuk setup-database` run as the owner?")]
    return [_problem("role", p) for p in problems]


def unreachable_database(url: sa.engine.URL, exc: Exception) -> str:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    where = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database}"
    return (f"cannot reach the database at {where} as {url.username}"
            f" ({reason[0] if reason else type(exc).__name__}): check DATABASE_URL"
            " (host, port, role, password) and that PostgreSQL is running")


def broker_findings(config: Mapping) -> list[Finding]:
    url = config.get("REDIS_URL")
    if not url:
        text = ("REDIS_URL is not set: tasks run inside the web process and each worker counts"
                " rate limits on its own; set REDIS_URL=redis://host:6379/0")
        return [_warning("redis", text)]
    import redis

    try:
        with redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3) as client:
            client.ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        parts = urlsplit(url)
        where = f"{parts.hostname or 'localhost'}:{parts.port or 6379}"
        return [_problem("redis", f"cannot reach Redis at {where} ({exc}): check REDIS_URL and"
                                  " that Redis is running")]
    return []


def start_problems(app) -> list[Finding]:
    """The problems a production web, worker or beat refuses to start with."""
    config = app.config
    found = [*secret_findings(config), *gateway_findings(config)]
    if config.get("CHECK_DATABASE_ROLE_AT_START", True):
        from core.db import db

        with app.app_context():
            found += database_findings(db.engine, config)
    found += broker_findings(config)
    return [f for f in found if f.level == PROBLEM]


# --- the rest of `pansuk check` -----------------------------------------------------


def mail_findings(config: Mapping) -> list[Finding]:
    if config.get("NOTIFY_EMAIL_BACKEND") == "memory":
        return [_warning("mail", "NOTIFY_EMAIL_BACKEND=memory: email is kept in the process,"
                                 " never sent (tests only)")]
    server = config.get("MAIL_SERVER")
    if not server:
        return [_warning("mail", "MAIL_SERVER is not set: no email can be sent (password resets"
                                 " and notifications by email wait); set MAIL_SERVER and MAIL_PORT")]
    found = []
    sender = str(config.get("MAIL_FROM") or "")
    if not sender or sender.endswith("@localhost"):
        found.append(_warning("mail", f"MAIL_FROM is {sender!r}: set the address mail comes from"))
    port = int(config.get("MAIL_PORT") or 25)
    if not _reachable(server, port):
        found.append(_warning("mail", f"cannot open a connection to the mail server {server}:{port}:"
                                      " check MAIL_SERVER and MAIL_PORT"))
    return found


def sms_findings(config: Mapping) -> list[Finding]:
    url = config.get("SMS_GATEWAY_URL") or os.environ.get("SMS_GATEWAY_URL")
    if not url:
        return [_warning("sms", "SMS_GATEWAY_URL is not set: only organisations that set up"
                                " their own SMS gateway can send SMS")]
    found = []
    if urlsplit(url).scheme != "https":
        found.append(_warning("sms", "SMS_GATEWAY_URL is not https: the token and the numbers"
                                     " travel unencrypted"))
    if not (config.get("SMS_GATEWAY_TOKEN") or os.environ.get("SMS_GATEWAY_TOKEN")):
        found.append(_warning("sms", "SMS_GATEWAY_URL is set without SMS_GATEWAY_TOKEN"))
    return found


def line_findings(config: Mapping) -> list[Finding]:
    base = config.get("LINE_API_BASE") or os.environ.get("LINE_API_BASE")
    if base and urlsplit(base).scheme != "https":
        return [_problem("line", f"LINE_API_BASE is {base!r}: LINE's API is reached over https;"
                                 " unset it for https://api.line.me")]
    return []


def stripe_findings(config: Mapping) -> list[Finding]:
    key, hook = config.get("STRIPE_SECRET_KEY"), config.get("STRIPE_WEBHOOK_SECRET")
    if not key and not hook:
        return []
    found = []
    if key and not str(key).startswith(("sk_live_", "sk_test_", "rk_live_", "rk_test_")):
        found.append(_problem("stripe", "STRIPE_SECRET_KEY does not look like a Stripe secret key"
                                        " (sk_live_… or rk_live_…)"))
    if key and not hook:
        found.append(_problem("stripe", "STRIPE_SECRET_KEY is set without STRIPE_WEBHOOK_SECRET:"
                                        " payments would never be confirmed; set the webhook's"
                                        " signing secret (whsec_…)"))
    if hook and not key:
        found.append(_warning("stripe", "STRIPE_WEBHOOK_SECRET is set without STRIPE_SECRET_KEY"))
    if key and config.get("PRODUCTION") and "_test_" in str(key):
        found.append(_warning("stripe", "STRIPE_SECRET_KEY is a test key in production"))
    return found


def proxy_findings(config: Mapping) -> list[Finding]:
    if not config.get("PRODUCTION"):
        return []
    found = []
    if not config.get("TRUSTED_PROXY_HOPS"):
        found.append(_warning("proxy", "TRUSTED_PROXY_HOPS=0: behind a reverse proxy every visitor"
                                       " shares the proxy's address (rate limits) and HTTPS is not"
                                       " seen; set TRUSTED_PROXY_HOPS=1 behind one proxy"))
    if config.get("SESSION_COOKIE_SECURE") is False:
        found.append(_warning("proxy", "SESSION_COOKIE_SECURE=0: log-in cookies also travel over"
                                       " plain HTTP; unset it or set 1"))
    return found


def upload_findings(config: Mapping) -> list[Finding]:
    path = Path(str(config.get("UPLOAD_DIR") or ""))
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    if existing is None or not existing.is_dir():
        return [_problem("uploads", f"UPLOAD_DIR {path} cannot be created: no folder on its way")]
    if not os.access(existing, os.W_OK | os.X_OK):
        return [_problem("uploads", f"UPLOAD_DIR {path} is not writable by this user"
                                    f" (uid {os.getuid()}): fix its owner or permissions")]
    free_mb = shutil.disk_usage(existing).free // (1024 * 1024)
    if free_mb < int(config.get("UPLOAD_MIN_FREE_MB") or 0):
        text = f"only {free_mb} MB free for UPLOAD_DIR {path}: free some space"
        return [_problem("uploads", text) if config.get("PRODUCTION") else _warning("uploads", text)]
    if free_mb < int(config.get("UPLOAD_WARN_FREE_MB") or 0):
        return [_warning("uploads", f"only {free_mb} MB free for UPLOAD_DIR {path}")]
    return []


def static_findings(app) -> list[Finding]:
    from core.vendor_assets import missing

    gone = missing(app)
    if not gone:
        return []
    return [_warning("static", f"front-end files not built ({', '.join(gone)}): the plot map shows"
                               " only the list and the camera QR reader is off; run `make install`"
                               " (npm ci) or rebuild the image")]


def all_findings(app) -> list[Finding]:
    """Everything ``pansuk check`` reports."""
    from core.db import db

    config = app.config
    with app.app_context():
        database = database_findings(db.engine, config)
    return [
        *secret_findings(config),
        *gateway_findings(config),
        *database,
        *broker_findings(config),
        *mail_findings(config),
        *sms_findings(config),
        *line_findings(config),
        *stripe_findings(config),
        *proxy_findings(config),
        *upload_findings(config),
        *static_findings(app),
    ]


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False
