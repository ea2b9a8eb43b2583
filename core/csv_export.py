"""The one CSV writer of the application: every export and template goes
through it.

- **Formula-safe**: a text cell starting with ``= + - @`` TAB or CR is
  prefixed with ``'``, so a spreadsheet shows it as text instead of running
  it (CSV injection). Numbers written by the application are not text and are
  never prefixed.
- **Empty stays empty**: ``None`` and ``""`` are written as an empty cell.
- **Money from satang, without floats**: wrap a satang amount in
  :class:`Satang` (or pass a :class:`~core.money.Money`) and it is written as
  baht with two decimals (``-1234.50``) by integer arithmetic.
- **UTF-8 with a BOM**, so Excel opens Thai text correctly.
- :func:`response` with ``stream=True`` (the staff lists) **streams** a
  download row by row; the rows are produced inside the request's tenant and
  user, so a long list is never held in memory and never read outside the
  tenant.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from core.money import Money

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MIME = "text/csv; charset=utf-8"


class Satang(int):
    """An integer amount of satang, written as baht (``12.50``)."""


def baht(satang: int) -> str:
    """``-123456`` → ``"-1234.56"``: integer arithmetic only."""
    if isinstance(satang, bool) or not isinstance(satang, int):
        raise TypeError("baht() takes integer satang")
    sign = "-" if satang < 0 else ""
    whole, part = divmod(abs(satang), 100)
    return f"{sign}{whole}.{part:02d}"


def cell(value) -> str:
    """One value as the text of a cell."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return baht(value.satang)
    if isinstance(value, Satang):
        return baht(int(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):  # coordinates; money is never a float (see Satang)
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def line(values: Sequence) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([cell(v) for v in values])
    return out.getvalue()


def text(header: Sequence, rows: Iterable[Sequence], *, bom: bool = True) -> str:
    """The whole file as one string (small files: templates, error lists)."""
    return "".join(_lines(header, rows, bom))


def _lines(header: Sequence, rows: Iterable[Sequence], bom: bool) -> Iterator[str]:
    if bom:
        yield BOM
    yield line(header)
    for row in rows:
        yield line(row)


def _filename(name: str) -> str:
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name)
    return (safe.strip("-.") or "export") + ("" if safe.endswith(".csv") else ".csv")


def response(name: str, header: Sequence, rows: Callable[[], Iterable[Sequence]] | Iterable[Sequence],
             *, stream: bool = False):
    """A CSV download. With ``stream`` (long staff lists) the body is written
    row by row as it is sent; ``rows`` is then best a function returning an
    iterable (a query run while streaming), and it runs bound to the tenant
    and user of the request that asked. Without, the file is built first
    (short lists: templates, error reports)."""
    from flask import Response, stream_with_context

    from core.tenancy.context import (
        current_tenant_id,
        current_user_id,
        reset_tenant,
        reset_user,
        set_tenant,
        set_user,
    )

    headers = {"Content-Disposition": f"attachment; filename={_filename(name)}", "Cache-Control": "no-store"}
    if not stream:
        return Response(text(header, rows() if callable(rows) else rows), mimetype=MIME, headers=headers)
    tenant_id, user_id = current_tenant_id(), current_user_id()

    def generate() -> Iterator[str]:
        # Each step runs bound to the tenant and user: the server may resume
        # a streamed body in another context than the view's.
        lines = None
        while True:
            tenant_token, user_token = set_tenant(tenant_id), set_user(user_id)
            try:
                if lines is None:
                    lines = _lines(header, rows() if callable(rows) else rows, True)
                chunk = next(lines, None)
            finally:
                reset_user(user_token)
                reset_tenant(tenant_token)
            if chunk is None:
                return
            yield chunk

    return Response(stream_with_context(generate()), mimetype=MIME, headers=headers)


BATCH = 500


def batched(stmt, id_column, *, size: int = BATCH, scalars: bool = True, descending: bool = True,
            key: Callable | None = None) -> Iterator:
    """Rows of ``stmt`` (ordered by ``id_column``, newest first by default)
    read ``size`` at a time by keyset, so an export of a long list never holds
    it all. ``key`` gives a row's id (default: ``row.id``)."""
    from core.db import db

    key = key or (lambda row: row.id)
    last = None
    while True:
        page = stmt if last is None else stmt.where(id_column < last if descending else id_column > last)
        page = page.order_by(None).order_by(id_column.desc() if descending else id_column).limit(size)
        rows = db.session.scalars(page).all() if scalars else db.session.execute(page).all()
        yield from rows
        if len(rows) < size:
            return
        last = key(rows[-1])


def local_time(moment: datetime | None) -> str:
    """A moment as Bangkok local time, to the minute (``2026-12-07T09:30+07:00``)."""
    if moment is None:
        return ""
    from core.i18n.formatting import local

    return local(moment).isoformat(timespec="minutes")
