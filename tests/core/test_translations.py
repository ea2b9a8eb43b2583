"""All UI text is translatable, and Thai — the default — covers all of it."""

import pytest

from core.i18n.extract import messages, untranslated

pytestmark = pytest.mark.own_settings  # the catalogues and the code, no database


def test_the_code_has_translatable_messages():
    assert len(messages()) > 50


def test_every_message_has_a_thai_translation():
    missing = untranslated("th")
    listing = "\n".join(f"  {m!r}  ({', '.join(sorted(f))})" for m, f in sorted(missing.items()))
    assert not missing, f"{len(missing)} messages lack a Thai translation:\n{listing}"


def test_no_message_is_translated_two_ways():
    """Parts are merged into one catalogue: the same msgid in two parts must
    agree, or one of them silently wins."""
    from babel.messages.pofile import read_po

    from core.i18n.catalog import parts

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in parts("th"):
        with path.open("rb") as fh:
            for message in read_po(fh, locale="th"):
                if not message.id or not message.string:
                    continue
                if message.id in seen and seen[message.id][1] != message.string:
                    clashes.append(f"{message.id!r}: {seen[message.id][0]} vs {path.name}")
                seen.setdefault(message.id, (path.name, message.string))
    assert not clashes, clashes
