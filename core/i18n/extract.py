"""Finding every translatable message in the code and templates, so a test
can insist that each one has a Thai translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from core.config import ROOT
from core.i18n.catalog import merged

PACKAGES = ("core", "market", "welfare", "producers")
METHOD_MAP = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.do", "trimmed": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None}


def messages(root: Path = ROOT) -> dict[str, set[str]]:
    """msgid -> the files it appears in."""
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        base = root / package
        if not base.exists():
            continue
        for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(base), METHOD_MAP, OPTIONS, keywords=KEYWORDS
        ):
            ids = message if isinstance(message, tuple) else (message,)
            for msgid in ids:
                if msgid:
                    found.setdefault(msgid, set()).add(f"{package}/{filename}")
    return found


def untranslated(locale: str = "th") -> dict[str, set[str]]:
    catalog = merged(locale)
    return {m: files for m, files in messages().items() if not (catalog.get(m) and catalog.get(m).string)}
