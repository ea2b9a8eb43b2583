"""Settings from the environment.

The embedded default needs nothing but Python: SQLite in ``instance/`` and Celery
tasks run eagerly. Set ``DATABASE_URL`` and ``REDIS_URL`` for PostgreSQL and a
real broker.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

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


class Config:
    def __init__(self, **overrides):
        env = os.environ
        self.SECRET_KEY = overrides.pop("SECRET_KEY", None) or _secret_key()
        default_db = f"sqlite:///{ROOT / 'instance' / 'pansuk.db'}"
        self.SQLALCHEMY_DATABASE_URI = _normalise_db_url(env.get("DATABASE_URL", default_db))
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.REDIS_URL = env.get("REDIS_URL") or None
        self.CELERY_EAGER = self.REDIS_URL is None
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env.get("SESSION_COOKIE_SECURE", "0") == "1"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.WTF_CSRF_TIME_LIMIT = None
        self.WTF_CSRF_CHECK_DEFAULT = False  # checked in core.app for forms, skipped for API tokens
        self.BABEL_DEFAULT_LOCALE = "th"
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Bangkok"
        self.LANGUAGES = ("th", "en")
        # Rate limits (core.security); benchmarks measuring one client's load switch them off.
        self.RATELIMIT_ENABLED = env.get("RATELIMIT_ENABLED", "1") == "1"
        self.MAX_CONTENT_LENGTH = int(env.get("MAX_CONTENT_LENGTH", 10 * 1024 * 1024))
        self.UPLOAD_DIR = env.get("UPLOAD_DIR", str(ROOT / "instance" / "uploads"))
        self.LOGIN_MAX_FAILURES = 5
        self.LOGIN_LOCK_MINUTES = 15
        self.MAIL_SERVER = env.get("MAIL_SERVER") or None
        self.MAIL_PORT = int(env.get("MAIL_PORT", 25))
        self.MAIL_FROM = env.get("MAIL_FROM", "pansuk@localhost")
        self.NOTIFY_EMAIL_BACKEND = env.get("NOTIFY_EMAIL_BACKEND", "smtp")
        self.STRIPE_SECRET_KEY = env.get("STRIPE_SECRET_KEY") or None
        self.STRIPE_WEBHOOK_SECRET = env.get("STRIPE_WEBHOOK_SECRET") or None
        # The fake payment gateway (a page where "pay" is a button): tests and the demo only.
        self.PAYMENTS_FAKE_GATEWAY = env.get("PAYMENTS_FAKE_GATEWAY", "0") == "1"
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
