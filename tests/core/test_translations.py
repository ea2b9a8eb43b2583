"""All UI text is translatable, and Thai — the default — covers all of it."""

from core.i18n.extract import messages, untranslated


def test_the_code_has_translatable_messages():
    assert len(messages()) > 50


def test_every_message_has_a_thai_translation():
    missing = untranslated("th")
    listing = "\n".join(f"  {m!r}  ({', '.join(sorted(f))})" for m, f in sorted(missing.items()))
    assert not missing, f"{len(missing)} messages lack a Thai translation:\n{listing}"
