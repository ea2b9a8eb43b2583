"""An item's unit as people read it: the English words staff may type (``kg``,
``bottle``) in Thai when the page or message is Thai (``กก.``, ``ขวด``); a unit
typed in Thai, or one not known here, shows as typed."""

from __future__ import annotations

from flask_babel import get_locale

from market import bp

THAI = {
    "kg": "กก.", "kilo": "กก.", "kilogram": "กก.", "g": "กรัม", "gram": "กรัม",
    "l": "ลิตร", "litre": "ลิตร", "liter": "ลิตร", "ml": "มล.",
    "piece": "ชิ้น", "pcs": "ชิ้น", "pc": "ชิ้น", "bottle": "ขวด", "bar": "ก้อน", "bag": "ถุง",
    "box": "กล่อง", "pack": "แพ็ก", "can": "กระป๋อง", "tray": "แผง", "dozen": "โหล",
    "bunch": "กำ", "set": "ชุด", "kit": "ชุด", "sack": "กระสอบ", "ton": "ตัน",
}


def in_thai(unit: str | None) -> str:
    text = (unit or "").strip()
    return THAI.get(text.lower(), text)


def unit_label(unit: str | None, lang: str | None = None) -> str:
    """The unit in the language of the request (or ``lang``)."""
    if lang is None:
        try:
            locale = get_locale()
        except Exception:  # noqa: BLE001 - outside a request: Thai, the default
            locale = None
        lang = locale.language if locale else "th"
    return in_thai(unit) if lang == "th" else (unit or "").strip()


bp.add_app_template_filter(unit_label, "unit")
