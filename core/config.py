"""Settings from the environment.

The embedded default needs nothing but Python: SQLite in ``instance/`` and Celery
tasks run eagerly. Set ``DATABASE_URL`` and ``REDIS_URL`` for PostgreSQL and a
real broker.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

from core import map_tiles

ROOT = Path(__file__).resolve().parent.parent


def _normalise_db_url(url: str) -> str:
    # Accept the common "postgres://" and "postgresql://" spellings and use psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    # A stable per-checkout key for the embedded default, so sessions survive restarts.
    path = ROOT / "instance" / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


class ConfigError(ValueError):
    """A setting from the environment that is missing or does not parse; the
    message names the variable and what it should be."""


def _count(name: str, raw: str | None, default: int = 0) -> int:
    """A whole number of at least zero, or the start fails naming the setting."""
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must be 0 or more, not {value}")
    return value


ENVIRONMENTS = ("development", "production")


def _environment(raw: str | None) -> str:
    value = (raw or "development").strip().lower()
    if value not in ENVIRONMENTS:
        raise ConfigError(f"PANSUK_ENV must be one of {', '.join(ENVIRONMENTS)}, not {raw!r}")
    return value


def _database_url(raw: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = _normalise_db_url(raw.strip())
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        parsed = None
    if parsed is None or parsed.drivername not in ("postgresql+psycopg", "sqlite"):
        raise ConfigError(
            "DATABASE_URL must look like postgresql://user:password@host:5432/name"
            " or sqlite:////path/to/pansuk.db (special characters in the password"
            " written as %XX)"
        )
    return url


def _redis_url(raw: str | None) -> str | None:
    if raw is None or raw.strip() == "":
        return None
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"REDIS_URL must look like redis://host:6379/0, not {raw!r}")
    return raw


def _json_object(name: str, raw: str | None) -> dict:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise ConfigError(f'{name} must be a JSON object such as {{"auth.login": "5 per minute"}}')
    return value
def _secrets_keys() -> str:
    keys = os.environ.get("SECRETS_KEYS")
    if keys:
        return keys
    # The embedded default: one Fernet key kept beside the secret key (core.secret_encryption).
    path = ROOT / "instance" / "secrets_keys"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"))
        path.chmod(0o600)
    return path.read_text().strip()
_MAIL_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _mail_security(raw: str | None, has_login: bool) -> str:
    value = (raw or "").strip().lower() or ("starttls" if has_login else "none")
    if value not in _MAIL_PORTS:
        raise ValueError(f"MAIL_SECURITY must be starttls, ssl or none, not {raw!r}")
    return value


def _tristate(value: str | None) -> bool | None:
    if value is None or value.strip() == "":
        return None
    return value.strip() == "1"


class Config:
    def __init__(self, **overrides):
        env = os.environ
        # "production" refuses to start unsafe (core.ops.startup); `pansuk check` lists why.
        self.PANSUK_ENV = _environment(env.get("PANSUK_ENV"))
        self.PRODUCTION = self.PANSUK_ENV == "production"
        # Whether the two keys came from the environment, not from instance/.
        self.SECRET_KEY_GIVEN = bool(overrides.get("SECRET_KEY") or env.get("SECRET_KEY"))
        self.SECRETS_KEYS_GIVEN = bool(overrides.get("SECRETS_KEYS") or env.get("SECRETS_KEYS"))
        # Serving processes check at start that their database role is bound by
        # row-level security; the command line, the owner's tool, does not.
        self.CHECK_DATABASE_ROLE_AT_START = True
        # Free space below these for UPLOAD_DIR: a warning, a problem (pansuk check).
        self.UPLOAD_WARN_FREE_MB = _count("UPLOAD_WARN_FREE_MB", env.get("UPLOAD_WARN_FREE_MB"), 1024)
        self.UPLOAD_MIN_FREE_MB = _count("UPLOAD_MIN_FREE_MB", env.get("UPLOAD_MIN_FREE_MB"), 100)
        self.SECRET_KEY = overrides.pop("SECRET_KEY", None) or _secret_key()
        default_db = f"sqlite:///{ROOT / 'instance' / 'pansuk.db'}"
        self.SQLALCHEMY_DATABASE_URI = _database_url(env.get("DATABASE_URL") or default_db)
        # No ping per checkout: core.db pings only a connection idle for a while,
        # and connections are renewed every half hour.
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": False, "pool_recycle": 1800}
        self.REDIS_URL = _redis_url(env.get("REDIS_URL"))
        self.CELERY_EAGER = self.REDIS_URL is None
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        # "1": cookies only over TLS; "0": also over plain HTTP; unset: Secure
        # whenever the request came over HTTPS (core.auth.cookies).
        self.SESSION_COOKIE_SECURE = _tristate(env.get("SESSION_COOKIE_SECURE"))
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE is not False
        # A log-in ends after this long without a request, and this long after
        # it started whatever happens (core.auth.sessions).
        self.SESSION_IDLE_MINUTES = _count("SESSION_IDLE_MINUTES", env.get("SESSION_IDLE_MINUTES"), 60)
        self.SESSION_MAX_HOURS = _count("SESSION_MAX_HOURS", env.get("SESSION_MAX_HOURS"), 12)
        self.WTF_CSRF_TIME_LIMIT = None
        self.WTF_CSRF_CHECK_DEFAULT = False  # checked in core.app for forms, skipped for API tokens
        self.BABEL_DEFAULT_LOCALE = "th"
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Bangkok"
        self.LANGUAGES = ("th", "en")
        # Rate limits (core.security); benchmarks measuring one client's load switch them off.
        self.RATELIMIT_ENABLED = env.get("RATELIMIT_ENABLED", "1") == "1"
        # endpoint -> limit, over core.security.DEFAULT_RATE_LIMITS (a JSON object)
        self.RATE_LIMITS = _json_object("RATE_LIMITS", env.get("RATE_LIMITS"))
        # Reverse proxies in front of the app whose X-Forwarded-* headers are
        # believed (core.security.trust_proxies); 0 believes none.
        self.TRUSTED_PROXY_HOPS = _count("TRUSTED_PROXY_HOPS", env.get("TRUSTED_PROXY_HOPS"))
        self.TRUSTED_PROXY_HOST_HOPS = _count(
            "TRUSTED_PROXY_HOST_HOPS", env.get("TRUSTED_PROXY_HOST_HOPS")
        )
        self.TRUSTED_PROXY_PREFIX_HOPS = _count(
            "TRUSTED_PROXY_PREFIX_HOPS", env.get("TRUSTED_PROXY_PREFIX_HOPS")
        )
        self.MAX_CONTENT_LENGTH = _count("MAX_CONTENT_LENGTH", env.get("MAX_CONTENT_LENGTH"), 10 * 1024 * 1024)
        self.UPLOAD_DIR = env.get("UPLOAD_DIR", str(ROOT / "instance" / "uploads"))
        # Guessing passwords (core.auth.lockout): wrong passwords for one
        # account from one address lock that pair; from anywhere, they slow
        # the account down with a growing delay.
        self.LOGIN_MAX_FAILURES = _count("LOGIN_MAX_FAILURES", env.get("LOGIN_MAX_FAILURES"), 5)
        self.LOGIN_LOCK_MINUTES = _count("LOGIN_LOCK_MINUTES", env.get("LOGIN_LOCK_MINUTES"), 15)
        self.LOGIN_THROTTLE_AFTER = _count("LOGIN_THROTTLE_AFTER", env.get("LOGIN_THROTTLE_AFTER"), 10)
        self.LOGIN_THROTTLE_MAX_SECONDS = _count("LOGIN_THROTTLE_MAX_SECONDS", env.get("LOGIN_THROTTLE_MAX_SECONDS"), 300)
        # The site's public address (https://pansuk.example.org), for links
        # printed by the command line (one-time password codes).
        self.BASE_URL = env.get("BASE_URL", "")
        # Email over SMTP (core.notifications.email): MAIL_SECURITY is
        # "starttls", "ssl" (implicit TLS, port 465) or "none"; with
        # MAIL_USERNAME set the server is logged in to with MAIL_PASSWORD.
        self.MAIL_SERVER = env.get("MAIL_SERVER") or None
        self.MAIL_SECURITY = _mail_security(env.get("MAIL_SECURITY"), bool(env.get("MAIL_USERNAME")))
        self.MAIL_PORT = _count("MAIL_PORT", env.get("MAIL_PORT") or str(_MAIL_PORTS.get(self.MAIL_SECURITY, 25)))
        self.MAIL_USERNAME = env.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD") or None
        self.MAIL_FROM = env.get("MAIL_FROM", "pansuk@localhost")
        self.MAIL_TIMEOUT = _count("MAIL_TIMEOUT", env.get("MAIL_TIMEOUT") or "10") or 10
        # A CA bundle to trust for the mail server's certificate (a private CA);
        # by default the system's.
        self.MAIL_CA_FILE = env.get("MAIL_CA_FILE") or None
        self.NOTIFY_EMAIL_BACKEND = env.get("NOTIFY_EMAIL_BACKEND", "smtp")
        self.STRIPE_SECRET_KEY = env.get("STRIPE_SECRET_KEY") or None
        self.STRIPE_WEBHOOK_SECRET = env.get("STRIPE_WEBHOOK_SECRET") or None
        # Provider secrets at rest (core.secret_encryption) and where tenant URLs may point (core.outbound).
        self.SECRETS_KEYS = overrides.pop("SECRETS_KEYS", None) or _secrets_keys()
        self.OUTBOUND_ALLOWED_HOSTS = env.get("OUTBOUND_ALLOWED_HOSTS", "")
        # The fake payment gateway (a page where "pay" is a button): tests and the demo only.
        self.PAYMENTS_FAKE_GATEWAY = env.get("PAYMENTS_FAKE_GATEWAY", "0") == "1"
        # The maps' background tiles (core.map_tiles): empty for none.
        self.MAP_TILE_URL = env.get("MAP_TILE_URL", map_tiles.OSM_TILES)
        self.MAP_TILE_ATTRIBUTION = env.get("MAP_TILE_ATTRIBUTION", map_tiles.OSM_ATTRIBUTION)
        # flask-smorest / OpenAPI
        self.API_TITLE = "Pansuk API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api/v1"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.TESTING = False
        for key, value in overrides.items():
            setattr(self, key, value)

    @property
    def is_postgres(self) -> bool:
        return self.SQLALCHEMY_DATABASE_URI.startswith("postgresql")
