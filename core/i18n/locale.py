"""Choosing the language of a request: the user's choice (remembered in the
session and on their account; for the JSON API, the client's Accept-Language
first), else Thai."""

from __future__ import annotations

from flask import Flask, request, session
from flask_login import current_user

from core.i18n.catalog import TRANSLATIONS, compile_catalog

SUPPORTED = ("th", "en")
DEFAULT = "th"


def select_locale() -> str:
    lang = request.args.get("lang") if request else None
    if lang in SUPPORTED:
        return lang
    lang = session.get("lang")
    if lang in SUPPORTED:
        return lang
    if request and request.path.startswith("/api/"):
        # An API client says which language it shows its people
        lang = request.accept_languages.best_match(SUPPORTED)
        if lang:
            return lang
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.lang in SUPPORTED:
            return current_user.lang
    return DEFAULT


def init_app(app: Flask, babel) -> None:
    compile_catalog("th")
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS),
    )
    from core.i18n import formatting

    formatting.init_app(app)
