"""The kernel's one pager (core.paging): numbers from the address bar, the
last page for pages people click through, an empty page for the API."""

from __future__ import annotations

import pytest

from core.paging import Page, page_number, paginate


@pytest.mark.parametrize(("raw", "number"), [("3", 3), ("", 1), (None, 1), ("0", 1), ("-2", 1), ("x", 1),
                                             ("๒", 2), ("9" * 30, 1), ("50", 10)])
def test_page_numbers_from_the_address_bar(raw, number):
    assert page_number(raw, last=10) == number


def test_a_list_is_cut_into_pages():
    first = paginate(list(range(45)), 1, 20)
    assert (first.items, first.pages, first.has_prev, first.has_next) == (list(range(20)), 3, False, True)
    last = paginate(list(range(45)), 3, 20)
    assert (last.items, last.has_prev, last.has_next) == (list(range(40, 45)), True, False)


def test_past_the_end_shows_the_last_page_or_none_for_the_api():
    assert paginate(list(range(45)), "99", 20).page == 3
    api = paginate(list(range(45)), 99, 20, clamp=False)
    assert (api.page, api.items, api.has_next) == (99, [], False)


def test_an_empty_list_is_one_empty_page():
    page = paginate([], 1, 20)
    assert (page.items, page.page, page.pages, page.total, page.has_next) == ([], 1, 1, 0, False)


def test_the_api_figures():
    assert Page([1], 2, 1, 3).as_dict() == {"items": [1], "page": 2, "pages": 3, "limit": 1, "total": 3,
                                            "more": True}
