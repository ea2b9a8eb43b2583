"""The one clock: "today" is the date in Thailand (Asia/Bangkok, the
tenants' time zone), never the server's UTC date, which is yesterday's
before 07:00."""

from __future__ import annotations

from datetime import date, datetime

from core.i18n.formatting import BANGKOK


def today() -> date:
    return datetime.now(BANGKOK).date()


def local_date(moment: datetime) -> date:
    """The date in Thailand at ``moment`` (an aware time; a naive one is UTC)."""
    from core.i18n.formatting import local

    return local(moment).date()
