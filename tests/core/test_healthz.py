"""GET /healthz: 200 when the database (and the broker, when configured)
answer, 503 when one of them does not."""

from __future__ import annotations

import pytest

from core import celery_app
from core.app import create_app
from core.db import db
from tests import services

CLOSED_PORT_DB = "postgresql+psycopg://nobody@127.0.0.1:1/x"
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def other_app(app):
    """Build a second app with some settings changed; afterwards Celery is
    bound to the suite's app again and the extra engines are closed."""
    built = []

    def build(**overrides):
        extra = create_app({"TESTING": True, "SECRET_KEY": "test-secret", **overrides})
        built.append(extra)
        return extra

    yield build
    for extra in built:
        with extra.app_context():
            db.engine.dispose()
    celery_app.init_app(app)


@pytest.fixture
def redis_url():
    url = services.redis_url()
    if url is None:
        if services.required():
            pytest.fail("REQUIRE_SERVICES=1 but no Redis")
        pytest.skip("needs Redis")
    return url


def test_healthy_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"
    assert response.json["status"] == "ok"


def test_unreachable_database_is_503(other_app):
    response = other_app(SQLALCHEMY_DATABASE_URI=CLOSED_PORT_DB).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"].startswith("error")
    assert response.json["status"] == "unavailable"


def test_unreachable_broker_is_503(other_app):
    response = other_app(REDIS_URL=CLOSED_PORT_REDIS).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "ok"
    assert response.json["broker"].startswith("error")


@pytest.mark.redis
def test_real_broker_is_ok(other_app, redis_url):
    response = other_app(REDIS_URL=redis_url).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"database": "ok", "broker": "ok", "status": "ok"}
