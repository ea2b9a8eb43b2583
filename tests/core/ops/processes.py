"""Start Pansuk's entry points in a child process with a chosen environment,
as a deployer's shell or a container would."""

from __future__ import annotations

import os
import subprocess
import sys

from cryptography.fernet import Fernet

# A key a production start accepts (long, not a placeholder); the tests'
# databases set up by `pansuk setup-database` store its binding key.
GOOD_SECRET_KEY = "k3Jq9vX2mN8pL5tR7wY4zB6cD1fG0hJ2sA9eU3iO5uQ"
GOOD_SECRETS_KEYS = Fernet.generate_key().decode()
CLEARED = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SECRETS_KEYS", "PANSUK_ENV",
           "PAYMENTS_FAKE_GATEWAY", "APP_DB_ROLE", "APP_DB_PASSWORD", "TRUSTED_PROXY_HOPS")


def environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(settings)
    return env


def production(**settings: str) -> dict[str, str]:
    """A production environment that passes the secret checks unless overridden."""
    defaults = {"PANSUK_ENV": "production", "SECRET_KEY": GOOD_SECRET_KEY,
                "SECRETS_KEYS": GOOD_SECRETS_KEYS}
    return environment(**{**defaults, **settings})


def run(args: list[str], env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)


def pansuk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "core.cli", *args], env)


def serve(env: dict[str, str]) -> subprocess.CompletedProcess:
    """What gunicorn's worker does first: import core.wsgi."""
    return run([sys.executable, "-c", "import core.wsgi"], env)


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr
