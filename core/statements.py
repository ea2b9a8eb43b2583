"""Building blocks for writes done as one statement on PostgreSQL (the hot
paths of a crowd: booking, ordering, paying with coupons).

Such a statement is built once per shape and kept (``functools.lru_cache``):
its values are named parameters, so SQLAlchemy compiles it once per worker,
PostgreSQL reuses its plan, and a request only binds values. Executed on the
session's connection (``db.session.connection().execute(...)``) it skips the
ORM's per-statement work; every table in it is filtered by the tenant
explicitly, and row-level security binds it as any other."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa

PREFIX = "p_"


def table(model) -> sa.Table:
    return cast(sa.Table, model.__table__)


def param(name: str, model, column: str) -> sa.BindParameter[Any]:
    """A named parameter typed as ``model.column``. Its name is prefixed: an
    UPDATE given a parameter named like one of its table's columns would add
    that column to its SET."""
    return sa.bindparam(PREFIX + name, type_=table(model).c[column].type)


def values(**given: Any) -> dict[str, Any]:
    """The values for :func:`param` parameters, under their prefixed names."""
    return {PREFIX + name: value for name, value in given.items()}


def literal_row(
    model, given: Mapping[str, Any], now: datetime | sa.ColumnElement[Any]
) -> dict[str, sa.ColumnElement[Any]]:
    """Every column of ``model`` as a typed expression for ``INSERT … SELECT``:
    the values given (a parameter, a column of a CTE, or a constant), else the
    column's scalar default, ``now`` for a timestamp default; the id and
    columns with a server default are left to the database. A column with
    another Python default must be given."""
    t = table(model)
    row: dict[str, sa.ColumnElement[Any]] = {}
    for column in t.c:
        if column.key in given:
            value = given[column.key]
            row[column.key] = value if isinstance(value, sa.ColumnElement) else sa.literal(value, column.type)
            continue
        default = column.default
        if column.primary_key:
            continue
        if getattr(default, "is_scalar", False):
            row[column.key] = sa.literal(cast(Any, default).arg, column.type)
        elif getattr(default, "is_callable", False) and isinstance(column.type, sa.DateTime | sa.TypeDecorator):
            row[column.key] = now if isinstance(now, sa.ColumnElement) else sa.literal(now, column.type)
        elif default is not None or (column.server_default is None and not column.nullable):
            raise ValueError(f"{t.name}.{column.key} needs a value")
    return row


def insert_from(model, source, given: Mapping[str, Any], now: datetime | sa.ColumnElement[Any]) -> sa.Insert:
    """``INSERT INTO model SELECT … FROM source``: one row per row of ``source``."""
    row = literal_row(model, given, now)
    select = sa.select(*(v.label(k) for k, v in row.items()))
    if source is not None:
        select = select.select_from(source)
    return sa.insert(table(model)).from_select(list(row), select)
