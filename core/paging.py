"""One page of a list, for every page and API collection of every domain.

:func:`paginate` takes a ``select()`` (SQLAlchemy 2.0 style, ordered) and
runs two statements, the count and the page; or a sequence, for lists that
are small by nature. A page number past the last page shows the last page
(``clamp``, for pages people click through) or an empty page (for the API,
whose clients follow ``Link`` headers). Items are the selected objects when
one entity or column is selected, and rows (tuples that also answer to their
column names) when several are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from core.db import db

PER_PAGE = 50
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Page:
    """One page of a list: its items, its number (from 1), how many items a
    page holds and how many the whole list holds."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def limit(self) -> int:
        """``per_page`` as the API names it."""
        return self.per_page

    def as_dict(self) -> dict:
        """The page's figures as the API writes them, with its items."""
        return {"items": self.items, "page": self.page, "pages": self.pages,
                "limit": self.per_page, "total": self.total, "more": self.has_next}  # fmt: skip


def page_number(raw: object, last: int = MAX_PAGE) -> int:
    """A page number from the address bar: from 1 to ``last``; junk is 1."""
    from core.forms.parse import id_or_none

    return min(id_or_none(raw) or 1, last)


def paginate(source: sa.Select | Sequence | Any, page: int | str | None = 1, per_page: int = PER_PAGE, *,
             clamp: bool = True) -> Page:
    """One page of ``source``: a ``select()`` (counted and cut in the
    database) or a sequence. ``page`` may come straight from the address bar."""
    number = page_number(page)
    if isinstance(source, sa.Select):
        total = db.session.scalar(sa.select(sa.func.count()).select_from(source.order_by(None).subquery())) or 0
    else:
        if not isinstance(source, Sequence):
            source = list(source)
        total = len(source)
    if clamp:
        number = min(number, max(1, -(-total // per_page)))
    offset = (number - 1) * per_page
    if not isinstance(source, sa.Select):
        return Page(list(source[offset : offset + per_page]), number, per_page, total)
    window = source.limit(per_page).offset(offset)
    if len(source.column_descriptions) == 1:
        scalars = db.session.scalars(window)
        # one entity per row (joined eager loads repeat it); a column's values stay as they are
        items: list = list(scalars.unique() if isinstance(source.column_descriptions[0]["type"], type) else scalars)
    else:
        items = list(db.session.execute(window).all())
    return Page(items, number, per_page, total)
