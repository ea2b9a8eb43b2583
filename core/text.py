"""Text that people type: the Unicode tricks refused everywhere (invisible
controls, bidirectional overrides) and the checks for names (zero-width
characters dropped, one script per word so a Cyrillic "а" cannot pass for a
Latin "a")."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls but tab and newlines, bidirectional embeddings, overrides
# and isolates, the BOM in the middle of text, interlinear annotations.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]"
)
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


def has_forbidden(text: str) -> bool:
    return bool(FORBIDDEN.search(text))


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for script in (
        "LATIN",
        "THAI",
        "CYRILLIC",
        "GREEK",
        "LAO",
        "KHMER",
        "MYANMAR",
        "ARABIC",
        "CJK",
        "HANGUL",
    ):
        if name.startswith(script) or f" {script} " in f" {name} ":
            return script
    return name.split(" ", 1)[0] or None


def mixed_script_words(text: str) -> list[str]:
    """Words written in more than one script (Thai beside English in separate
    words is normal; inside one word it is a disguise)."""
    found = []
    for word in re.findall(r"\w+", text):
        scripts = {s for s in map(_script, word) if s}
        if len(scripts) > 1:
            found.append(word)
    return found


def clean_name(raw: str | None) -> str:
    """NFC, zero-width characters dropped, runs of spaces collapsed."""
    text = unicodedata.normalize("NFC", raw or "")
    text = ZERO_WIDTH.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def walk_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from walk_strings(k)
            yield from walk_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk_strings(v)
