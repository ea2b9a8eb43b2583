"""Database kernel: the declarative base, mixins, tenant-safe keys and
transaction boundaries.

Services ``flush()`` and never ``commit()``: a request or task commits once, at
its boundary, through :func:`commit`. Side effects that leave the process are
registered with :func:`after_commit` and run only if that commit succeeds.
"""

from __future__ import annotations

import logging
import re
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column

log = logging.getLogger(__name__)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT on PostgreSQL, INTEGER (the rowid alias, so autoincrement works) on SQLite.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# Money: integer satang, never a float.
Satang = sa.BigInteger()


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)


class _Database(SQLAlchemy):
    """Flask-SQLAlchemy, with each engine made to keep its prepared statements
    and to ping only connections that were idle (:func:`tune_engine`)."""

    def _make_engine(self, bind_key: str | None, options: dict[str, Any], app: Any) -> sa.Engine:
        engine = super()._make_engine(bind_key, options, app)
        tune_engine(engine)
        return engine


db = _Database(model_class=Base)

# Models are declared on ``Model``: at run time Flask-SQLAlchemy's ``db.Model``
# (its session and table-name machinery on top of ``Base``), to the type
# checker the typed declarative base itself, which it can follow.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(sa.TypeDecorator[datetime]):
    """A moment in time: ``timestamptz`` on PostgreSQL, and on every database
    stored in UTC and read back aware of it.

    SQLite has no time zone: its DATETIME drops the offset, so a coupon valid
    until 23:59:59 Bangkok time would be kept as 23:59:59 and compared with UTC
    instants seven hours off, and values would come back naive. Here a value is
    turned into UTC before it is stored and gets UTC attached when it is read."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def coerce_compared_value(self, op: Any, value: Any) -> Any:
        # ``moment - timedelta(...)``: the other side is an interval, not a moment
        if isinstance(value, timedelta):
            return sa.Interval()
        return self

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if not isinstance(value, datetime):
            return value
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class IdMixin:
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


class TenantScoped(IdMixin):
    """A row owned by exactly one tenant.

    ``tenant_id`` is declared here so the loader criteria in
    :mod:`core.tenancy.scoping` can see it; it is filled from the tenant context
    on insert, never by relationships. Each such table has ``UNIQUE (tenant_id,
    id)`` so other tenant-owned rows can reference it with a composite foreign key.
    """

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(
            BigId, sa.ForeignKey("tenant.id", ondelete="RESTRICT"), nullable=False, index=True
        )

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:  # noqa: N805
        return tenant_table_args(cls)


def tenant_table_args(cls: Any, *extra: Any) -> tuple[Any, ...]:
    """``UNIQUE (tenant_id, id)`` plus the composite foreign keys declared in
    ``cls.__tenant_refs__`` (``{"household_id": "household", ...}``)."""
    args: list[Any] = [sa.UniqueConstraint("tenant_id", "id", name=f"uq_{cls.__tablename__}_tenant_id")]
    for column, target in getattr(cls, "__tenant_refs__", {}).items():
        table, _, ondelete = target.partition(":")
        args.append(tenant_fk(column, table, ondelete=ondelete or None))
    args.extend(getattr(cls, "__extra_table_args__", ()))
    args.extend(extra)
    return tuple(args)


def tenant_fk(
    column: str, table: str, ondelete: str | None = None, **kw: Any
) -> sa.ForeignKeyConstraint:
    """``(tenant_id, column) -> (table.tenant_id, table.id)``: the database
    itself refuses a reference to another tenant's row."""
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{table}.tenant_id", f"{table}.id"],
        ondelete=ondelete,
        name=f"fk_{column}_{table}_same_tenant",
        **kw,
    )


def tenant_relationship(owner: str, column: str, target: str, **kw: Any) -> Any:
    """A relationship over a composite tenant key with only the id column marked
    foreign, so it never writes ``tenant_id`` and never overlaps another."""
    from sqlalchemy.orm import relationship

    primaryjoin = (
        f"and_({owner}.tenant_id == {target}.tenant_id, "
        f"foreign({owner}.{column}) == {target}.id)"
    )
    return relationship(target, primaryjoin=primaryjoin, **kw)


# --- transaction boundaries -------------------------------------------------

_PENDING = "pansuk_after_commit"


def after_commit(fn: Callable[[], object], *, last: bool = False) -> None:
    """Run ``fn`` once the outermost transaction commits (releasing a savepoint
    commits nothing yet); drop it when its transaction or savepoint rolls back.

    ``last``: belong to the outermost transaction (a savepoint rolling back
    leaves it in place) and run after every other callback, so it can act on
    what they gathered (see ``core.notifications.outbox``)."""
    session = db.session()
    current = session.get_transaction() if last else (session.get_nested_transaction() or session.get_transaction())
    session.info.setdefault(_PENDING, []).append((current, fn, last))


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint was released: nothing is visible to others yet
        return
    callbacks = session.info.pop(_PENDING, [])
    callbacks.sort(key=lambda pending: pending[2])  # stable: the 'last' ones after the rest, each in order
    for _transaction, fn, _last in callbacks:
        try:
            fn()
        except Exception:  # a side effect must never undo a committed transaction
            log.exception("after_commit callback failed: %r", fn)


def _within(transaction: Any, ancestor: Any) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # outermost transaction: everything goes
        session.info.pop(_PENDING, None)
        return
    pending = session.info.get(_PENDING)
    if pending:  # a savepoint rolled back: what was queued inside it goes
        pending[:] = [p for p in pending if not _within(p[0], previous_transaction)]


def commit(*, last: bool = False) -> None:
    """The one commit of a request or task.

    ``last``: nothing after this commit reads the database to decide
    anything — the boundary's commit, after which only the answer is put
    together from the objects in hand (an API schema serialising what was
    written, a redirect). Those objects are then not expired, so the answer
    does not read every one of them again in a second transaction. What is in
    hand is what this transaction read and wrote itself (server-made values
    are expired at the flush as always and read when asked for), unless a
    statement wrote behind the ORM's back (:func:`_note_writes_behind`): then
    every object is expired as after any other commit."""
    session = db.session()
    if not last or session.info.get(_BEHIND):
        session.commit()
        return
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring


_BEHIND = "pansuk_wrote_behind_the_orm"
_WRITING = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE|CALL|COPY)\b", re.I)
_LOCKING = re.compile(r"\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE)\b|\bON\s+CONFLICT\s+DO\s+UPDATE\b", re.I)


@event.listens_for(Session, "do_orm_execute")
def _note_writes_behind(state: Any) -> None:
    """Remember a statement run through the session that may change rows
    without the objects in hand knowing: a Core or text INSERT, UPDATE or
    DELETE (a ``SELECT … FOR UPDATE`` changes nothing), or an ORM UPDATE or
    DELETE told not to synchronise the session. ORM statements that do (the
    default) leave the objects in hand right."""
    if state.is_select and state.is_orm_statement:
        return
    if state.is_orm_statement and (state.is_update or state.is_delete):
        if state.execution_options.get("synchronize_session", "auto") is not False:
            return
    elif state.is_orm_statement and state.is_insert:
        return
    elif not (state.is_insert or state.is_update or state.is_delete):
        if state.is_select:  # a Core SELECT
            return
        if not _WRITING.search(_LOCKING.sub("", str(state.statement))):
            return
    state.session.info[_BEHIND] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_writes_behind(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the outermost transaction ended (committed or rolled back)
        session.info.pop(_BEHIND, None)


@contextmanager
def transaction() -> Iterator[Any]:
    """A unit of work for CLI commands and tasks: commit on success, roll back
    on any error."""
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


@event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


@event.listens_for(sa.engine.Engine, "savepoint")
def _sqlite_begin_before_savepoint(conn: Any, name: Any) -> None:
    """pysqlite opens a transaction only before a write, so a SAVEPOINT issued
    first would start (and its RELEASE commit) a transaction of its own,
    escaping the outer rollback. Begin the real transaction first."""
    if conn.dialect.name != "sqlite":
        return
    dbapi = conn.connection.dbapi_connection
    if not dbapi.in_transaction:
        dbapi.execute("BEGIN")


def is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


# --- the pool: prepared statements kept, idle connections pinged ---------------

IDLE_PING_SECONDS = 30.0  # a connection back in the pool longer than this is pinged before use
_CHECKED_IN = "pansuk_checked_in_at"
_DDL = re.compile(r"\s*(CREATE|DROP|ALTER|TRUNCATE|COMMENT|GRANT|REVOKE|DISCARD|DEALLOCATE|DO|SECURITY)\b", re.I)
_changed_schema: weakref.WeakSet[Any] = weakref.WeakSet()


def tune_engine(engine: sa.Engine) -> None:
    """On PostgreSQL: no ping for a connection used a moment ago (a busy pool
    pays no round trip per request; ``pool_pre_ping`` is off), a ping for one
    idle longer than :data:`IDLE_PING_SECONDS` (a dropped connection is
    replaced before a request uses it), and a transaction that ends in
    ROLLBACK keeps psycopg's prepared statements (see :func:`_keep_prepared`)."""
    if engine.dialect.name != "postgresql":
        return
    event.listen(engine.pool, "checkin", _note_checkin)
    event.listen(engine.pool, "checkout", _ping_if_idle)
    event.listen(engine, "before_cursor_execute", _note_schema_change)
    setattr(engine.dialect, "do_rollback", _keep_prepared(engine.dialect.do_rollback))  # noqa: B010
    _parse_long_statements_once()


# The one-statement writes (placing and paying an order) are 4–6 kB of SQL,
# built once each; psycopg caches how it splits a statement into its
# parameters only up to 4 kB, and split those again (a regular expression
# over the whole text) on every execution: about 0.4 ms of CPU per order.
LONGEST_CACHED_STATEMENT = 16_384


def _parse_long_statements_once() -> None:
    """Raise psycopg's limit on the statements whose parsing it keeps (the
    cache stays bounded in entries, so memory does not grow with it)."""
    try:
        from psycopg import _queries
    except ImportError:  # SQLite only
        return
    if getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", LONGEST_CACHED_STATEMENT) < LONGEST_CACHED_STATEMENT:
        _queries.MAX_CACHED_STATEMENT_LENGTH = LONGEST_CACHED_STATEMENT


def _note_checkin(dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info[_CHECKED_IN] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    since = record.info.get(_CHECKED_IN)
    if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_connection.rollback()
    except Exception as exc:  # the pool replaces the connection and tries again
        raise sa.exc.DisconnectionError(str(exc)) from exc


def _note_schema_change(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
    if _DDL.match(statement):
        _changed_schema.add(conn.connection.dbapi_connection)


def _keep_prepared(rollback: Callable[[Any], None]) -> Callable[[Any], None]:
    """psycopg forgets every prepared statement on ROLLBACK, and a ROLLBACK
    ends every request that reads, so no plan was ever reused. PostgreSQL keeps
    prepared statements across a rollback (PREPARE is not transactional);
    psycopg drops them in case the transaction changed the schema. So a
    transaction that ran no DDL is rolled back below psycopg's bookkeeping;
    one that did (migrations, tests making tables) takes psycopg's own path."""

    def do_rollback(dbapi_connection: Any) -> None:
        pgconn = getattr(dbapi_connection, "pgconn", None)
        if (
            pgconn is None
            or dbapi_connection in _changed_schema
            or getattr(dbapi_connection, "_pipeline", None) is not None
            or pgconn.transaction_status not in (_INTRANS, _INERROR)
        ):
            _changed_schema.discard(dbapi_connection)
            rollback(dbapi_connection)
            return
        result = pgconn.exec_(b"ROLLBACK")
        if result.status != _COMMAND_OK:
            rollback(dbapi_connection)

    return do_rollback


try:
    from psycopg.pq import ExecStatus, TransactionStatus

    _INTRANS, _INERROR = TransactionStatus.INTRANS, TransactionStatus.INERROR
    _COMMAND_OK = ExecStatus.COMMAND_OK
except ImportError:  # SQLite only
    _INTRANS = _INERROR = _COMMAND_OK = None  # type: ignore[assignment]
