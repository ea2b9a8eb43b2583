"""A production start refuses an unsafe or broken configuration with a
message that names what to fix, never a traceback; `pansuk check` lists every
problem and warning and exits 1 on a problem."""

from __future__ import annotations

import shutil
import socket
import sys

import pytest

from core.ops import checks
from tests.core.ops.processes import (
    GOOD_SECRET_KEY,
    GOOD_SECRETS_KEYS,
    environment,
    output,
    pansuk,
    production,
    run,
    serve,
)

# child processes with settings of their own: whatever the suite runs on, they run once
pytestmark = pytest.mark.own_settings

UNREACHABLE_DB = "postgresql://pansuk_app:x@127.0.0.1:9/pansuk"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _refused(result, *expected: str) -> str:
    text = output(result)
    assert result.returncode == 4, text
    assert "Traceback" not in text, text
    assert "refuses to start" in text or "cannot start" in text, text
    for part in expected:
        assert part in text, f"{part!r} not in:\n{text}"
    return text


@pytest.mark.parametrize(
    "settings, expected",
    [
        ({"SECRET_KEY_GIVEN": False}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY is a published placeholder"),
        ({"SECRET_KEY": "short-but-not-a-placeholder"}, "SECRET_KEY is shorter than 32"),
        ({"SECRETS_KEYS_GIVEN": False}, "SECRETS_KEYS is not set"),
        ({"SECRETS_KEYS": f"{GOOD_SECRETS_KEYS},not-a-fernet-key"}, "SECRETS_KEYS holds a value that is not a Fernet key"),
        ({"PAYMENTS_FAKE_GATEWAY": True}, "PAYMENTS_FAKE_GATEWAY=1"),
    ],
)
def test_production_refuses_missing_or_published_secrets_and_the_fake_gateway(settings, expected):
    config = {"PRODUCTION": True, "SECRET_KEY_GIVEN": True, "SECRETS_KEYS_GIVEN": True,
              "SECRET_KEY": GOOD_SECRET_KEY, "SECRETS_KEYS": GOOD_SECRETS_KEYS}
    assert checks.secret_findings(config) + checks.gateway_findings(config) == []
    config.update(settings)
    found = checks.secret_findings(config) + checks.gateway_findings(config)
    assert [f.level for f in found] == [checks.PROBLEM] and expected in found[0].text
    config["PRODUCTION"] = False  # in development: a warning at most
    assert all(f.level == checks.WARNING for f in checks.secret_findings(config) + checks.gateway_findings(config)
               if "not set" in f.text or "FAKE" in f.text)


def test_a_production_start_names_every_reason_at_once():
    env = production(SECRET_KEY="change-me", SECRETS_KEYS="", PAYMENTS_FAKE_GATEWAY="1",
                     DATABASE_URL=UNREACHABLE_DB)
    _refused(serve(env), "SECRET_KEY is a published placeholder", "SECRETS_KEYS is not set",
             "PAYMENTS_FAKE_GATEWAY=1", "cannot reach the database")


def test_the_same_settings_start_in_development():
    env = environment(SECRET_KEY="change-me", PAYMENTS_FAKE_GATEWAY="1")
    result = serve(env)
    assert result.returncode == 0, output(result)


def test_production_refuses_a_role_that_bypasses_row_level_security(app, owner_database_url):
    if not owner_database_url.startswith("postgresql"):
        pytest.skip("row-level security is PostgreSQL's")
    # the suite's owner is the server's superuser, as the database image's user is
    _refused(serve(production(DATABASE_URL=owner_database_url)), "is superuser", "connect as a plain role")


def test_production_refuses_sqlite():
    _refused(serve(production()), "the database is SQLite")


def test_an_unreachable_database_and_broker_are_named_with_what_to_check():
    env = production(DATABASE_URL=UNREACHABLE_DB, REDIS_URL="redis://127.0.0.1:9/0")
    text = _refused(serve(env), "cannot reach the database at 127.0.0.1:9/pansuk as pansuk_app",
                    "check DATABASE_URL", "cannot reach Redis at 127.0.0.1:9", "check REDIS_URL")
    assert ":x@" not in text, "the password is never printed"


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("TRUSTED_PROXY_HOPS", "one", "TRUSTED_PROXY_HOPS must be a whole number, not 'one'"),
        ("SESSION_IDLE_MINUTES", "1h", "SESSION_IDLE_MINUTES must be a whole number"),
        ("LOGIN_MAX_FAILURES", "-3", "LOGIN_MAX_FAILURES must be 0 or more"),
        ("MAX_CONTENT_LENGTH", "10MB", "MAX_CONTENT_LENGTH must be a whole number"),
        ("DATABASE_URL", "localhost:5432/pansuk", "DATABASE_URL must look like postgresql://"),
        ("DATABASE_URL", "mysql://u:p@h/db", "DATABASE_URL must look like postgresql://"),
        ("REDIS_URL", "127.0.0.1:6379", "REDIS_URL must look like redis://"),
        ("PANSUK_ENV", "prod", "PANSUK_ENV must be one of development, production"),
        ("RATE_LIMITS", "[1]", "RATE_LIMITS must be a JSON object"),
    ],
)
def test_a_malformed_setting_is_named_with_what_it_should_be(monkeypatch, name, value, expected):
    from core.config import Config, ConfigError

    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        Config(SECRET_KEY="x", SECRETS_KEYS=GOOD_SECRETS_KEYS)
    assert expected in str(raised.value)


def test_a_malformed_setting_stops_every_entry_point_without_a_traceback():
    env = environment(TRUSTED_PROXY_HOPS="one", DATABASE_URL="localhost/pansuk")
    _refused(serve(env), "DATABASE_URL must look like postgresql://")
    command = pansuk(env, "db", "current")
    assert command.returncode != 0 and "Traceback" not in output(command), output(command)
    assert "DATABASE_URL must look like postgresql://" in output(command)
    check = pansuk(env, "check")
    assert check.returncode == 1 and "Traceback" not in output(check)
    assert "problem: [settings] DATABASE_URL must look like postgresql://" in check.stdout


def test_a_worker_without_a_broker_says_so():
    result = run([sys.executable, "-c", "import core.worker"], production(DATABASE_URL=UNREACHABLE_DB))
    assert result.returncode == 4 and "set REDIS_URL" in result.stderr
    assert "Traceback" not in output(result)


def test_gunicorn_stops_with_the_reasons_instead_of_restarting_workers():
    gunicorn = shutil.which("gunicorn", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert gunicorn, "gunicorn is a runtime dependency"
    env = production(SECRET_KEY="change-me", DATABASE_URL=UNREACHABLE_DB)
    result = run([gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{_free_port()}", "core.wsgi:app"],
                 env, timeout=120)
    text = output(result)
    assert result.returncode != 0, text
    assert "SECRET_KEY is a published placeholder" in text
    assert "Traceback" not in text, text


def test_check_lists_every_problem_and_warning_and_exits_1():
    env = production(
        SECRET_KEY="change-me", PAYMENTS_FAKE_GATEWAY="1", DATABASE_URL=UNREACHABLE_DB,
        REDIS_URL="redis://127.0.0.1:9/0", STRIPE_SECRET_KEY="sk_test_x", LINE_API_BASE="http://line.lan",
        SMS_GATEWAY_URL="http://sms.lan/send", MAIL_SERVER="127.0.0.1", MAIL_PORT="9",
        TRUSTED_PROXY_HOPS="0", UPLOAD_MIN_FREE_MB=str(10**12),
    )
    result = pansuk(env, "check")
    text = output(result)
    assert result.returncode == 1, text
    assert "Traceback" not in text
    for line in (
        "problem: [secrets] SECRET_KEY is a published placeholder",
        "problem: [payments] PAYMENTS_FAKE_GATEWAY=1",
        "problem: [database] cannot reach the database",
        "problem: [redis] cannot reach Redis at 127.0.0.1:9",
        "problem: [stripe] STRIPE_SECRET_KEY is set without STRIPE_WEBHOOK_SECRET",
        "warning: [stripe] STRIPE_SECRET_KEY is a test key in production",
        "problem: [line] LINE_API_BASE is 'http://line.lan'",
        "warning: [sms] SMS_GATEWAY_URL is not https",
        "warning: [mail] cannot open a connection to the mail server 127.0.0.1:9",
        "warning: [proxy] TRUSTED_PROXY_HOPS=0",
        "problem: [uploads] only",
    ):
        assert line in text, f"{line!r} not in:\n{text}"
    assert "check: 7 problem(s)" in text


def test_check_exits_0_with_warnings_only():
    result = pansuk(environment(SECRETS_KEYS=GOOD_SECRETS_KEYS), "check")
    assert result.returncode == 0, output(result)
    assert "problem:" not in result.stdout and "warning: [database] the database is SQLite" in result.stdout


def test_an_upload_folder_that_cannot_be_made_is_a_problem(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    found = checks.upload_findings({"UPLOAD_DIR": str(tmp_path / "a-file" / "uploads")})
    assert [f.level for f in found] == [checks.PROBLEM] and "cannot be created" in found[0].text
    assert checks.upload_findings({"UPLOAD_DIR": str(tmp_path / "new" / "uploads")}) == []


def test_a_stripe_key_that_is_not_one_and_a_webhook_alone():
    found = checks.stripe_findings({"STRIPE_SECRET_KEY": "pk_live_public", "STRIPE_WEBHOOK_SECRET": "whsec_1"})
    assert [f.level for f in found] == [checks.PROBLEM]
    assert "does not look like a Stripe secret key" in found[0].text
    assert checks.stripe_findings({"STRIPE_WEBHOOK_SECRET": "whsec_1"})[0].level == checks.WARNING
    assert checks.stripe_findings({"STRIPE_SECRET_KEY": "sk_live_1", "STRIPE_WEBHOOK_SECRET": "whsec_1"}) == []


def test_check_url_requires_a_200_from_the_running_web():
    import http.server
    import threading

    from core.ops.check_cli import _serving

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            self.send_response(200 if self.path == "/healthz" else 503)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        assert _serving(f"{base}/healthz") == []
        assert "answered 503" in _serving(f"{base}/other")[0].text
    finally:
        server.shutdown()
        server.server_close()
    assert "does not answer" in _serving(f"http://127.0.0.1:{_free_port()}/healthz")[0].text
