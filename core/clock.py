"""The one clock: "today" and "now" are the bound tenant's local date and time
(each tenant has a ``timezone``, Asia/Bangkok unless set), never the server's
UTC date, which in Thailand is yesterday's before 07:00.

Every module asks this one for the date: the server's own date and naive
times are refused by the linter (ruff's DTZ rules).

A tenant's zone is learnt whenever its row is loaded (an ORM ``load`` event,
see :func:`remember_zone`), so asking the clock costs no query; before the
tenant has been seen in this process, or outside any tenant, the clock uses
Asia/Bangkok, the zone of every tenant today.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.i18n.formatting import BANGKOK
from core.tenancy.context import current_tenant_id

_zones: dict[int, str] = {}
_fixed: datetime | None = None


@lru_cache(maxsize=64)
def _zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return BANGKOK


def remember_zone(tenant_id: int, name: str | None) -> None:
    """Record a tenant's time zone (called when its row is loaded or saved)."""
    if name:
        _zones[tenant_id] = name


def zone(tenant_id: int | None = None) -> ZoneInfo:
    """The time zone of ``tenant_id`` (default: the bound tenant)."""
    tid = tenant_id if tenant_id is not None else current_tenant_id()
    name = _zones.get(tid) if tid is not None else None
    return _zone_named(name) if name else BANGKOK


def now(tenant_id: int | None = None) -> datetime:
    """The tenant's local time, aware."""
    here = zone(tenant_id)
    return _fixed.astimezone(here) if _fixed is not None else datetime.now(here)


def today(tenant_id: int | None = None) -> date:
    """The tenant's local date."""
    return now(tenant_id).date()


@contextmanager
def fixed_at(instant: datetime) -> Iterator[None]:
    """Stop the clock at an aware ``instant`` (for tests of the hours when
    Thailand's date is not the server's: 00:00-07:00 in Bangkok)."""
    global _fixed
    if instant.tzinfo is None:
        raise ValueError("fixed_at needs an aware datetime")
    before, _fixed = _fixed, instant
    try:
        yield
    finally:
        _fixed = before


def local_date(moment: datetime, tenant_id: int | None = None) -> date:
    """The tenant's date at ``moment`` (an aware time; a naive one is UTC)."""
    from datetime import UTC

    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone(tenant_id)).date()
