"""Field messages of request validation in the caller's language.

marshmallow and webargs write their messages in English, already filled in
("Must be greater than or equal to 1."). Each known form is matched here and
given again through gettext with its values, so a Thai caller reads Thai; a
message we do not know (a schema's own, already a msgid) goes through gettext
as it is."""

from __future__ import annotations

import re

from flask_babel import gettext

from core.errors import N_

# (English as sent, with {name} for a value) -> msgid with %(name)s
_FORMS: list[tuple[str, str]] = [
    ("Missing data for required field.", N_("Missing data for required field.")),
    ("Field may not be null.", N_("Field may not be null.")),
    ("Unknown field.", N_("Unknown field.")),
    ("Invalid input type.", N_("Invalid input type.")),
    ("Invalid input.", N_("Invalid input.")),
    ("Invalid type.", N_("Invalid type.")),
    ("Invalid value.", N_("Invalid value.")),
    ("Invalid JSON body.", N_("Invalid JSON body.")),
    ("Not a valid integer.", N_("Not a valid integer.")),
    ("Not a valid number.", N_("Not a valid number.")),
    ("Number too large.", N_("Number too large.")),
    ("Special numeric values (nan or infinity) are not permitted.",
     N_("Special numeric values (nan or infinity) are not permitted.")),
    ("Not a valid string.", N_("Not a valid string.")),
    ("Not a valid utf-8 string.", N_("Not a valid utf-8 string.")),
    ("Not a valid boolean.", N_("Not a valid boolean.")),
    ("Not a valid list.", N_("Not a valid list.")),
    ("Not a valid tuple.", N_("Not a valid tuple.")),
    ("Not a valid mapping type.", N_("Not a valid mapping type.")),
    ("Not a valid date.", N_("Not a valid date.")),
    ("Not a valid datetime.", N_("Not a valid date and time.")),
    ("Not a valid time.", N_("Not a valid time.")),
    ("Not a valid naive datetime.", N_("Not a valid date and time without a time zone.")),
    ("Not a valid aware datetime.", N_("Not a valid date and time with a time zone.")),
    ("Not a valid naive time.", N_("Not a valid time without a time zone.")),
    ("Not a valid aware time.", N_("Not a valid time with a time zone.")),
    ("Not a valid period of time.", N_("Not a valid period of time.")),
    ("Not a valid email address.", N_("Not a valid email address.")),
    ("Not a valid URL.", N_("Not a valid URL.")),
    ("Not a valid UUID.", N_("Not a valid UUID.")),
    ("Not a valid IP address.", N_("Not a valid IP address.")),
    ("Not a valid IPv4 address.", N_("Not a valid IP address.")),
    ("Not a valid IPv6 address.", N_("Not a valid IP address.")),
    ("Not a valid IP interface.", N_("Not a valid IP address.")),
    ("Not a valid IPv4 interface.", N_("Not a valid IP address.")),
    ("Not a valid IPv6 interface.", N_("Not a valid IP address.")),
    ("Not a valid file.", N_("Not a valid file.")),
    ("String does not match expected pattern.", N_("String does not match expected pattern.")),
    ("Must be one of: {choices}.", N_("Must be one of: %(choices)s.")),
    ("Must be equal to {other}.", N_("Must be equal to %(other)s.")),
    ("One or more of the choices you made was not in: {choices}.",
     N_("One or more of the choices is not one of: %(choices)s.")),
    ("One or more of the choices you made was in: {values}.",
     N_("One or more of the choices is one of: %(values)s.")),
    ("Shorter than minimum length {min}.", N_("Shorter than the minimum length %(min)s.")),
    ("Longer than maximum length {max}.", N_("Longer than the maximum length %(max)s.")),
    ("Length must be between {min} and {max}.", N_("Length must be between %(min)s and %(max)s.")),
    ("Length must be {equal}.", N_("Length must be %(equal)s.")),
    ("\"{input}\" cannot be formatted as a date.", N_("\"%(input)s\" is not a date.")),
    ("\"{input}\" cannot be formatted as a datetime.", N_("\"%(input)s\" is not a date and time.")),
    ("\"{input}\" cannot be formatted as a time.", N_("\"%(input)s\" is not a time.")),
    ("'{input}' cannot be formatted as a timedelta.", N_("\"%(input)s\" is not a period of time.")),
    ("Must be greater than or equal to {min}.", N_("Must be at least %(min)s.")),
    ("Must be greater than {min}.", N_("Must be more than %(min)s.")),
    ("Must be less than or equal to {max}.", N_("Must be at most %(max)s.")),
    ("Must be less than {max}.", N_("Must be less than %(max)s.")),
    ("Must be greater than or equal to {min} and less than or equal to {max}.",
     N_("Must be from %(min)s to %(max)s.")),
    ("Must be greater than {min} and less than or equal to {max}.",
     N_("Must be more than %(min)s and at most %(max)s.")),
    ("Must be greater than or equal to {min} and less than {max}.",
     N_("Must be at least %(min)s and less than %(max)s.")),
    ("Must be greater than {min} and less than {max}.",
     N_("Must be more than %(min)s and less than %(max)s.")),
]


def _pattern(english: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", english)
    regex = "".join(
        f"(?P<{part}>.+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


# The longest form first: "Must be greater than or equal to {min}." would
# otherwise swallow "… {min} and less than or equal to {max}."
_COMPILED = [(_pattern(e), msgid) for e, msgid in sorted(_FORMS, key=lambda f: -len(f[0]))]


def translate(message: str) -> str:
    for pattern, msgid in _COMPILED:
        match = pattern.match(message)
        if match:
            return gettext(msgid, **match.groupdict()) if match.groupdict() else gettext(msgid)
    return gettext(message)


def translate_tree(messages):
    """The messages of a validation error (nested dicts and lists of strings),
    each translated; the structure is kept."""
    if isinstance(messages, str):
        return translate(messages)
    if isinstance(messages, dict):
        return {key: translate_tree(value) for key, value in messages.items()}
    if isinstance(messages, list | tuple):
        return [translate_tree(value) for value in messages]
    return messages
