"""Fixtures shared by the whole suite. The database is real: PostgreSQL when
reachable (CI requires it), SQLite otherwise. Every test starts from empty
tables.

On PostgreSQL the suite runs as production does: the owner (the suite's
superuser) makes the schema, the row-level security and its binding key,
and the app under test, its Celery workers included, connects as a plain
role (``NOSUPERUSER NOBYPASSRLS``) that row-level security binds. Tests that
need the owner's powers (emptying tables, tampering as an attacker with
database access would) ask for ``owner_engine``."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from tests import services


def pytest_report_header(config):
    return [
        f"pansuk database: {_db_url_for_header()}",
        f"pansuk redis: {services.redis_url() or 'none'}",
    ]


def _db_url_for_header() -> str:
    import tempfile

    return services.database_url(tempfile.gettempdir()).split("@")[-1]


SECRET_KEY = "test-secret"


@pytest.fixture(scope="session")
def owner_database_url(tmp_path_factory) -> str:
    """The schema owner's URL (on SQLite, the one database)."""
    import tempfile

    return services.database_url(tempfile.gettempdir())


@pytest.fixture(scope="session")
def database_url(owner_database_url) -> str:
    """The URL the app under test (and any worker it starts) connects with."""
    if owner_database_url.startswith("postgresql"):
        return services.app_url(owner_database_url)
    return owner_database_url


_OWNER: dict[str, sa.engine.Engine] = {}


def database_owner() -> sa.engine.Engine:
    from core.db import db

    return _OWNER.get("engine") or db.engine


@pytest.fixture
def owner_engine(app) -> sa.engine.Engine:
    """The schema owner's engine: not bound by row-level security (on SQLite,
    the app's own engine, which needs the app to be found)."""
    with app.app_context():
        return database_owner()


@pytest.fixture
def owner_rows(owner_engine):
    """Rows of any tenant, read as the database owner would (Core, outside the
    app's tenant filter): for tests that check what was written where."""

    def read(stmt, params=None) -> list:
        with owner_engine.connect() as conn:
            return conn.execute(stmt, params or {}).all()

    return read


@pytest.fixture(scope="session")
def app(database_url, owner_database_url, tmp_path_factory):
    import os

    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = SECRET_KEY  # workers sign their tenant binding with it too
    services.redis_url()  # read (and cached) before the app hides it
    os.environ.pop("REDIS_URL", None)  # the app under test runs tasks eagerly
    from core.app import create_app
    from core.db import db

    upload_dir = tmp_path_factory.mktemp("uploads")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": SECRET_KEY,
            "SERVER_NAME": "pansuk.test",
            "UPLOAD_DIR": str(upload_dir),
            "NOTIFY_EMAIL_BACKEND": "memory",
            # The full demo collects an order for each of Khok Sai's 650
            # households (minutes); tests load it with a few, and the market
            # report tests build their own households.
            "DEMO_ORDERS_LIMIT": 25,
        }
    )
    with app.app_context():
        if owner_database_url != database_url:
            _OWNER["engine"] = sa.create_engine(owner_database_url)
        _make_schema()
        db.session.remove()
        _assert_bound_by_row_level_security()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
        if "engine" in _OWNER:
            _OWNER.pop("engine").dispose()


def _make_schema() -> None:
    from core.db import db
    from core.tenancy import rls

    with database_owner().begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
            # tables since gone (renamed to, or moved into, import_job); a stale
            # copy would block drop_all (they reference tenant)
            for stale in ("registry_import_job", "statement_import", "producer_plot_import"):
                conn.execute(sa.text(f"DROP TABLE IF EXISTS {stale} CASCADE"))
        db.metadata.drop_all(conn)
        db.metadata.create_all(conn)
        if conn.dialect.name == "postgresql":
            rls.enable_all(conn)
            rls.store_key(conn, rls.binding_key(SECRET_KEY))
            rls.grant_app_role(conn, services.APP_ROLE, password=services.APP_PASSWORD)


def _assert_bound_by_row_level_security() -> None:
    """The suite proves nothing if the app's role could bypass the wall."""
    from core.db import db
    from core.tenancy import rls

    with db.engine.connect() as conn:
        why = rls.role_bypasses(conn)
    assert why is None, f"the app under test connects as a role that bypasses row-level security: {why}"


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_without_fsync(dbapi_connection, connection_record):
    """The test database on SQLite is thrown away after the run: a commit
    need not wait for the disk (the rules tested are the same; only a crash
    of the machine could lose what a test wrote)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


# Tables a test wrote to, seen on the way to the database: emptying only
# those (with CASCADE) instead of all two hundred tables is most of the suite's
# time. Tests whose writes happen in another process (a real Celery worker)
# or that ask for it empty everything.
_WRITTEN: set[str] = set()
# every INSERT of a statement: also those inside a WITH (a write done in one statement)
_INSERT = re.compile(r'\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?(\w+)"?', re.I)


@sa.event.listens_for(sa.engine.Engine, "before_cursor_execute")
def _note_written_table(conn, cursor, statement, parameters, context, executemany):
    if "INSERT" in statement or "insert" in statement:
        _WRITTEN.update(_INSERT.findall(statement))


def _truncate_all(everything: bool = True) -> None:
    from core.db import db

    known = [t.name for t in reversed(db.metadata.sorted_tables)]
    tables = known if everything else [t for t in known if t in _WRITTEN]
    _WRITTEN.clear()
    if not tables:
        return
    if db.engine.dialect.name == "postgresql":
        with database_owner().begin() as conn:
            if everything:
                conn.execute(
                    sa.text(
                        "TRUNCATE "
                        + ", ".join(f'"{t}"' for t in tables)
                        + " RESTART IDENTITY CASCADE"
                    )
                )
                return
            # A few small tables: DELETE beats TRUNCATE's new files for every
            # table it cascades to. Triggers (append-only, foreign keys) are
            # off for this transaction; every referencing row was written by
            # this test too, so it goes in the same breath.
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for t in tables:
                conn.exec_driver_sql(f'DELETE FROM "{t}"')
            conn.execute(
                sa.text(
                    "SELECT setval(s, 1, false) FROM (SELECT pg_get_serial_sequence(quote_ident(t), 'id') AS s"
                    " FROM unnest(CAST(:tables AS text[])) AS t) AS q WHERE s IS NOT NULL"
                ),
                {"tables": tables},
            )
        return
    with db.engine.connect() as conn:
        # PRAGMA foreign_keys is ignored inside a transaction: switch it outside
        # one, and switch it back on before the connection returns to the pool.
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for t in tables:
            conn.exec_driver_sql(f'DELETE FROM "{t}"')
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.fixture(autouse=True)
def _clean_database(request, app):
    from core.db import db
    from core.tenancy.context import set_tenant

    yield
    set_tenant(None)
    with app.app_context():
        db.session.remove()
        if request.node.get_closest_marker("shared_data") is None:
            _truncate_all(everything=_writes_elsewhere(request))


def _writes_elsewhere(request) -> bool:
    """A test whose rows may come from another process (a Celery worker, a
    migration run) is emptied completely."""
    return bool(
        request.node.get_closest_marker("redis")
        or {"worker", "live_worker", "celery_worker"} & set(request.fixturenames)
        or "worker" in request.node.nodeid
    )


@pytest.fixture(scope="module")
def shared_rows(app):
    """For modules marked ``shared_data``: whatever the module loads here stays
    for all its tests (which must only read it), and is emptied at the end."""
    from core.db import db

    yield
    with app.app_context():
        db.session.remove()
        _truncate_all()


@pytest.fixture
def ctx(app):
    """An app context with its own session, for arranging and asserting."""
    from core.db import db

    with app.app_context():
        yield db.session
        db.session.remove()


@pytest.fixture
def limits_on(app):
    """Rate limits switched on for one test (they are off under TESTING)."""
    from core.security import limiter

    limiter.enabled = True
    limiter.reset()
    yield limiter
    limiter.reset()
    limiter.enabled = False


@pytest.fixture
def is_postgres(database_url) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture
def postgres_only(is_postgres):
    if not is_postgres:
        if services.required():
            pytest.fail("PostgreSQL required")
        pytest.skip("needs PostgreSQL")


_CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Client(FlaskClient):
    """A test client that logs in directly and adds the CSRF token to forms."""

    _csrf: str | None = None

    def csrf_token(self) -> str:
        if self._csrf is None:
            # A signed-in member's pages carry the token in their forms ("/"
            # redirects a member of one tenant to its landing page); a visitor's
            # public pages carry none, and the log-in form mints one.
            html = super().get("/", follow_redirects=True).get_data(as_text=True)
            match = _CSRF_INPUT.search(html)
            if match is None:
                html = super().get("/login").get_data(as_text=True)
                match = _CSRF_INPUT.search(html)
            assert match, "no csrf token on the home page or the log-in page"
            self._csrf = match.group(1)
        return self._csrf

    def login(self, user) -> Client:
        from core.auth import sessions
        from core.db import db
        from core.tenancy.context import current_tenant_id, set_tenant

        tenant_id = current_tenant_id()  # the session round trip runs request teardown
        with self.application.app_context():  # a server-side session, as a log-in makes
            key = sessions.start(user.id, "127.0.0.1")
            db.session.commit()
        with self.session_transaction() as s:
            s["_user_id"] = user.get_id()
            s["_fresh"] = True
            s[sessions.KEY] = key
        set_tenant(tenant_id)
        self._csrf = None
        return self

    def open(self, *args, **kwargs):
        # Each request gets its own app context, hence its own database session,
        # as in production; the test's own context (and tenant) is left as it was.
        from core.tenancy.context import current_tenant_id, set_tenant

        tenant_id = current_tenant_id()
        try:
            with self.application.app_context():
                return super().open(*args, **kwargs)
        finally:
            set_tenant(tenant_id)

    def post(self, *args, csrf: bool = True, **kwargs):
        if csrf and "json" not in kwargs:
            data = dict(kwargs.pop("data", None) or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        elif csrf and "json" in kwargs:
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        return super().post(*args, **kwargs)


@pytest.fixture
def client(app) -> Client:
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def make_client(app):
    """More independent clients (browsers) at once."""

    def make() -> Client:
        app.test_client_class = Client
        return app.test_client()

    return make


from tests.factories import *  # noqa: E402,F401,F403
