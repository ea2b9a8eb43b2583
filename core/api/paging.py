"""Paging of every API collection: ``?page=`` (from 1) and ``?limit=`` (1 to
100) in, the page's items out with the total and links to the other pages in
the headers (``X-Total-Count``; ``Link`` with rel first/prev/next/last, as
RFC 8288 has it). A body that is an object with ``items`` also gets ``page``,
``pages``, ``limit`` and ``total``.

A view returns a ``select()`` (paged in the database: one count, one page) or
a list (paged in memory, for collections that are small by nature)::

    @blp.route("/loans")
    class Loans(MethodView):
        @api_require("welfare.loans.view")
        @blp.arguments(LoanArgs, location="query")
        @blp.response(200, LoanOut(many=True))
        @paged(blp)
        def get(self, args):
            return queries.loans_query(**args)
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from flask import request
from marshmallow import EXCLUDE, Schema, fields, validate

from core.paging import Page
from core.paging import paginate as one_page

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
MAX_PAGE = 1_000_000

TOTAL_HEADER = "X-Total-Count"
HEADERS_DOC = {
    TOTAL_HEADER: {
        "description": "How many items the collection holds (all pages)",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Link": {
        "description": 'Links to the other pages: rel="first", "prev", "next" and "last"',
        "schema": {"type": "string"},
    },
}


class PageArgs(Schema):
    class Meta:
        unknown = EXCLUDE  # the operation's own query arguments

    page = fields.Integer(
        load_default=1, validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": "Page number, from 1; past the last page the page is empty"},
    )  # fmt: skip
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Items per page (at most {MAX_LIMIT})"},
    )  # fmt: skip


class PageFields(Schema):
    """The page's figures in a body that is an object with ``items``."""

    page = fields.Integer()
    pages = fields.Integer()
    limit = fields.Integer()
    total = fields.Integer()
    more = fields.Boolean(metadata={"description": "Whether a next page exists"})


def paginate(source, page: int = 1, limit: int = DEFAULT_LIMIT) -> Page:
    """One page of ``source`` (see :func:`core.paging.paginate`); past the last
    page the page is empty, as the ``page`` argument's description says."""
    return one_page(source, page, limit, clamp=False)


def page_headers(page: Page) -> dict[str, str]:
    links = {"first": 1, "last": page.pages}
    if page.page > 1:
        links["prev"] = min(page.page - 1, page.pages)
    if page.has_next:
        links["next"] = page.page + 1
    return {
        TOTAL_HEADER: str(page.total),
        "Link": ", ".join(f'<{_page_url(n)}>; rel="{rel}"' for rel, n in links.items()),
    }


def _page_url(number: int) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    return f"{request.path}?{urlencode([*args, ('page', number)])}"


def paged(blp, present=None):
    """Page what the view returns (see the module's docstring). Goes right
    above the view, under ``blp.response``. ``present`` turns one page's items
    into what the response schema dumps (e.g. adds figures per row)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, page: int, limit: int, **kwargs):
            result = view(*args, **kwargs)
            source = result["items"] if isinstance(result, dict) else result
            one = paginate(source, page, limit)
            headers = page_headers(one)
            items = present(one.items) if present else one.items
            if isinstance(result, dict):
                return {**result, **one.as_dict(), "items": items}, 200, headers
            return items, 200, headers

        wrapper = blp.arguments(PageArgs, location="query", as_kwargs=True)(wrapper)
        return blp.doc(responses={200: {"headers": HEADERS_DOC}})(wrapper)

    return decorator
