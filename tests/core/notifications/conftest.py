"""Fixtures for the outbox: the in-memory email outbox and a channel that fails
on demand (fakes registered through the channel registry, not patches)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pytest
import sqlalchemy as sa

from core.db import db
from core.notifications import channels
from core.notifications.channels import Channel, Outgoing, PermanentError, TransientError
from core.tenancy.context import tenant_context


@pytest.fixture(autouse=True)
def memory_outbox():
    channels.memory.sent.clear()
    yield channels.memory
    channels.memory.sent.clear()


@dataclass
class FlakyChannel(Channel):
    """Fails ``failures`` times with a transient error, then sends."""

    name: ClassVar[str] = "flaky"
    failures: int = 0
    permanent: bool = False
    calls: int = 0
    sent: list[Outgoing] = field(default_factory=list)

    def send(self, message: Outgoing) -> str:
        self.calls += 1
        if self.permanent:
            raise PermanentError("address does not exist")
        if self.calls <= self.failures:
            raise TransientError(f"connection refused (call {self.calls})")
        self.sent.append(message)
        return f"flaky ok after {self.calls}"


@pytest.fixture
def flaky():
    """A FlakyChannel registered as channel "flaky"; set ``failures`` on it."""
    fake = FlakyChannel()
    channels.register("flaky", lambda config: fake)
    yield fake
    channels.unregister("flaky")


@pytest.fixture
def tenant(make_tenant):
    return make_tenant()


@pytest.fixture
def reload(ctx):
    """Fresh rows of a model in a tenant, read from the database."""

    def load(model, tenant_id, **where):
        with tenant_context(tenant_id):
            stmt = sa.select(model).filter_by(**where).order_by(model.id)
            rows = db.session.scalars(stmt.execution_options(populate_existing=True)).all()
            db.session.commit()
            return rows

    return load


@pytest.fixture
def eager_retries(app):
    """Eager tasks whose retries run inline, as Celery does when eager errors
    do not propagate (with propagation a retry surfaces as an exception).
    Off by default, so a request never waits on retries; on here to exercise
    the retry path in-process."""
    from core.celery_app import celery

    before = celery.conf.task_eager_propagates
    celery.conf.task_eager_propagates = False
    app.config["NOTIFY_INLINE_RETRIES"] = True
    yield
    app.config["NOTIFY_INLINE_RETRIES"] = False
    celery.conf.task_eager_propagates = before


# Names the tests use for gateways "on the internet" (this machine may have no DNS).
PUBLIC_NAMES = {"sms.example.org": ["93.184.216.34"], "sms.example.com": ["93.184.216.34"]}


@pytest.fixture(autouse=True)
def names(app, monkeypatch):
    """The resolver hook of core.outbound (``OUTBOUND_RESOLVER``): names the
    test controls, the system's resolver for the rest. Change an entry to
    make a name resolve elsewhere (DNS rebinding)."""
    from core.outbound import system_resolver

    table = {name: list(addresses) for name, addresses in PUBLIC_NAMES.items()}

    def resolve(host: str, port: int) -> list[str]:
        return list(table[host]) if host in table else system_resolver(host, port)

    monkeypatch.setitem(app.config, "OUTBOUND_RESOLVER", resolve)
    return table


@pytest.fixture
def provider(app, monkeypatch):
    """A fake messaging provider on 127.0.0.1 (see fake_provider.py), allowed
    by the operator (OUTBOUND_ALLOWED_HOSTS) at its own port only."""
    from tests.core.notifications.fake_provider import FakeProvider

    fake = FakeProvider().start()
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOWED_HOSTS", f"127.0.0.1:{fake.server.server_address[1]}")
    yield fake
    fake.stop()


@pytest.fixture
def redis_url():
    """Redis for a real worker: skipped without it, failed when REQUIRE_SERVICES=1."""
    import redis

    from tests import services

    url = services.redis_url()
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1) if url else None
        if client is not None:
            with client:
                client.ping()
    except redis.RedisError:
        url = None
    if url is None:
        if services.required():
            pytest.fail("REQUIRE_SERVICES=1 but Redis is not reachable")
        pytest.skip("needs Redis")
    return url


@pytest.fixture
def make_producer(app, redis_url):
    """The app as the web process runs it: not eager, publishing to Redis on
    the given queue."""
    from core import celery_app
    from core.app import create_app

    made = []

    def make(queue: str, **config):
        web = create_app({
            "TESTING": True, "SECRET_KEY": "test-secret", "REDIS_URL": redis_url,
            "CELERY_EAGER": False, "CELERY_QUEUE": queue, **config,
        })
        made.append(web)
        return web

    yield make
    celery_app.init_app(app)  # eager again, and the Redis connections closed
    for web in made:
        with web.app_context():
            db.engine.dispose()
