"""Every message marshmallow can send about a field has a Thai form, so a
validation error never reaches a Thai caller in English (a new marshmallow
message fails here until it is added to core.api.messages)."""

from __future__ import annotations

import inspect

import marshmallow
from flask_babel import force_locale
from marshmallow import fields, validate

from core.api.messages import translate, translate_tree


def _field_messages() -> set[str]:
    found = set()
    for _name, cls in inspect.getmembers(fields, inspect.isclass):
        if issubclass(cls, fields.Field):
            for klass in cls.__mro__:
                found.update(getattr(klass, "default_error_messages", {}).values())
    return found


def _sent(template: str) -> list[str]:
    """The template as marshmallow fills it in (each kind of value it uses)."""
    values = {"input": "2569-13-45", "choices": "a, b", "values": "c", "other": "x", "min": 1,
              "max": 100, "equal": 13, "awareness": "naive"}  # fmt: skip
    kinds = ("datetime", "date", "time") if "obj_type" in template else (None,)
    if "awareness" in template:  # only dates with a time have a time zone
        kinds = ("datetime", "time")
    return [template.format(**values, obj_type=kind) for kind in kinds]


def _ranges() -> list[str]:
    out = []
    for lo_inc in (True, False):
        for hi_inc in (True, False):
            for lo, hi in ((1, 100), (1, None), (None, 100)):
                rule = validate.Range(min=lo, max=hi, min_inclusive=lo_inc, max_inclusive=hi_inc)
                try:
                    rule(10**9 if hi else -(10**9))
                except marshmallow.ValidationError as exc:
                    out += exc.messages
    return out


def _validators() -> list[str]:
    rules = [
        (validate.Length(min=2, max=5), "a"), (validate.Length(min=2), "a"),
        (validate.Length(max=1), "ab"), (validate.Length(equal=3), "ab"),
        (validate.OneOf(["a", "b"]), "c"), (validate.Equal("x"), "y"),
        (validate.ContainsOnly(["a"]), ["b"]), (validate.NoneOf(["a"]), "a"),
        (validate.Regexp(r"\d+"), "x"), (validate.Email(), "x"), (validate.URL(), "x"),
    ]  # fmt: skip
    out = []
    for rule, value in rules:
        try:
            rule(value)
        except marshmallow.ValidationError as exc:
            out += exc.messages
    return out


def test_every_marshmallow_message_has_a_thai_form(app):
    sent = [m for t in _field_messages() for m in _sent(t)] + _ranges()
    sent += _validators() + ["Invalid JSON body."]
    with app.test_request_context(), force_locale("th"):
        english = [m for m in sent if translate(m) == m or translate(m).isascii()]
    assert not english, english


def test_values_are_kept_and_the_shape_of_the_errors_too(app):
    errors = {"json": {"amount": ["Must be greater than or equal to 1 and less than or equal to 100."],
                       "lines": {"0": {"qty": ["Not a valid integer."]}}}}  # fmt: skip
    with app.test_request_context(), force_locale("th"):
        assert translate_tree(errors) == {
            "json": {"amount": ["ต้องอยู่ระหว่าง 1 ถึง 100"], "lines": {"0": {"qty": ["ต้องเป็นจำนวนเต็ม"]}}}
        }
    with app.test_request_context(), force_locale("en"):
        assert translate("Must be greater than 0.") == "Must be more than 0."
        assert translate("Our own message") == "Our own message"
