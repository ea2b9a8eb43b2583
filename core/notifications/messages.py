"""Message templates, in Thai and English, keyed by a stable template key.

A template is a subject and a body with ``{name}`` placeholders filled from the
notification's params. The notification's own ``lang`` picks the text (not the
language of whoever queued it). An unknown key or a missing parameter fails at
queue time, never at delivery.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

LANGS = ("th", "en")


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


class UnknownTemplate(LookupError):
    """A programming error: a notification names a template that does not exist."""


class MissingParameter(KeyError):
    """A template placeholder has no value in the params."""


TEMPLATES: dict[str, dict[str, Text]] = {
    "test.hello": {
        "en": Text("Hello from Pansuk", "Hello {name}, this is a test message."),
        "th": Text("สวัสดีจากปันสุข", "สวัสดีคุณ{name} นี่คือข้อความทดสอบ"),
    },
    "auth.claim_code": {
        "en": Text(
            "Your Pansuk code",
            "Your code is {code}. It expires in {minutes} minutes. Do not share it with anyone.",
        ),
        "th": Text(
            "รหัสยืนยันปันสุข",
            "รหัสของคุณคือ {code} ใช้ได้ภายใน {minutes} นาที ห้ามบอกรหัสนี้กับผู้อื่น",
        ),
    },
    "registry.import_done": {
        "en": Text(
            "Import finished",
            "The import of {filename} has finished: {created} added, {updated} updated, {errors} errors.",
        ),
        "th": Text(
            "นำเข้าข้อมูลเสร็จแล้ว",
            "นำเข้าไฟล์ {filename} เสร็จแล้ว: เพิ่ม {created} รายการ แก้ไข {updated} รายการ ผิดพลาด {errors} รายการ",
        ),
    },
    "generic.message": {
        "en": Text("{subject}", "{body}"),
        "th": Text("{subject}", "{body}"),
    },
}


def register_templates(templates: dict[str, dict[str, Text]]) -> None:
    """Domains add their message templates (Thai and English both required)."""
    for key, texts in templates.items():
        if set(texts) != set(LANGS):
            raise ValueError(f"template {key!r} needs exactly {LANGS}")
        if key in TEMPLATES and TEMPLATES[key] != texts:
            raise ValueError(f"template {key!r} registered twice")
        TEMPLATES[key] = texts


def placeholders(text: Text) -> set[str]:
    fields = string.Formatter().parse(text.subject + "\n" + text.body)
    return {name for _, name, _, _ in fields if name}


def template(key: str, lang: str) -> Text:
    try:
        versions = TEMPLATES[key]
    except KeyError:
        raise UnknownTemplate(f"unknown notification template {key!r}") from None
    return versions.get(lang) or versions["en"]


def check(key: str, params: dict) -> None:
    """Fail now if ``key`` is unknown or any language lacks a parameter."""
    for lang in LANGS:
        missing = placeholders(template(key, lang)) - params.keys()
        if missing:
            raise MissingParameter(f"template {key!r} needs {sorted(missing)}")


class _Queued(dict):
    """The parameters a notification was queued with. A Thai form of a value
    (``unit_th``) added to a template after rows were queued falls back to the
    value they carry (``unit``), so those rows still render."""

    def __missing__(self, key: str) -> str:
        if key.endswith("_th") and key[:-3] in self:
            return self[key[:-3]]
        raise KeyError(key)


def render(key: str, lang: str, params: dict) -> Rendered:
    text = template(key, lang)
    values = _Queued({k: str(v) for k, v in params.items()})
    return Rendered(subject=text.subject.format_map(values), body=text.body.format_map(values))
