"""The one CSV writer: formula-safe, empty cells empty, money from satang
without floats, UTF-8 with a BOM, streamed inside the tenant."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from core import csv_export
from core.csv_export import Satang
from core.money import Money


def parse(text: str) -> list[list[str]]:
    assert text.startswith(csv_export.BOM)
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize("dangerous", ["=1+1", "+66812345678", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                                       "=HYPERLINK(\"http://evil\")"])
def test_text_that_a_spreadsheet_would_run_is_prefixed(dangerous):
    [_, row] = parse(csv_export.text(["a"], [[dangerous]]))
    assert row == ["'" + dangerous]


def test_empty_cells_stay_empty_and_safe_text_is_untouched():
    [_, row] = parse(csv_export.text(["a", "b", "c", "d"], [[None, "", "ข้าวสาร 5 กก.", "a=b"]]))
    assert row == ["", "", "ข้าวสาร 5 กก.", "a=b"]


@pytest.mark.parametrize(("satang", "text"), [
    (0, "0.00"), (5, "0.05"), (-5, "-0.05"), (12350, "123.50"), (-123456, "-1234.56"),
    (10**17 + 1, "1000000000000000.01"),  # beyond a float's exact integers
])
def test_money_is_written_from_satang_without_floats(satang, text):
    [_, row] = parse(csv_export.text(["m", "n"], [[Satang(satang), Money(satang)]]))
    assert row == [text, text]


def test_numbers_and_dates_are_not_text_and_never_prefixed():
    [_, row] = parse(csv_export.text(["n", "d", "b"], [[-3, date(2026, 12, 7), True]]))
    assert row == ["-3", "2026-12-07", "1"]


def test_baht_refuses_a_float():
    with pytest.raises(TypeError):
        csv_export.baht(12.5)


def test_a_streamed_download_is_utf8_with_bom_and_a_safe_name(app):
    with app.test_request_context("/"):
        response = csv_export.response("ครัวเรือน 2569", ["ชื่อ"], lambda: iter([["=cmd"], ["สมชาย"]]), stream=True)
        assert response.is_streamed and response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"] == "attachment; filename=2569.csv"
        body = b"".join(response.iter_encoded()).decode("utf-8")
    assert parse(body) == [["ชื่อ"], ["'=cmd"], ["สมชาย"]]
