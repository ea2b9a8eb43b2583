"""Email through a real SMTP server started by the test: STARTTLS or
implicit TLS, a log-in, and what happens when a setting is wrong (a clear
message; the notification waits for the fix instead of failing for good)."""

import pytest
import sqlalchemy as sa

from core.notifications import tasks
from core.notifications.channels import EmailChannel, NotConfigured, Outgoing
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import queue_notification
from core.tenancy.context import tenant_context
from tests.core.notifications.smtp_server import PASSWORD, USER, SmtpServer


def message(to="somchai@example.org"):
    return Outgoing(notification_id=1, tenant_id=1, address=to, subject="สวัสดี", body="ข้อความทดสอบ", lang="th")


@pytest.fixture
def smtp(tmp_path):
    servers = []

    def start(**kw) -> SmtpServer:
        server = SmtpServer(tmp_path, **kw).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def channel(server, **kw) -> EmailChannel:
    kw.setdefault("security", "starttls")
    kw.setdefault("username", USER)
    kw.setdefault("password", PASSWORD)
    kw.setdefault("ca_file", str(server.cert))
    return EmailChannel("127.0.0.1", server.port, "pansuk@example.org", timeout=5, **kw)


def test_starttls_and_a_log_in_deliver_the_message(smtp):
    server = smtp(mode="starttls")
    answer = channel(server).send(message())
    assert answer == f"accepted by 127.0.0.1:{server.port}"
    (received,) = server.inbox.messages
    assert received["To"] == "somchai@example.org" and received["Subject"] == "สวัสดี"
    assert received.get_content().strip() == "ข้อความทดสอบ"
    assert server.inbox.logins == [USER]


# aiosmtpd does not see implicit TLS as TLS for its AUTH rule, and says so
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_implicit_tls_delivers_the_message(smtp):
    server = smtp(mode="ssl")
    channel(server, security="ssl").send(message())
    assert len(server.inbox.messages) == 1 and server.inbox.logins == [USER]


def test_a_wrong_password_says_what_to_fix(smtp):
    server = smtp(mode="starttls")
    with pytest.raises(NotConfigured) as refused:
        channel(server, password="wrong").send(message())
    assert "MAIL_PASSWORD" in str(refused.value) and "refused the log-in" in str(refused.value)
    assert server.inbox.messages == []


def test_an_untrusted_certificate_is_refused_not_ignored(smtp):
    server = smtp(mode="starttls")
    with pytest.raises(NotConfigured) as refused:
        channel(server, ca_file=None).send(message())  # the system's CAs do not know the test's
    assert "MAIL_CA_FILE" in str(refused.value)
    assert server.inbox.messages == []


def test_starttls_asked_of_a_server_without_it(smtp):
    server = smtp(mode="none", auth=False)
    with pytest.raises(NotConfigured) as refused:
        channel(server, username=None).send(message())
    assert "STARTTLS" in str(refused.value)
    assert server.inbox.messages == []


def test_a_server_that_requires_tls_is_not_sent_the_password_in_clear(smtp):
    server = smtp(mode="starttls")
    with pytest.raises(Exception):  # noqa: B017 - refused one way or another, never delivered
        channel(server, security="none").send(message())
    assert server.inbox.messages == [] and server.inbox.logins == []


@pytest.fixture
def smtp_config(app, monkeypatch):
    """The app's email set to SMTP (the suite's default is the memory outbox)."""

    def configure(server=None, **overrides):
        values = {"NOTIFY_EMAIL_BACKEND": "smtp", "MAIL_SERVER": None}
        if server is not None:
            values.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_SECURITY="starttls",
                          MAIL_USERNAME=USER, MAIL_PASSWORD=PASSWORD, MAIL_CA_FILE=str(server.cert),
                          MAIL_FROM="pansuk@example.org", MAIL_TIMEOUT=5)
        values.update(overrides)
        for key, value in values.items():
            monkeypatch.setitem(app.config, key, value)

    return configure


def queue(tenant, key="n1"):
    from core.db import db

    with tenant_context(tenant.id):
        row = queue_notification(template="test.hello", params={"name": "สมชาย"}, idempotency_key=key,
                                 address="somchai@example.org", channel="email")
        db.session.commit()
        return row.id


def test_a_notification_without_a_mail_server_waits_and_goes_out_once_one_is_set(
        ctx, tenant, reload, smtp, smtp_config):
    smtp_config(None)
    notification_id = queue(tenant)  # delivered after commit: no server yet
    (row,) = reload(Notification, tenant.id)
    assert row.status == "pending" and row.attempts == 0 and "MAIL_SERVER" in row.last_error
    with tenant_context(tenant.id):  # the sweep comes by again: still waiting, one log line only
        assert tasks.deliver(notification_id) == "waiting"
    assert [d.status for d in reload(NotificationDelivery, tenant.id)] == ["waiting"]
    server = smtp(mode="starttls")
    smtp_config(server)
    with tenant_context(tenant.id):
        assert tasks.deliver(notification_id) == "sent"
    (row,) = reload(Notification, tenant.id)
    assert row.status == "sent" and row.attempts == 1
    assert len(server.inbox.messages) == 1


def test_a_wrong_smtp_password_keeps_the_notification_waiting_with_the_reason(
        ctx, tenant, reload, smtp, smtp_config):
    server = smtp(mode="starttls")
    smtp_config(server, MAIL_PASSWORD="wrong")
    queue(tenant)
    (row,) = reload(Notification, tenant.id)
    assert row.status == "pending" and "MAIL_PASSWORD" in row.last_error
    assert server.inbox.messages == []


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        with app.app_context():
            return runner.invoke(args=list(args), catch_exceptions=False)

    return invoke


def test_mail_test_command_sends_and_explains_a_wrong_password(run, smtp, smtp_config):
    server = smtp(mode="starttls")
    smtp_config(server)
    sent = run("mail", "test", "somchai@example.org")
    assert sent.exit_code == 0 and "sent to somchai@example.org" in sent.output
    smtp_config(server, MAIL_PASSWORD="wrong")
    refused = run("mail", "test", "somchai@example.org")
    assert refused.exit_code == 1 and "MAIL_PASSWORD" in refused.output and "Traceback" not in refused.output
    smtp_config(None)
    unset = run("mail", "test", "somchai@example.org")
    assert unset.exit_code == 1 and "MAIL_SERVER is not set" in unset.output
    assert len(server.inbox.messages) == 1


def test_mail_settings_that_cannot_work_stop_the_start_with_a_clear_message(monkeypatch):
    from core.config import Config

    monkeypatch.setenv("MAIL_SECURITY", "tls-please")
    with pytest.raises(ValueError, match="MAIL_SECURITY must be starttls, ssl or none"):
        Config()
    monkeypatch.setenv("MAIL_SECURITY", "ssl")
    monkeypatch.delenv("MAIL_PORT", raising=False)
    assert Config().MAIL_PORT == 465
    monkeypatch.setenv("MAIL_PORT", "smtp")
    with pytest.raises(ValueError, match="MAIL_PORT must be a whole number"):
        Config()


def test_the_count_of_sends_is_unchanged_by_waiting(ctx, tenant, reload, smtp_config, owner_rows):
    smtp_config(None)
    notification_id = queue(tenant)
    for _ in range(tasks.MAX_ATTEMPTS + 2):  # many sweeps while nothing is set up
        with tenant_context(tenant.id):
            tasks.deliver(notification_id)
    (row,) = owner_rows(sa.select(Notification.status, Notification.attempts))
    assert row.status == "pending" and row.attempts == 0  # never failed for good
