"""Dates in the Buddhist Era for Thai (``23 พ.ย. 2569``), Gregorian in English;
money as ``฿1,234.50``."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import get_locale

from core.money import Money

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543  # พ.ศ. = ค.ศ. + 543: the one constant of the kernel
BE_THRESHOLD = 2400  # a four-digit year from here on is Buddhist Era

TH_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
TH_MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
EN_MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
EN_MONTHS_LONG = ("January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December")  # fmt: skip


def _lang(lang: str | None) -> str:
    if lang:
        return lang
    try:
        loc = get_locale()
    except Exception:  # outside a request
        loc = None
    return loc.language if loc else "th"


def local(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(BANGKOK)


def format_date(value: date | datetime | None, form: str = "short", lang: str | None = None) -> str:
    """``23 พ.ย. 2569`` / ``23 พฤศจิกายน 2569`` in Thai; ``23 Nov 2026`` in English."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    lang = _lang(lang)
    if lang == "th":
        months = TH_MONTHS_LONG if form == "long" else TH_MONTHS_SHORT
        return f"{value.day} {months[value.month - 1]} {value.year + BE_OFFSET}"
    months = EN_MONTHS_LONG if form == "long" else EN_MONTHS_SHORT
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_datetime(value: datetime | None, form: str = "short", lang: str | None = None) -> str:
    if value is None:
        return ""
    when = local(value)
    return f"{format_date(when, form, lang)} {when:%H:%M}"


def format_thb(value: Money | int | None, symbol: bool = True) -> str:
    """``฿1,234.50`` from a Money or integer satang."""
    if value is None:
        return ""
    satang = value.satang if isinstance(value, Money) else int(value)
    sign = "-" if satang < 0 else ""
    baht, rest = divmod(abs(satang), 100)
    return f"{sign}{'฿' if symbol else ''}{baht:,}.{rest:02d}"


def format_year(year: int | None, lang: str | None = None) -> str:
    """A year (stored in the Common Era) as the reader counts it: 2569 in Thai."""
    if year is None:
        return ""
    return str(year + BE_OFFSET if _lang(lang) == "th" else year)


def typed_year(text: object) -> int | None:
    """A year typed in either era (``2569`` or ``2026``) in the Common Era;
    None when it is not a number."""
    try:
        year = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def init_app(app: Flask) -> None:
    from core.i18n import labels, memos

    app.add_template_filter(format_year, "be_year")
    app.add_template_filter(labels.status_label, "status_label")
    app.add_template_filter(labels.unit_label, "unit_label")
    app.add_template_filter(labels.channel_label, "channel_label")
    app.add_template_filter(labels.book_label, "book_label")
    app.add_template_filter(memos.memo, "memo")
    app.add_template_filter(format_date, "be_date")
    app.add_template_filter(format_datetime, "be_datetime")
    app.add_template_filter(format_thb, "thb")
