"""The Thai catalogue: kept as text (``translations/th/parts/*.po``, one part per
area so people can work side by side) and compiled into ``messages.mo`` by the
install, never committed as a binary."""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def parts(locale: str = "th") -> list[Path]:
    return sorted((TRANSLATIONS / locale / "parts").glob("*.po"))


def merged(locale: str = "th") -> Catalog:
    catalog = Catalog(locale=locale, domain="messages")
    for path in parts(locale):
        with path.open("rb") as fh:
            part = read_po(fh, locale=locale)
        for message in part:
            if message.id and message.string:
                catalog.add(message.id, message.string, context=message.context)
    return catalog


def mo_path(locale: str = "th") -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo"


def compile_catalog(locale: str = "th", force: bool = False) -> Path:
    """Write ``messages.mo`` when a part is newer than it (or when forced)."""
    target = mo_path(locale)
    sources = parts(locale)
    if not force and target.exists() and sources:
        newest = max(p.stat().st_mtime for p in sources)
        if target.stat().st_mtime >= newest:
            return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".mo.{os.getpid()}.tmp")  # two builds at once each replace whole
    with tmp.open("wb") as fh:
        write_mo(fh, merged(locale))
    tmp.replace(target)
    return target
